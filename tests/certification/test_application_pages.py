from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, ApplicationStatus, Evidence, LabelStatus
from certification.services import applications as application_services
from tests.certification.conftest import pdf
from tests.factories import (
    BuyerFactory,
    MembershipFactory,
    ReviewerFactory,
    UserFactory,
    reviewer_dates,
)

pytestmark = pytest.mark.django_db


def test_provider_applies_through_the_pages(client, provider_owner, incomes):
    client.force_login(provider_owner)
    overview = client.get(reverse("certification:overview"))
    assert "Apply for the label" in overview.content.decode()

    client.post(reverse("certification:start"))
    client.post(
        reverse("certification:application"),
        {
            "lowest_monthly_wage": "650000",
            "wage_currency": "UGX",
            "total_workers": "25",
            "impact_workers": "9",
            "impact_description": "Former street vendors.",
        },
    )
    until = (timezone.localdate() + timedelta(days=200)).isoformat()
    for kind in ("payroll", "workforce"):
        response = client.post(
            reverse("certification:application"),
            {"upload": "", "kind": kind, "file": pdf(f"{kind}.pdf"), "valid_until": until},
        )
        assert response.status_code == 302
    application_url = reverse("certification:application")
    client.post(application_url, {"sign": "", "name": "Grace Nakato", "agree": "on"})
    response = client.post(application_url, {"submit_application": ""}, follow=True)

    assert "Your application is submitted." in response.content.decode()
    application = Application.objects.get(organization__memberships__user=provider_owner)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.evidence.count() == 2


def test_a_fake_pdf_is_refused_on_the_page_and_explained(client, provider_owner):
    client.force_login(provider_owner)
    client.post(reverse("certification:start"))

    response = client.post(
        reverse("certification:application"),
        {
            "upload": "",
            "kind": "payroll",
            "file": SimpleUploadedFile("payroll.pdf", b"<html>not a pdf</html>"),
            "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert "not a PDF, PNG or JPEG document" in response.content.decode()
    assert not Evidence.objects.exists()


def test_buyers_have_no_certification_pages(client, buyer):
    client.force_login(buyer)

    assert client.get(reverse("certification:overview")).status_code == 403


@pytest.fixture
def document(ready_application):
    return ready_application.evidence.first()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("owner", True),
        ("member", True),
        ("other_provider", False),
        ("buyer", False),
        ("reviewer", True),
        ("staff_without_permission", False),
    ],
)
def test_evidence_downloads_only_by_members_and_reviewers(
    client, document, provider_owner, other_provider, who, allowed
):
    people = {
        "owner": provider_owner,
        "member": lambda: MembershipFactory(organization=document.application.organization).user,
        "other_provider": other_provider,
        "buyer": BuyerFactory,
        "reviewer": ReviewerFactory,
        "staff_without_permission": lambda: UserFactory(is_staff=True),
    }
    if who != "anonymous":
        person = people[who]
        client.force_login(person() if callable(person) else person)

    response = client.get(reverse("certification:evidence_download", args=[document.pk]))

    if allowed:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
    else:
        assert response.status_code in (302, 404)


def _submitted_for_review(application, owner, reviewer):
    application_services.application_submit(application=application, by=owner)
    application_services.application_record_benchmark(
        application=application,
        by=reviewer,
        living_wage_benchmark=Decimal("600000"),
        benchmark_currency="UGX",
        benchmark_source="Kampala living wage estimate",
        **reviewer_dates(),
    )


def _action(client, name, application, **extra):
    return client.post(
        reverse("admin:certification_application_changelist"),
        {"action": name, ACTION_CHECKBOX_NAME: [application.pk], **extra},
    )


def test_reviewer_approves_in_admin_after_giving_a_note(
    client, ready_application, provider_owner, reviewer
):
    _submitted_for_review(ready_application, provider_owner, reviewer)
    client.force_login(reviewer)
    assert not reviewer.is_superuser

    asked = _action(client, "_approve", ready_application)
    assert asked.status_code == 200
    assert "Approve and grant the label" in asked.content.decode()

    empty = _action(client, "_approve", ready_application, apply="1", note="")
    assert empty.status_code == 200
    ready_application.refresh_from_db()
    assert ready_application.status == ApplicationStatus.SUBMITTED

    done = _action(client, "_approve", ready_application, apply="1", note="Clear evidence.")
    assert done.status_code == 302
    ready_application.refresh_from_db()
    assert ready_application.status == ApplicationStatus.APPROVED
    assert ready_application.label.status == LabelStatus.ACTIVE


def test_reviewer_sees_the_application_with_criteria_and_evidence_links(
    client, ready_application, provider_owner, reviewer
):
    _submitted_for_review(ready_application, provider_owner, reviewer)
    client.force_login(reviewer)

    page = client.get(
        reverse("admin:certification_application_change", args=[ready_application.pk])
    ).content.decode()

    assert "Uganda is a low-income economy" in page
    assert (
        reverse("certification:evidence_download", args=[ready_application.evidence.first().pk])
        in page
    )
    listing = client.get(
        reverse("admin:certification_application_changelist"), {"income_group": "low"}
    )
    assert ready_application.organization.name in listing.content.decode()


def test_reviewer_of_the_same_organization_is_told_no_in_admin(
    client, ready_application, provider_owner
):
    insider = ReviewerFactory()
    MembershipFactory(user=insider, organization=ready_application.organization)
    application_services.application_submit(application=ready_application, by=provider_owner)
    client.force_login(insider)

    response = _action(client, "_reject", ready_application, apply="1", note="No")

    assert response.status_code == 302
    ready_application.refresh_from_db()
    assert ready_application.status == ApplicationStatus.SUBMITTED
    page = client.get(response.url).content.decode()
    assert "another reviewer must decide" in page


def test_reviewer_revokes_a_label_with_a_reason(client, reviewer):
    from tests.factories import LabelFactory

    label = LabelFactory()
    client.force_login(reviewer)

    response = client.post(
        reverse("admin:certification_label_changelist"),
        {
            "action": "_revoke",
            ACTION_CHECKBOX_NAME: [label.pk],
            "apply": "1",
            "note": "Forced overtime found.",
        },
    )

    assert response.status_code == 302
    label.refresh_from_db()
    assert label.status == LabelStatus.REVOKED
    assert label.events.last().reason == "Forced overtime found."


def test_a_reviewer_of_the_same_organization_cannot_record_the_benchmark(
    client, ready_application, provider_owner
):
    insider = ReviewerFactory()
    MembershipFactory(user=insider, organization=ready_application.organization)
    application_services.application_submit(application=ready_application, by=provider_owner)
    client.force_login(insider)

    page = client.get(
        reverse("admin:certification_application_change", args=[ready_application.pk])
    ).content.decode()

    assert 'name="living_wage_benchmark"' not in page
