"""A provider organization reports how it used its fair-trade premiums; the label's public
page shows received and reported totals per year; premiums unreported after the set time are
finding candidates for the label's reviewers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification import extensions
from core.exceptions import ApplicationError
from impact import premiums
from impact.models import PremiumUse
from tests.factories import PDF_BYTES, LabelFactory, MembershipFactory
from tests.impact.conftest import at, make_contract

pytestmark = pytest.mark.django_db

USE = {
    "used_on": "2026-09-01",
    "amount": "30.00",
    "currency": "USD",
    "purpose": "training",
    "description": "Two staff trained in accessibility audits.",
}


@pytest.fixture
def firm(providers, buyer):
    """Uganda's firm: 50 USD of premium released in August 2026, 200 EUR in January 2027."""
    uganda = providers["UG"]
    make_contract(
        buyer=buyer,
        provider=uganda,
        price="1000.00",
        currency="USD",
        awarded="2026-07-10",
        premium="50.00",
        paid_on="2026-08-20",
    )
    make_contract(
        buyer=buyer,
        provider=uganda,
        price="2000.00",
        currency="EUR",
        awarded="2026-12-10",
        premium="200.00",
        paid_on="2027-01-15",
    )
    return uganda


@pytest.fixture
def member(firm):
    return MembershipFactory(organization=firm).user


def test_a_member_reports_a_use_with_evidence_and_sees_the_totals(client, firm, member):
    with time_machine.travel(at("2027-02-01"), tick=False):
        client.force_login(member)
        answer = client.post(
            reverse("impact:premium_uses"),
            {**USE, "evidence": SimpleUploadedFile("receipt.pdf", PDF_BYTES)},
            follow=True,
        )
        page = answer.content.decode()

    use = PremiumUse.objects.get()
    assert (use.organization, use.amount, use.purpose, use.reported_by) == (
        firm,
        Decimal("30.00"),
        "training",
        member,
    )
    assert use.evidence is not None
    assert "the use of the premium is recorded" in page
    assert premiums.premiums_by_year(organization_id=firm.pk) == [
        {"year": 2027, "currency": "EUR", "received": Decimal("200.00"), "reported": Decimal("0")},
        {
            "year": 2026,
            "currency": "USD",
            "received": Decimal("50.00"),
            "reported": Decimal("30.00"),
        },
    ]
    evidence = client.get(reverse("impact:premium_use_evidence", args=[use.pk]))
    assert evidence.status_code == 200


def test_the_providers_menu_leads_to_its_premium_uses_and_a_buyers_does_not(client, firm, buyer):
    member = MembershipFactory(organization=firm).user
    link = f'<a href="{reverse("impact:premium_uses")}">Fair-trade premiums</a>'

    client.force_login(member)
    assert link in client.get(reverse("home")).content.decode()
    client.force_login(buyer)
    assert link not in client.get(reverse("home")).content.decode()


def test_a_refused_report_keeps_what_was_typed(client, member):
    with time_machine.travel(at("2026-09-02"), tick=False):
        client.force_login(member)
        page = client.post(reverse("impact:premium_uses"), {**USE, "used_on": "2026-12-01"})

    assert page.status_code == 400
    assert "This day is in the future." in page.content.decode()
    assert "Two staff trained in accessibility audits." in page.content.decode()
    assert not PremiumUse.objects.exists()


def test_only_the_organizations_members_report_and_read_its_evidence(client, firm, member, buyer):
    with pytest.raises(ApplicationError, match="Only members"):
        premiums.premium_use_report(
            organization=firm,
            by=buyer,
            used_on=date(2026, 9, 1),
            amount=Decimal("1"),
            currency="USD",
            purpose="other",
            description="x",
        )
    use = premiums.premium_use_report(
        organization=firm,
        by=member,
        used_on=date(2026, 9, 1),
        amount=Decimal("1"),
        currency="USD",
        purpose="other",
        description="x",
        evidence=SimpleUploadedFile("r.pdf", PDF_BYTES),
    )
    outsider = MembershipFactory(owner=True).user
    client.force_login(outsider)
    assert client.get(reverse("impact:premium_use_evidence", args=[use.pk])).status_code == 404
    client.force_login(buyer)
    assert client.get(reverse("impact:premium_uses")).status_code == 403


def test_the_labels_public_page_shows_received_and_reported_per_year(client, firm, member):
    label = LabelFactory(organization=firm)
    premiums.premium_use_report(
        organization=firm,
        by=member,
        used_on=date(2026, 9, 1),
        amount=Decimal("30.00"),
        currency="USD",
        purpose="training",
        description="Training.",
    )

    html = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()

    assert "Fair-trade premiums" in html
    assert (
        '<th scope="row">2026</th><td class="number">50.00 USD</td>'
        '<td class="number">30.00 USD</td>' in html
    )
    assert (
        '<th scope="row">2027</th><td class="number">200.00 EUR</td>'
        '<td class="number">0.00 EUR</td>' in html
    )


def test_premium_unreported_after_the_set_time_is_a_finding_candidate(firm, member):
    label = LabelFactory(organization=firm)
    paid = at("2026-08-20")
    within = settings.IMPACT_PREMIUM_REPORT_WITHIN

    with time_machine.travel(paid + within - timedelta(days=1), tick=False):
        assert extensions.finding_candidates(label) == []
    with time_machine.travel(paid + within + timedelta(days=1), tick=False):
        assert extensions.finding_candidates(label) == [
            "50.00 USD of fair-trade premium received more than 6 months ago has no reported use."
        ]
        premiums.premium_use_report(
            organization=firm,
            by=member,
            used_on=date(2026, 9, 1),
            amount=Decimal("50.00"),
            currency="USD",
            purpose="wages",
            description="A bonus for the team.",
        )
        assert extensions.finding_candidates(label) == []


def test_reviewers_see_finding_candidates_on_the_label_in_admin(client, firm, reviewer):
    label = LabelFactory(organization=firm)
    with time_machine.travel(at("2027-06-01"), tick=False):
        client.force_login(reviewer)
        html = client.get(reverse("admin:certification_label_change", args=[label.pk])).content
    assert "has no reported use" in html.decode()
