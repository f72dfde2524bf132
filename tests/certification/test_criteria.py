"""The criteria are pure: no database here, only values in and results out."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from certification import criteria
from certification.criteria import IncomeBasis, OrganizationFacts
from certification.models import IncomeGroup

ON = date(2026, 3, 1)


def _basis(group, year=2026, newest=2026):
    return IncomeBasis(group, year, newest)


# --- Which classification to judge by -------------------------------------------------------


def test_the_newest_classified_year_is_chosen():
    basis = criteria.choose_income_basis([(2025, "low"), (2026, "lower_middle")], newest_year=2026)

    assert basis == IncomeBasis("lower_middle", 2026, 2026)
    assert not basis.is_fallback


def test_unclassified_in_the_newest_year_falls_back_to_the_latest_classified_year():
    basis = criteria.choose_income_basis(
        [(2024, "lower_middle"), (2025, "low"), (2026, "")], newest_year=2026
    )

    assert basis == IncomeBasis("low", 2025, 2026)
    assert basis.is_fallback


def test_absent_from_the_newest_year_also_falls_back():
    basis = criteria.choose_income_basis([(2025, "low")], newest_year=2026)

    assert basis == IncomeBasis("low", 2025, 2026)


def test_never_classified_is_unclassified_and_no_history_is_none():
    assert criteria.choose_income_basis([(2025, ""), (2026, "")], newest_year=2026) == (
        IncomeBasis("", 2026, 2026)
    )
    assert criteria.choose_income_basis([], newest_year=2026) is None
    assert criteria.choose_income_basis([(2025, "low")], newest_year=None) is None


def test_every_income_group_has_a_phrase():
    assert set(criteria.INCOME_GROUP_PHRASES) == set(IncomeGroup.values)
    assert sorted(criteria.ELIGIBLE_INCOME_GROUPS) == [IncomeGroup.LOW, IncomeGroup.LOWER_MIDDLE]


# --- Location ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "passed", "sentence"),
    [
        ("low", True, "Uganda is a low-income economy (World Bank, FY2026)."),
        ("lower_middle", True, "Uganda is a lower-middle-income economy (World Bank, FY2026)."),
        ("upper_middle", False, "Uganda is an upper-middle-income economy (World Bank, FY2026)."),
        ("high", False, "Uganda is a high-income economy (World Bank, FY2026)."),
    ],
)
def test_location_passes_for_low_and_lower_middle_income_only(group, passed, sentence):
    result = criteria.location(country_name="Uganda", income=_basis(group))

    assert result.key == "location"
    assert result.passed is passed
    assert result.explanation == sentence
    assert bool(result.how_to_fix) is not passed


def test_kenya_reads_as_the_issue_says():
    result = criteria.location(country_name="Kenya", income=_basis("lower_middle"))

    assert result.explanation == "Kenya is a lower-middle-income economy (World Bank, FY2026)."


def test_location_judged_by_an_older_year_says_so():
    result = criteria.location(country_name="Ethiopia", income=_basis("low", 2025, 2026))

    assert result.passed
    assert result.explanation == (
        "Ethiopia is not classified in FY2026; judged by FY2025, when it was a low-income economy."
    )


def test_location_judged_by_an_older_high_income_year_fails():
    result = criteria.location(country_name="Somewhere", income=_basis("high", 2025, 2026))

    assert not result.passed
    assert "judged by FY2025, when it was a high-income economy" in result.explanation


def test_location_of_a_country_never_classified_fails_and_says_why():
    result = criteria.location(country_name="Venezuela", income=_basis(""))

    assert not result.passed
    assert "Venezuela is not classified by the World Bank in FY2026" in result.explanation
    assert result.how_to_fix


def test_location_without_any_data_for_the_country_fails():
    result = criteria.location(country_name="Antarctica", income=None)

    assert not result.passed
    assert result.explanation == "There is no World Bank income classification for Antarctica."


def test_location_without_a_country_fails():
    result = criteria.location(country_name="", income=None)

    assert not result.passed
    assert "does not name its country" in result.explanation


# --- Size -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employees", "passed"), [(1, True), (249, True), (250, True), (251, False)]
)
def test_size_allows_at_most_250_employees(employees, passed):
    result = criteria.size(employee_count=employees)

    assert result.passed is passed
    assert str(employees) in result.explanation
    assert "250" in result.explanation


def test_size_explains_an_oversized_firm():
    result = criteria.size(employee_count=251)

    assert result.explanation == "The organization has 251 employees, more than the limit of 250."
    assert "at most 250" in result.how_to_fix


def test_size_without_a_count_fails():
    assert not criteria.size(employee_count=None).passed


@override_settings(CERTIFICATION_MAX_EMPLOYEES=10)
def test_size_limit_is_a_setting():
    assert criteria.size(employee_count=10).passed
    assert not criteria.size(employee_count=11).passed
    assert criteria.size(employee_count=11, max_employees=11).passed


# --- Local ownership --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "passed"),
    [("50.99", False), ("51", True), ("51.00", True), ("51.01", True), ("100", True), ("0", False)],
)
def test_local_ownership_needs_at_least_51_percent(share, passed):
    result = criteria.local_ownership(local_ownership_percent=Decimal(share), country_name="Nepal")

    assert result.passed is passed


def test_local_ownership_sentences():
    below = criteria.local_ownership(local_ownership_percent=Decimal("50.99"), country_name="Nepal")
    at = criteria.local_ownership(local_ownership_percent=Decimal("51.00"), country_name="Nepal")

    assert below.explanation == (
        "Only 50.99% of the organization is owned by people living in Nepal; "
        "at least 51% is required."
    )
    assert at.explanation == (
        "51% of the organization is owned by people living in Nepal; at least 51% is required."
    )


def test_local_ownership_unknown_fails():
    assert not criteria.local_ownership(local_ownership_percent=None, country_name="Nepal").passed


@override_settings(CERTIFICATION_MIN_LOCAL_OWNERSHIP_PERCENT=Decimal("75"))
def test_local_ownership_minimum_is_a_setting():
    assert not criteria.local_ownership(
        local_ownership_percent=Decimal("74.99"), country_name="Nepal"
    ).passed


# --- All computed criteria --------------------------------------------------------------------


def _facts(**overrides):
    values = {
        "country_name": "Uganda",
        "income": _basis("low"),
        "employee_count": 25,
        "local_ownership_percent": Decimal("100"),
    }
    values.update(overrides)
    return OrganizationFacts(**values)


def test_evaluate_computed_returns_the_three_computed_criteria_in_order():
    results = criteria.evaluate_computed(_facts())

    assert [r.key for r in results] == ["location", "size", "local_ownership"]
    assert all(r.kind == criteria.COMPUTED for r in results)
    assert criteria.all_passed(results)


def test_no_criterion_offsets_another():
    results = criteria.evaluate_computed(_facts(employee_count=251))

    assert not criteria.all_passed(results)
    assert criteria.failing_explanations(results) == (
        "The organization has 251 employees, more than the limit of 250."
    )


def test_results_are_frozen():
    result = criteria.size(employee_count=1)

    with pytest.raises(AttributeError):
        result.passed = False


# --- Fair pay ---------------------------------------------------------------------------------


def _fair_pay(**overrides):
    values = {
        "lowest_monthly_wage": Decimal("600000"),
        "wage_currency": "UGX",
        "living_wage_benchmark": Decimal("600000"),
        "benchmark_currency": "UGX",
        "evidence_valid_until": date(2026, 12, 31),
        "on": ON,
    }
    values.update(overrides)
    return criteria.fair_pay(**values)


@pytest.mark.parametrize(
    ("wage", "passed"), [("599999.99", False), ("600000", True), ("600000.01", True)]
)
def test_fair_pay_needs_the_lowest_wage_at_or_above_the_benchmark(wage, passed):
    result = _fair_pay(lowest_monthly_wage=Decimal(wage))

    assert result.passed is passed
    assert result.kind == criteria.VERIFIED


def test_fair_pay_explains_in_the_local_currency():
    assert _fair_pay().explanation == (
        "The lowest full-time monthly wage, 600,000 UGX, is at or above the living-wage "
        "benchmark of 600,000 UGX."
    )


def test_fair_pay_refuses_different_currencies():
    result = _fair_pay(wage_currency="USD")

    assert not result.passed
    assert "cannot be compared" in result.explanation


@pytest.mark.parametrize(
    ("valid_until", "passed"),
    [(None, False), (date(2026, 2, 28), False), (ON, True), (date(2026, 3, 2), True)],
)
def test_fair_pay_needs_evidence_valid_on_the_day(valid_until, passed):
    assert _fair_pay(evidence_valid_until=valid_until).passed is passed


def test_fair_pay_without_recorded_figures_fails():
    assert not _fair_pay(living_wage_benchmark=None).passed
    assert not _fair_pay(lowest_monthly_wage=None).passed


# --- Impact workforce -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "passed"), [("29.99", False), ("30", True), ("30.01", True), (None, False)]
)
def test_impact_workforce_needs_at_least_30_percent(share, passed):
    result = criteria.impact_workforce(
        impact_percent=Decimal(share) if share else None,
        evidence_valid_until=date(2026, 12, 31),
        on=ON,
    )

    assert result.passed is passed


def test_impact_workforce_with_expired_evidence_fails():
    result = criteria.impact_workforce(
        impact_percent=Decimal("80"), evidence_valid_until=date(2026, 2, 28), on=ON
    )

    assert not result.passed
    assert result.explanation == "The verified workforce evidence expired on 28 February 2026."


@override_settings(CERTIFICATION_MIN_IMPACT_WORKFORCE_PERCENT=Decimal("40"))
def test_impact_workforce_minimum_is_a_setting():
    result = criteria.impact_workforce(
        impact_percent=Decimal("39"), evidence_valid_until=date(2026, 12, 31), on=ON
    )

    assert not result.passed


# --- Labour code ------------------------------------------------------------------------------


def test_labour_code_needs_a_name_and_a_date():
    signed = criteria.labour_code(signed_by_name="Grace Nakato", signed_on=date(2026, 1, 5))

    assert signed.passed
    assert signed.explanation == "Grace Nakato signed the Fairbid labour code on 5 January 2026."
    assert not criteria.labour_code(signed_by_name="  ", signed_on=date(2026, 1, 5)).passed
    assert not criteria.labour_code(signed_by_name="Grace Nakato", signed_on=None).passed
