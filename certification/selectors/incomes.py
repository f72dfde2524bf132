"""Reads of World Bank income data and the criteria an organization's profile computes."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max

from certification import criteria
from certification.criteria import CriterionResult, IncomeBasis, OrganizationFacts
from certification.models import IncomeClassification


@dataclass(frozen=True)
class CountryIncome:
    iso2: str
    economy_name: str
    basis: IncomeBasis


def newest_fiscal_year() -> int | None:
    """The newest World Bank fiscal year loaded, or None before any load."""
    return IncomeClassification.objects.aggregate(year=Max("fiscal_year"))["year"]


def country_incomes(
    iso2_codes: Iterable[str], *, newest_year: int | None = None
) -> dict[str, CountryIncome]:
    """The classification to judge each country by, keyed by ISO alpha-2, in one query.

    Countries without any World Bank data are left out. Pass newest_year when it is already
    known (one query fewer).
    """
    codes = {code for code in iso2_codes if code}
    if not codes:
        return {}
    if newest_year is None:
        newest_year = newest_fiscal_year()
        if newest_year is None:
            return {}
    histories = defaultdict(list)
    names = {}
    rows = IncomeClassification.objects.filter(economy__iso2__in=codes).values_list(
        "economy__iso2", "economy__name", "fiscal_year", "income_group"
    )
    for iso2, name, year, group in rows:
        histories[iso2].append((year, group))
        names[iso2] = name
    result = {}
    for iso2, history in histories.items():
        basis = criteria.choose_income_basis(history, newest_year=newest_year)
        if basis is not None:
            result[iso2] = CountryIncome(iso2, names[iso2], basis)
    return result


def country_income(iso2: str) -> CountryIncome | None:
    """The classification to judge a country by: the newest year loaded or, when that leaves
    it unclassified, its latest classified year (basis.is_fallback)."""
    return country_incomes([iso2]).get(iso2)


def organization_facts(organization, *, incomes: dict[str, CountryIncome]) -> OrganizationFacts:
    """The plain values the computed criteria judge, from an organization and the incomes
    of its country (from country_incomes)."""
    code = organization.country.code if organization.country else ""
    income = incomes.get(code)
    name = (organization.country.name if code else "") or (income.economy_name if income else "")
    return OrganizationFacts(
        country_name=name or code,
        income=income.basis if income else None,
        employee_count=organization.employee_count,
        local_ownership_percent=organization.local_ownership_percent,
    )


def computed_criteria_for(organization) -> list[CriterionResult]:
    """The computed criteria breakdown of an organization, the same for every page."""
    incomes = country_incomes([organization.country.code] if organization.country else [])
    return criteria.evaluate_computed(organization_facts(organization, incomes=incomes))
