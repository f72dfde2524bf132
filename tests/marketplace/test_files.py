"""Files on a job's brief, a bid and a delivery: who may add them, and a permission matrix of
every download URL (a user's downloads never cost another user's privacy)."""

import pytest
from django.urls import reverse

from core.exceptions import ApplicationError
from files.models import StoredFile, attachments
from marketplace.services import files as file_services
from marketplace.services import jobs as job_services
from tests.factories import (
    BidFactory,
    JobFactory,
    pdf_upload,
    png_upload,
    text_upload,
)
from tests.utils import JOB_ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(buyer):
    return JobFactory(buyer=buyer)


@pytest.fixture
def bid(job, provider_member):
    organization = provider_member.memberships.get().organization
    return BidFactory(job=job, organization=organization, submitted_by=provider_member)


@pytest.fixture
def files(job, bid, buyer, provider_member):
    """A brief file, a bid file, and (after award and delivery) a delivery file."""
    [brief] = file_services.job_files_add(job=job, by=buyer, uploads=[pdf_upload()])
    [proposal] = file_services.bid_files_add(
        bid=bid, by=provider_member, uploads=[png_upload("team.png")]
    )
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    job_services.award_accept(job=job, by=provider_member)
    delivery = job_services.job_deliver(
        job=job, by=provider_member, message="Done.", uploads=[text_upload("transcripts.txt")]
    )
    return {
        "brief": reverse("marketplace:job_file", args=[job.pk, brief.file_id]),
        "brief_preview": reverse("marketplace:job_file_preview", args=[job.pk, brief.file_id]),
        "bid": reverse("marketplace:bid_file", args=[job.pk, bid.pk, proposal.file_id]),
        "delivery": reverse(
            "marketplace:delivery_file", args=[job.pk, delivery.pk, delivery.files.get().file_id]
        ),
    }


EXPECTED = {
    # The brief: whoever may see the job (a public job: everyone, even without logging in).
    "brief": dict.fromkeys(JOB_ROLES, 200),
    # A PDF has no preview.
    "brief_preview": dict.fromkeys(JOB_ROLES, 404),
    # A bid and a delivery: the buyer and the provider's members only.
    "bid": {
        **dict.fromkeys(JOB_ROLES, 404),
        "anonymous": 302,
        "buyer": 200,
        "provider_member": 200,
    },
    "delivery": {
        **dict.fromkeys(JOB_ROLES, 404),
        "anonymous": 302,
        "buyer": 200,
        "provider_member": 200,
    },
}


@pytest.mark.parametrize("role", JOB_ROLES)
@pytest.mark.parametrize("kind", list(EXPECTED))
def test_permission_matrix_of_every_marketplace_file(client, people, files, role, kind):
    if people[role] is not None:
        client.force_login(people[role])

    response = client.get(files[kind])

    assert response.status_code == EXPECTED[kind][role]
    if response.status_code == 200:
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")


def test_an_invite_only_jobs_brief_is_hidden_from_providers_not_invited(
    client, buyer, other_provider
):
    job = JobFactory(buyer=buyer, invite_only=True)
    [brief] = file_services.job_files_add(job=job, by=buyer, uploads=[pdf_upload()])
    url = reverse("marketplace:job_file", args=[job.pk, brief.file_id])
    client.force_login(other_provider)

    assert client.get(url).status_code == 404


def test_a_file_is_not_found_through_another_job(client, buyer, files, job):
    other_job = JobFactory(buyer=buyer)
    brief_pk = job.files.get().file_id
    client.force_login(buyer)

    url = reverse("marketplace:job_file", args=[other_job.pk, brief_pk])

    assert client.get(url).status_code == 404


def test_only_the_buyer_adds_files_to_the_brief_and_only_before_award(
    job, bid, buyer, provider_member
):
    with pytest.raises(ApplicationError) as refusal:
        file_services.job_files_add(job=job, by=provider_member, uploads=[pdf_upload()])
    assert refusal.value.code == "permission_denied"
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    with pytest.raises(ApplicationError, match="draft or open"):
        file_services.job_files_add(job=job, by=buyer, uploads=[pdf_upload()])


