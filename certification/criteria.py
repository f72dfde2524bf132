"""The label's criteria as pure rules: plain values in, a CriterionResult out. No ORM here.

Thresholds come from settings (CERTIFICATION_*) unless a caller passes them. Every result
carries sentences written for the provider: what was found, and how to put it right.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from core.formats import day

# Income groups by their stored value (certification.models.IncomeGroup); "" is unclassified.
ELIGIBLE_INCOME_GROUPS = frozenset({"low", "lower_middle"})
INCOME_GROUP_PHRASES = {
    "low": "a low-income economy",
    "lower_middle": "a lower-middle-income economy",
    "upper_middle": "an upper-middle-income economy",
    "high": "a high-income economy",
}

COMPUTED = "computed"
VERIFIED = "verified"


@dataclass(frozen=True)
class CriterionResult:
    key: str
    title: str
    passed: bool
    explanation: str
    how_to_fix: str = ""
    kind: str = COMPUTED  # COMPUTED from data, or VERIFIED by a reviewer from evidence


@dataclass(frozen=True)
class IncomeBasis:
    """The classification a country is judged by.

    income_group is "" when the country is unclassified in every year loaded. fiscal_year is
    the year judged by; it is older than newest_fiscal_year when the newest year leaves the
    country unclassified (or out) and an older year classified it.
    """

    income_group: str
    fiscal_year: int
    newest_fiscal_year: int

    @property
    def is_fallback(self) -> bool:
        return self.fiscal_year != self.newest_fiscal_year

    @property
    def is_classified(self) -> bool:
        return self.income_group != ""


@dataclass(frozen=True)
class OrganizationFacts:
    """What the computed criteria judge, for one organization."""

    country_name: str
    income: IncomeBasis | None  # None: no World Bank data at all for the country
    employee_count: int | None
    local_ownership_percent: Decimal | None


def choose_income_basis(
    history: Iterable[tuple[int, str]], *, newest_year: int | None
) -> IncomeBasis | None:
    """Pick the classification to judge by from (fiscal_year, income_group) pairs.

    The newest year loaded when it classifies the country; otherwise the latest year that
    did; otherwise (never classified) an unclassified basis. None without any data.
    """
    history = sorted(history)
    if not history or newest_year is None:
        return None
    year, group = history[-1]
    if year == newest_year and group:
        return IncomeBasis(group, year, newest_year)
    classified = [(year, group) for year, group in history if group]
    if classified:
        year, group = classified[-1]
        return IncomeBasis(group, year, newest_year)
    return IncomeBasis("", newest_year, newest_year)


def basis_too_old(income: IncomeBasis | None, *, max_years: int | None = None) -> bool:
    """The newest years leave the country unclassified for longer than the fallback allows
    (CERTIFICATION_UNCLASSIFIED_FALLBACK_YEARS): the data no longer judges it; a reviewer
    decides."""
    if max_years is None:
        max_years = settings.CERTIFICATION_UNCLASSIFIED_FALLBACK_YEARS
    return (
        income is not None
        and income.is_fallback
        and income.newest_fiscal_year - income.fiscal_year > max_years
    )


def _percent(value: Decimal) -> str:
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


# --- Computed criteria ------------------------------------------------------------------


def location(*, country_name: str, income: IncomeBasis | None) -> CriterionResult:
    key, title = "location", "Based in a low- or lower-middle-income economy"
    country = country_name or "Your organization's country"
    fix = (
        "The label is for organizations based in low- and lower-middle-income economies "
        "(World Bank classification). If the country in your profile is wrong, correct it."
    )
    if not country_name:
        return CriterionResult(
            key,
            title,
            False,
            "The organization's profile does not name its country.",
            "Add the country where your organization is based to its profile.",
        )
    if income is None:
        return CriterionResult(
            key,
            title,
            False,
            f"There is no World Bank income classification for {country}.",
            "The label can only be granted where the World Bank classifies the economy. "
            "If the country in your profile is wrong, correct it.",
        )
    if not income.is_classified:
        return CriterionResult(
            key,
            title,
            False,
            f"{country} is not classified by the World Bank in FY{income.newest_fiscal_year}, "
            "and no earlier year loaded classifies it.",
            "The label can be granted once the World Bank classifies the economy as low or "
            "lower-middle income.",
        )
    phrase = INCOME_GROUP_PHRASES[income.income_group]
    passed = income.income_group in ELIGIBLE_INCOME_GROUPS
    if income.is_fallback:
        explanation = (
            f"{country} is not classified in FY{income.newest_fiscal_year}; judged by "
            f"FY{income.fiscal_year}, when it was {phrase}."
        )
    else:
        explanation = f"{country} is {phrase} (World Bank, FY{income.fiscal_year})."
    return CriterionResult(key, title, passed, explanation, "" if passed else fix)


def size(*, employee_count: int | None, max_employees: int | None = None) -> CriterionResult:
    key = "size"
    limit = settings.CERTIFICATION_MAX_EMPLOYEES if max_employees is None else max_employees
    title = f"At most {limit} employees"
    if employee_count is None:
        return CriterionResult(
            key,
            title,
            False,
            "The organization's profile does not say how many people it employs.",
            "Add the number of employees to your organization's profile.",
        )
    people = "employee" if employee_count == 1 else "employees"
    if employee_count <= limit:
        return CriterionResult(
            key,
            title,
            True,
            f"The organization has {employee_count} {people}; the limit is {limit}.",
        )
    return CriterionResult(
        key,
        title,
        False,
        f"The organization has {employee_count} {people}, more than the limit of {limit}.",
        f"The label is for small firms of at most {limit} employees. If the number in your "
        "profile is out of date, correct it.",
    )


def local_ownership(
    *,
    local_ownership_percent: Decimal | None,
    country_name: str,
    min_percent: Decimal | None = None,
) -> CriterionResult:
    key = "local_ownership"
    minimum = (
        settings.CERTIFICATION_MIN_LOCAL_OWNERSHIP_PERCENT if min_percent is None else min_percent
    )
    title = f"At least {_percent(minimum)} locally owned"
    where = country_name or "the country"
    if local_ownership_percent is None:
        return CriterionResult(
            key,
            title,
            False,
            "The organization's profile does not say how much of it is owned locally.",
            f"Add the share of your organization owned by people living in {where}.",
        )
    share = _percent(local_ownership_percent)
    if Decimal(local_ownership_percent) >= Decimal(minimum):
        return CriterionResult(
            key,
            title,
            True,
            f"{share} of the organization is owned by people living in {where}; "
            f"at least {_percent(minimum)} is required.",
        )
    return CriterionResult(
        key,
        title,
        False,
        f"Only {share} of the organization is owned by people living in {where}; "
        f"at least {_percent(minimum)} is required.",
        f"The label is for firms at least {_percent(minimum)} owned by people living in the "
        "country. If the share in your profile is out of date, correct it.",
    )


def evaluate_computed(
    facts: OrganizationFacts,
    *,
    max_employees: int | None = None,
    min_local_ownership_percent: Decimal | None = None,
) -> list[CriterionResult]:
    """Every criterion computed from data, in the order a provider reads them."""
    return [
        location(country_name=facts.country_name, income=facts.income),
        size(employee_count=facts.employee_count, max_employees=max_employees),
        local_ownership(
            local_ownership_percent=facts.local_ownership_percent,
            country_name=facts.country_name,
            min_percent=min_local_ownership_percent,
        ),
    ]


def all_passed(results: Iterable[CriterionResult]) -> bool:
    """All criteria must pass; none offsets another."""
    return all(result.passed for result in results)


def failing_explanations(results: Iterable[CriterionResult]) -> str:
    return " ".join(result.explanation for result in results if not result.passed)


# --- Criteria a reviewer verifies from evidence --------------------------------------------


def _evidence_problem(what: str, valid_until: date | None, on: date) -> str | None:
    if valid_until is None:
        return f"There is no verified {what} on file."
    if on > valid_until:
        return f"The verified {what} expired on {day(valid_until)}."
    return None


def fair_pay(
    *,
    lowest_monthly_wage: Decimal | None,
    wage_currency: str,
    living_wage_benchmark: Decimal | None,
    benchmark_currency: str,
    evidence_valid_until: date | None,
    on: date,
) -> CriterionResult:
    """The lowest full-time monthly wage is at least the local living-wage benchmark."""
    key, title = "fair_pay", "Pays at least a living wage"
    problem = _evidence_problem("payroll summary", evidence_valid_until, on)
    if problem:
        return CriterionResult(
            key,
            title,
            False,
            problem,
            "Upload a current payroll summary showing the lowest full-time monthly wage.",
            VERIFIED,
        )
    if lowest_monthly_wage is None or living_wage_benchmark is None:
        return CriterionResult(
            key,
            title,
            False,
            "The lowest wage or the living-wage benchmark has not been recorded yet.",
            "A reviewer records both from your payroll summary; answer any question they ask.",
            VERIFIED,
        )
    if wage_currency.upper() != benchmark_currency.upper():
        return CriterionResult(
            key,
            title,
            False,
            f"The lowest wage is in {wage_currency} but the benchmark is in "
            f"{benchmark_currency}; they cannot be compared.",
            "Give the lowest wage in the local currency of the benchmark.",
            VERIFIED,
        )
    currency = benchmark_currency.upper()
    wage = f"{lowest_monthly_wage:,} {currency}"
    benchmark = f"{living_wage_benchmark:,} {currency}"
    if lowest_monthly_wage >= living_wage_benchmark:
        return CriterionResult(
            key,
            title,
            True,
            f"The lowest full-time monthly wage, {wage}, is at or above the living-wage "
            f"benchmark of {benchmark}.",
            kind=VERIFIED,
        )
    return CriterionResult(
        key,
        title,
        False,
        f"The lowest full-time monthly wage, {wage}, is below the living-wage benchmark of "
        f"{benchmark}.",
        f"Raise every full-time monthly wage to at least {benchmark}, then upload a new "
        "payroll summary.",
        VERIFIED,
    )


def impact_workforce(
    *,
    impact_percent: Decimal | None,
    evidence_valid_until: date | None,
    on: date,
    min_percent: Decimal | None = None,
) -> CriterionResult:
    """Enough of the workforce were long-term unemployed, poor or otherwise disadvantaged."""
    key = "impact_workforce"
    minimum = (
        settings.CERTIFICATION_MIN_IMPACT_WORKFORCE_PERCENT if min_percent is None else min_percent
    )
    title = f"At least {_percent(minimum)} impact workforce"
    fix = (
        f"At least {_percent(minimum)} of your workers should be people who were long-term "
        "unemployed, below the poverty line, or from another disadvantaged group before "
        "joining. Upload current evidence of it."
    )
    problem = _evidence_problem("workforce evidence", evidence_valid_until, on)
    if problem:
        return CriterionResult(key, title, False, problem, fix, VERIFIED)
    if impact_percent is None:
        return CriterionResult(
            key,
            title,
            False,
            "The share of the impact workforce has not been recorded yet.",
            fix,
            VERIFIED,
        )
    share = _percent(impact_percent)
    if Decimal(impact_percent) >= Decimal(minimum):
        return CriterionResult(
            key,
            title,
            True,
            f"{share} of its workers joined from long-term unemployment, poverty or another "
            f"disadvantaged group; at least {_percent(minimum)} is required.",
            kind=VERIFIED,
        )
    return CriterionResult(
        key,
        title,
        False,
        f"Only {share} of its workers joined from long-term unemployment, poverty or another "
        f"disadvantaged group; at least {_percent(minimum)} is required.",
        fix,
        VERIFIED,
    )


def labour_code(*, signed_by_name: str, signed_on: date | None) -> CriterionResult:
    """The organization signed the Fairbid labour code, with a name and a date."""
    key, title = "labour_code", "Signed the Fairbid labour code"
    name = (signed_by_name or "").strip()
    if name and signed_on is not None:
        return CriterionResult(
            key,
            title,
            True,
            f"{name} signed the Fairbid labour code on {day(signed_on)}.",
            kind=VERIFIED,
        )
    return CriterionResult(
        key,
        title,
        False,
        "The Fairbid labour code has not been signed with a name and a date.",
        "Read the Fairbid labour code and sign it in the application with your name.",
        VERIFIED,
    )
