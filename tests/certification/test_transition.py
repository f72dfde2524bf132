"""A country that graduates from eligibility puts its firms' labels in transition, not under
suspicion."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from certification import transitions
from certification.models import LabelStatus
from certification.selectors import facts as fact_selectors
from certification.selectors import incomes as income_selectors
from certification.services.recompute import labels_recompute
from certification.tasks import recompute_labels_for_countries
from marketplace import selectors as marketplace_selectors
from notifications.models import Notification
from tests.factories import (
    LabelFactory,
    MembershipFactory,
    ProviderOrganizationFactory,
    load_shipped_incomes,
)

pytestmark = pytest.mark.django_db

START, END = date(2026, 7, 1), date(2027, 6, 30)


@pytest.fixture
def samoan(incomes_fy2025):
    """A Samoan firm's label, granted when Samoa was lower-middle income (FY2025)."""
    organization = ProviderOrganizationFactory(country="WS")
    owner = MembershipFactory(organization=organization, owner=True).user
    return LabelFactory(organization=organization, valid_from=START, valid_until=END), owner


def _graduate(today=date(2026, 8, 1)):
    load_shipped_incomes(2026)
    labels_recompute(today=today)


def test_graduation_puts_the_label_in_transition_for_the_grace_period(samoan, settings):
    label, owner = samoan
    settings.CERTIFICATION_TRANSITION_MONTHS = 12

    _graduate(today=date(2026, 8, 1))

    label.refresh_from_db()
    assert label.status == LabelStatus.TRANSITION
    assert label.transition_until == date(2027, 7, 31)  # later than the label's own end
    [notice] = Notification.objects.filter(recipient=owner)
    assert notice.message == (
        "Your Fairbid label is now in transition, because your country graduated. Reason: "
        "Samoa is an upper-middle-income economy (World Bank, FY2026). The country left the "
        "economies the label is for; this says nothing against the organization, and the "
        "label stays valid until 31 July 2027. The World Bank decides each year which "
        "economies are low or lower-middle income; the label is for those. Until the end of "
        "31 July 2027 your label stays in force, and buyers see it as certified, with the "
        'words "country graduated, in transition". If the World Bank classifies the country '
        "as eligible again, the label becomes active again at the next nightly check; "
        "otherwise it ends after 31 July 2027."
    )


def test_the_grace_period_is_the_labels_end_when_that_is_later(samoan, settings):
    label, _ = samoan
    settings.CERTIFICATION_TRANSITION_MONTHS = 3

    _graduate(today=date(2026, 8, 1))

    label.refresh_from_db()
    assert label.transition_until == END


def test_in_transition_it_counts_as_certified_in_a_neutral_colour(client, samoan):
    label, _ = samoan
    _graduate()
    label.refresh_from_db()

    page = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()
    badge = client.get(reverse("certification:label_badge_svg", args=[label.code])).content

    assert "Certified · country graduated, in transition until 31 Jul 2027" in page
    assert "label-badge--transition" in page
    assert b"in transition" in badge
    assert b"#8a1c1c" not in badge
    assert marketplace_selectors.provider_directory(label="certified").count() == 1
    register = client.get(reverse("certification:label_register"), {"status": "certified"})
    assert label.code in register.content.decode()


def test_it_expires_after_the_grace_period_at_once(samoan):
    label, _ = samoan
    _graduate()
    label.refresh_from_db()

    assert (
        transitions.effective_status(
            status=label.status,
            valid_until=label.valid_until,
            transition_until=label.transition_until,
            today=label.transition_until + timedelta(days=1),
        )
        == LabelStatus.EXPIRED
    )
    labels_recompute(today=label.transition_until)
    label.refresh_from_db()
    assert label.status == LabelStatus.TRANSITION
    labels_recompute(today=label.transition_until + timedelta(days=1))
    label.refresh_from_db()
    assert label.status == LabelStatus.EXPIRED


def test_a_country_eligible_again_returns_the_label_to_active(incomes_fy2025):
    # Namibia: upper-middle income in FY2025 (transition), lower-middle in FY2026.
    label = LabelFactory(
        organization=ProviderOrganizationFactory(country="NA"), valid_from=START, valid_until=END
    )
    labels_recompute(today=date(2026, 8, 1))
    label.refresh_from_db()
    assert label.status == LabelStatus.TRANSITION

    load_shipped_incomes(2026)
    recompute_labels_for_countries(["NA"])

    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    assert label.transition_until is None


def test_a_long_unclassified_country_is_left_for_reviewers(incomes, settings):
    # Judged on an old classified year beyond the allowed gap: no automatic move.
    settings.CERTIFICATION_UNCLASSIFIED_FALLBACK_YEARS = 0
    label = LabelFactory(
        organization=ProviderOrganizationFactory(country="ET"), valid_from=START, valid_until=END
    )
    facts = fact_selectors.facts_computed(
        fact_selectors.current_facts(label), incomes=income_selectors.country_incomes(["ET"])
    )
    assert facts.income.is_fallback

    labels_recompute(today=date(2026, 8, 1))

    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    assert label.pk in set(
        fact_selectors.labels_for_reviewers_unclassified().values_list("pk", flat=True)
    )