def test_only_the_bidding_firm_adds_files_to_its_active_bid(
    job, bid, buyer, provider_member, other_provider
):
    with pytest.raises(ApplicationError) as refusal:
        file_services.bid_files_add(bid=bid, by=other_provider, uploads=[pdf_upload()])
    assert refusal.value.code == "permission_denied"
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    with pytest.raises(ApplicationError, match="active bid on an open job"):
        file_services.bid_files_add(bid=bid, by=provider_member, uploads=[pdf_upload()])


def test_a_delivery_with_a_refused_file_is_not_delivered(job, bid, buyer, provider_member):
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    job_services.award_accept(job=job, by=provider_member)

    with pytest.raises(ApplicationError, match="not a file Fairbid accepts"):
        job_services.job_deliver(
            job=job,
            by=provider_member,
            message="Done.",
            uploads=[text_upload("x.exe", b"MZ\x90\x00" + b"\x00" * 60)],
        )

    job.refresh_from_db()
    assert job.status == "in_progress"
    assert not job.deliveries.exists()


def test_files_are_added_and_delivered_through_the_pages(client, job, bid, buyer, provider_member):
    client.force_login(buyer)
    client.post(reverse("marketplace:job_files_add", args=[job.pk]), {"files": [pdf_upload()]})
    assert "brief.pdf" in client.get(job.get_absolute_url()).content.decode()

    client.force_login(provider_member)
    client.post(
        reverse("marketplace:bid_files_add", args=[job.pk]), {"files": [text_upload("cv.txt")]}
    )
    assert "cv.txt" in client.get(job.get_absolute_url()).content.decode()

    client.force_login(buyer)
    comparison = client.get(reverse("marketplace:bid_comparison", args=[job.pk]))
    assert "cv.txt" in comparison.content.decode()
    client.post(
        reverse("marketplace:job_award", args=[job.pk, bid.pk]), {"bid_version": bid.version}
    )
    client.force_login(provider_member)
    client.post(reverse("marketplace:award_accept", args=[job.pk]))
    client.post(
        reverse("marketplace:job_deliver", args=[job.pk]),
        {"message": "All done.", "files": [text_upload("final.txt")]},
    )
    client.force_login(buyer)
    assert "final.txt" in client.get(job.get_absolute_url()).content.decode()


def test_a_refused_upload_on_the_job_page_says_why(client, job, buyer):
    client.force_login(buyer)

    response = client.post(
        reverse("marketplace:job_files_add", args=[job.pk]),
        {"files": [text_upload("x.exe", b"MZ\x90\x00" + b"\x00" * 60)]},
        follow=True,
    )

    assert "not a file Fairbid accepts" in response.content.decode()
    assert not job.files.exists()


def test_an_empty_upload_on_the_job_page_says_why(client, job, buyer):
    client.force_login(buyer)

    response = client.post(
        reverse("marketplace:job_files_add", args=[job.pk]),
        {"files": [text_upload("empty.txt", b"")]},
        follow=True,
    )

    assert "empty.txt is empty." in response.content.decode()
    assert not job.files.exists()


def test_the_buyer_removes_a_file_from_the_brief_and_its_bytes_leave_the_storage(
    client, job, buyer, django_capture_on_commit_callbacks
):
    [link] = file_services.job_files_add(job=job, by=buyer, uploads=[pdf_upload()])
    stored_name = link.file.file.name
    client.force_login(buyer)
    page = client.get(job.get_absolute_url())
    remove = reverse("marketplace:job_file_remove", args=[job.pk, link.file_id])
    assert remove in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove, follow=True)

    assert "The file is removed from the brief." in response.content.decode()
    assert not job.files.exists()
    assert not StoredFile.objects.filter(pk=link.file_id).exists()
    assert not attachments.exists(stored_name)


def test_only_the_buyer_removes_brief_files_and_only_before_award(
    client, job, bid, buyer, provider_member
):
    [link] = file_services.job_files_add(job=job, by=buyer, uploads=[pdf_upload()])
    with pytest.raises(ApplicationError) as refusal:
        file_services.job_file_remove(job=job, by=provider_member, file_pk=link.file_id)
    assert refusal.value.code == "permission_denied"
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    client.force_login(buyer)

    response = client.post(
        reverse("marketplace:job_file_remove", args=[job.pk, link.file_id]), follow=True
    )

    assert "only while the job is a draft or open" in response.content.decode()
    assert job.files.filter(file_id=link.file_id).exists()
    assert "/remove/" not in response.content.decode()
