import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import Membership, Organization, OrganizationKind, Role, User
from certification.services.reviewers import REVIEWER_GROUP_NAME

pytestmark = pytest.mark.django_db

DEMO_LOGINS = [
    "buyer@demo.fairbid.test",
    "provider@demo.fairbid.test",
    "reviewer@demo.fairbid.test",
    "admin@demo.fairbid.test",
]


def _counts():
    return (User.objects.count(), Organization.objects.count(), Membership.objects.count())


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")

    assert _counts() == first
    output = capsys.readouterr().out
    for email in DEMO_LOGINS:
        assert email in output
    assert "fairbid-demo" in output


def test_demo_logins_work_with_verified_emails_and_their_roles(client):
    call_command("seed_demo")

    for email in DEMO_LOGINS:
        user = User.objects.get(email=email)
        assert user.check_password("fairbid-demo")
        assert EmailAddress.objects.get(user=user, email=email).verified

    buyer = User.objects.get(email="buyer@demo.fairbid.test")
    assert buyer.role == Role.BUYER
    assert not buyer.is_staff
    provider = User.objects.get(email="provider@demo.fairbid.test")
    membership = provider.memberships.select_related("organization").get()
    assert membership.is_owner
    assert membership.organization.kind == OrganizationKind.PROVIDER
    assert membership.organization.country.code == "UG"  # low income (World Bank FY2026)
    reviewer = User.objects.get(email="reviewer@demo.fairbid.test")
    assert reviewer.is_staff
    assert not reviewer.is_superuser
    assert reviewer.groups.filter(name=REVIEWER_GROUP_NAME).exists()
    assert User.objects.get(email="admin@demo.fairbid.test").is_superuser

    response = client.post(
        "/accounts/login/", {"login": "provider@demo.fairbid.test", "password": "fairbid-demo"}
    )
    assert response.status_code == 302


def test_demo_providers_span_several_countries():
    call_command("seed_demo")

    countries = set(
        Organization.objects.filter(kind=OrganizationKind.PROVIDER).values_list(
            "country", flat=True
        )
    )
    assert len(countries) >= 5


@override_settings(DJANGO_ENV="production")
def test_seed_demo_refuses_to_run_in_production():
    with pytest.raises(CommandError, match="refuses to run with DJANGO_ENV=production"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_marketplace_has_jobs_in_every_state_with_bids_and_reviews():
    from marketplace.models import Bid, Job, JobStatus, Review

    call_command("seed_demo")

    assert set(Job.objects.values_list("status", flat=True)) == set(JobStatus)
    assert Bid.objects.count() >= 14
    assert Review.objects.count() == 4


def test_demo_certification_has_every_application_state_and_label_status():
    from certification.models import Application, ApplicationStatus, Label, LabelStatus

    call_command("seed_demo")
    call_command("seed_demo")

    assert set(Label.objects.values_list("status", flat=True)) == set(LabelStatus)
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus)
    assert Label.objects.get(organization__name="Kampala Data Works Ltd").status == "active"
    kampala = Label.objects.get(organization__name="Kampala Data Works Ltd")
    assert kampala.fact_changes.filter(status="pending").exists()


def test_demo_conversations_have_messages_files_and_unread_counts():
    from conversations import selectors
    from conversations.models import Conversation, MessageAttachment

    call_command("seed_demo")
    call_command("seed_demo")

    buyer = User.objects.get(email="buyer@demo.fairbid.test")
    provider = User.objects.get(email="provider@demo.fairbid.test")
    assert Conversation.objects.count() == 3
    assert MessageAttachment.objects.count() == 2
    assert selectors.unread_message_count(user=buyer) == 2
    assert selectors.unread_message_count(user=provider) == 1
