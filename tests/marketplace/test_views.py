from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.models import BidStatus, Job, JobStatus
from notifications.models import Notification
from tests.factories import (
    BidFactory,
    JobFactory,
    MembershipFactory,
)
from tests.utils import JOB_ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def bids(job, provider_member, other_provider):
    """A bid from provider_member's firm and one from other_provider's firm."""
    own = BidFactory(
        job=job,
        organization=provider_member.memberships.get().organization,
        submitted_by=provider_member,
        price=1111,
    )
    rival = BidFactory(
        job=job,
        organization=other_provider.memberships.get().organization,
        submitted_by=other_provider,
        price=2222,
    )
    return own, rival


EXPECTED_BID_COMPARISON = {
    "anonymous": 302,
    "buyer": 200,
    "other_buyer": 403,
    "provider_member": 403,
    "other_provider": 403,
    "staff": 403,
}


@pytest.mark.parametrize("role", JOB_ROLES)
def test_only_the_jobs_buyer_compares_bids(as_role, job, bids, role):
    response = as_role(role).get(reverse("marketplace:bid_comparison", args=[job.pk]))

    assert response.status_code == EXPECTED_BID_COMPARISON[role]
    if role == "buyer":
        body = response.content.decode()
        assert "1,111.00 USD" in body
        assert "2,222.00 USD" in body


