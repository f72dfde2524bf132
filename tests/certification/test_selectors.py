import pytest

from accounts.models import Membership, Organization
from certification.models import LabelStatus
from certification.selectors.incomes import computed_criteria_for
from certification.selectors.labels import annotate_label, certified_only, label_for_organization
from tests.factories import LabelFactory, MembershipFactory, ProviderOrganizationFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def test_organizations_get_the_status_and_code_of_their_label():
    certified = LabelFactory()
    bare = ProviderOrganizationFactory()

    rows = {o.pk: o for o in annotate_label(Organization.objects.all())}

    assert rows[certified.organization.pk].label_status == LabelStatus.ACTIVE
    assert rows[certified.organization.pk].label_code == certified.code
    assert rows[bare.pk].label_status is None
    assert rows[bare.pk].label_code is None


def test_the_current_label_wins_over_past_ones_and_a_past_one_still_shows():
    organization = ProviderOrganizationFactory()
    LabelFactory(organization=organization, expired=True)
    current = LabelFactory(organization=organization, suspended=True)
    only_revoked = LabelFactory(revoked=True)

    rows = {o.pk: o for o in annotate_label(Organization.objects.all())}

    assert rows[organization.pk].label_code == current.code
    assert rows[organization.pk].label_status == LabelStatus.SUSPENDED
    assert rows[only_revoked.organization.pk].label_status == LabelStatus.REVOKED
    assert label_for_organization(organization) == current
    assert label_for_organization(ProviderOrganizationFactory()) is None


def test_rows_reaching_an_organization_through_a_foreign_key_are_annotated():
    label = LabelFactory(expiring=True)
    MembershipFactory(organization=label.organization)
    MembershipFactory()

    rows = annotate_label(Membership.objects.order_by("pk"), organization_path="organization__")

    assert [(row.label_status, row.label_code) for row in rows] == [
        (LabelStatus.EXPIRING, label.code),
        (None, None),
    ]


def test_annotating_costs_one_query_whatever_the_number_of_rows():
    for _ in range(3):
        LabelFactory()
    three = count_queries(lambda: list(annotate_label(Organization.objects.all())))
    for _ in range(30):
        LabelFactory()

    assert count_queries(lambda: list(annotate_label(Organization.objects.all()))) == three == 1


@pytest.mark.parametrize(
    ("status", "certified"),
    [
        (LabelStatus.ACTIVE, True),
        (LabelStatus.EXPIRING, True),
        (LabelStatus.SUSPENDED, False),
        (LabelStatus.EXPIRED, False),
        (LabelStatus.REVOKED, False),
    ],
)
def test_certified_only_keeps_active_and_expiring_labels(status, certified):
    label = LabelFactory(status=status)
    MembershipFactory(organization=label.organization)
    ProviderOrganizationFactory()

    organizations = certified_only(Organization.objects.all())
    memberships = certified_only(Membership.objects.all(), organization_path="organization__")

    assert list(organizations) == ([label.organization] if certified else [])
    assert memberships.count() == (1 if certified else 0)


def test_an_organization_s_breakdown_reads_its_country(incomes):
    results = computed_criteria_for(ProviderOrganizationFactory(country="KE"))

    assert results[0].explanation == "Kenya is a lower-middle-income economy (World Bank, FY2026)."
    assert all(result.passed for result in results)


def test_an_ethiopian_breakdown_says_it_is_judged_by_fy2025(incomes):
    (location, *_) = computed_criteria_for(ProviderOrganizationFactory(country="ET"))

    assert location.passed
    assert location.explanation == (
        "Ethiopia is not classified in FY2026; judged by FY2025, when it was a low-income economy."
    )