@pytest.mark.parametrize("role", JOB_ROLES)
def test_bids_are_sealed_on_the_job_page(as_role, job, bids, role):
    response = as_role(role).get(job.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "<dt>Bids</dt><dd>2</dd>" in body
    # A firm sees its own price, never a rival's; nobody else sees any.
    assert ("1,111.00 USD" in body) == (role == "provider_member")
    assert ("2,222.00 USD" in body) == (role == "other_provider")


@pytest.mark.parametrize("role", JOB_ROLES)
def test_draft_is_seen_only_by_its_buyer(as_role, buyer, role):
    draft = JobFactory(buyer=buyer, draft=True)

    response = as_role(role).get(draft.get_absolute_url())

    assert response.status_code == (200 if role == "buyer" else 404)


@pytest.mark.parametrize("role", JOB_ROLES)
def test_invite_only_job_is_seen_by_its_buyer_and_invitees(as_role, buyer, provider_member, role):
    job = JobFactory(buyer=buyer, invite_only=True)
    job.invitations.create(organization=provider_member.memberships.get().organization)

    detail = as_role(role).get(job.get_absolute_url())
    listed = as_role(role).get(reverse("marketplace:job_list"))

    can_see = role in ("buyer", "provider_member")
    assert detail.status_code == (200 if can_see else 404)
    assert (job.title in listed.content.decode()) == can_see


@pytest.mark.parametrize("role", JOB_ROLES)
def test_only_the_buyer_edits_or_awards(as_role, job, bids, role):
    own, _ = bids
    client = as_role(role)

    edit = client.get(reverse("marketplace:job_edit", args=[job.pk]))
    award = client.post(
        reverse("marketplace:job_award", args=[job.pk, own.pk]), {"bid_version": own.version}
    )

    if role == "buyer":
        assert edit.status_code == 200
        assert award.status_code == 302
        assert Job.objects.get(pk=job.pk).status == JobStatus.AWARDED
    else:
        assert edit.status_code in (302, 403)
        assert award.status_code in (302, 403)
        assert Job.objects.get(pk=job.pk).status == JobStatus.OPEN


@pytest.mark.parametrize("role", JOB_ROLES)
def test_only_provider_members_reach_the_bid_form(as_role, job, role):
    response = as_role(role).get(reverse("marketplace:bid_create", args=[job.pk]))

    expected = {"anonymous": 302, "provider_member": 200, "other_provider": 200}
    assert response.status_code == expected.get(role, 403)


def test_buyer_posts_a_job_through_the_form(client, buyer):
    client.force_login(buyer)
    deadline = timezone.now() + timedelta(days=5)

    response = client.post(
        reverse("marketplace:job_create"),
        {
            "title": "Label 5,000 product photos",
            "description": "Draw bounding boxes around products in shop photos.",
            "category": "data_entry",
            "skills": "annotation, computer vision",
            "budget_type": "hourly",
            "budget_min": "8",
            "budget_max": "12",
            "currency": "EUR",
            "bid_deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
            "delivery_date": (deadline + timedelta(days=20)).date().isoformat(),
            "visibility": "public",
            "publish": "1",
        },
        follow=True,
    )

    job = Job.objects.get(title="Label 5,000 product photos")
    assert job.status == JobStatus.OPEN
    assert "Your job is published." in response.content.decode()


def _late_job_form(**overrides):
    return {
        "title": "Late job",
        "description": "Too late.",
        "category": "research",
        "budget_type": "fixed",
        "budget_min": "100",
        "currency": "USD",
        "bid_deadline": "2020-01-01T10:00",
        "delivery_date": "2020-02-01",
        "visibility": "public",
        "publish": "1",
        **overrides,
    }


def test_bad_job_input_keeps_everything_and_explains(client, buyer):
    client.force_login(buyer)

    response = client.post(
        reverse("marketplace:job_create"),
        _late_job_form(
            title="Keep this title", description="And this description.", budget_min="-5"
        ),
    )

    assert response.status_code == 400
    assert "budget_min" in response.context["form"].errors
    body = response.content.decode()
    assert 'value="Keep this title"' in body
    assert "And this description." in body
    assert not Job.objects.exists()


def test_past_deadline_on_publish_is_explained_on_the_field(client, buyer):
    client.force_login(buyer)

    response = client.post(reverse("marketplace:job_create"), _late_job_form())

    assert response.context["form"].errors["bid_deadline"] == [
        "The bid deadline must be in the future."
    ]
    assert not Job.objects.exists()


def test_provider_bids_through_the_form_with_milestones(client, job, provider_member):
    client.force_login(provider_member)
    due = (timezone.now() + timedelta(days=10)).date().isoformat()

    response = client.post(
        reverse("marketplace:bid_create", args=[job.pk]),
        {
            "price": "1000",
            "delivery_days": "20",
            "proposal": "Two transcribers and one reviewer.",
            "milestones-TOTAL_FORMS": "3",
            "milestones-INITIAL_FORMS": "0",
            "milestones-0-title": "First 20 hours",
            "milestones-0-amount": "500",
            "milestones-0-due_date": due,
            "milestones-1-title": "Last 20 hours",
            "milestones-1-amount": "500",
            "milestones-1-due_date": due,
        },
        follow=True,
    )

    assert "Your bid is placed." in response.content.decode()
    bid = job.bids.get()
    assert bid.milestones.count() == 2
    assert Notification.objects.filter(recipient=job.buyer).count() == 1


def test_late_bid_through_the_form_is_refused_and_keeps_the_input(client, provider_member):
    job = JobFactory(past_deadline=True)
    client.force_login(provider_member)

    response = client.post(
        reverse("marketplace:bid_create", args=[job.pk]),
        {
            "price": "1000",
            "delivery_days": "20",
            "proposal": "Keep my proposal.",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "bids are no longer accepted" in body
    assert "Keep my proposal." in body


def test_whole_journey_through_the_pages(client, job, bids, provider_member):
    own, rival = bids
    buyer = job.buyer

    client.force_login(buyer)
    compare = client.get(reverse("marketplace:bid_comparison", args=[job.pk]), {"sort": "rating"})
    assert compare.status_code == 200
    client.post(
        reverse("marketplace:bid_decline", args=[job.pk, rival.pk]), {"reason": "Too expensive."}
    )
    client.post(reverse("marketplace:bid_shortlist", args=[job.pk, own.pk]), {"shortlisted": "1"})
    client.post(
        reverse("marketplace:job_award", args=[job.pk, own.pk]), {"bid_version": own.version}
    )

    client.force_login(provider_member)
    client.post(reverse("marketplace:award_accept", args=[job.pk]))
    client.post(reverse("marketplace:job_deliver", args=[job.pk]), {"message": "All done."})

    client.force_login(buyer)
    client.post(reverse("marketplace:revision_request", args=[job.pk]), {"reason": "Fix typos."})
    client.force_login(provider_member)
    client.post(reverse("marketplace:job_deliver", args=[job.pk]), {"message": "Typos fixed."})
    client.force_login(buyer)
    client.post(reverse("marketplace:delivery_accept", args=[job.pk]))
    client.post(reverse("marketplace:review_add", args=[job.pk]), {"rating": "5", "text": "Great"})

    client.force_login(provider_member)
    page = client.post(
        reverse("marketplace:review_add", args=[job.pk]),
        {"rating": "4", "text": "Fair"},
        follow=True,
    )
    assert "both reviews are now published" in page.content.decode()

    job.refresh_from_db()
    rival.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert rival.status == BidStatus.DECLINED
    assert job.reviews.count() == 2
    profile = client.get(
        reverse("marketplace:provider_profile", args=[own.organization.slug])
    ).content.decode()
    assert "5.0 ★" in profile
    assert "1 review" in profile


def test_service_refusal_is_shown_as_a_message(client, job, bids):
    own, _ = bids
    client.force_login(job.buyer)
    client.post(
        reverse("marketplace:job_award", args=[job.pk, own.pk]), {"bid_version": own.version}
    )

    response = client.post(
        reverse("marketplace:job_award", args=[job.pk, own.pk]),
        {"bid_version": own.version},
        follow=True,
    )

    assert "only an open job can be awarded" in response.content.decode()


def test_provider_dashboard_lists_bids_and_contracts(client, job, bids, provider_member):
    own, _ = bids
    client.force_login(provider_member)

    page = client.get(reverse("home")).content.decode()

    assert job.title in page
    assert "Open bids" in page


def test_directory_filters_by_country(client, provider_member, other_provider):
    other = other_provider.memberships.get().organization
    other.country = "KE"
    other.save()

    page = client.get(reverse("marketplace:provider_directory"), {"country": "KE"})

    body = page.content.decode()
    assert other.name in body
    assert provider_member.memberships.get().organization.name not in body


def test_buyer_invites_from_a_profile(client, job, provider_member):
    organization = provider_member.memberships.get().organization
    client.force_login(job.buyer)

    response = client.post(
        reverse("marketplace:job_invite", args=[organization.slug]), {"job": job.pk}, follow=True
    )

    assert f"{organization} is invited to bid" in response.content.decode()
    assert job.invitations.filter(organization=organization).exists()


def test_staff_and_members_see_the_same_sealed_job_list(client, job, bids):
    client.force_login(MembershipFactory().user)

    page = client.get(reverse("marketplace:job_list")).content.decode()

    assert job.title in page
    assert "2 bids" in page
