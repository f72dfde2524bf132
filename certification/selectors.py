"""Reads of country income data, criteria, labels and applications, shaped for their callers.

Other apps use annotate_label / certified_only to show badges and filter on any queryset that
reaches an organization, and computed_criteria_for to show an organization's breakdown.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django_countries import countries

from accounts import selectors as account_selectors
from certification import criteria
from certification.criteria import CriterionResult, IncomeBasis, OrganizationFacts
from certification.models import (
    CERTIFIED_STATUSES,
    CURRENT_STATUSES,
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationStatus,
    Evidence,
    EvidenceKind,
    IncomeClassification,
    Label,
    LabelEvent,
    LabelStatus,
)

# --- Country income data ------------------------------------------------------------------


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


# --- Criteria -----------------------------------------------------------------------------


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


# --- Labels -------------------------------------------------------------------------------


def effective_status_expression(*, today: date | None = None, path: str = ""):
    """A label's status as it is today, in SQL (see transitions.effective_status): a current
    label past its last day reads "expired" before any job has recorded it. path reaches the
    label ("" on labels, "label__" on rows with a label FK)."""
    today = today or timezone.localdate()
    past_end = Q(
        **{
            f"{path}status__in": sorted(CURRENT_STATUSES),
            f"{path}valid_until__lt": today,
        }
    )
    return Case(
        When(past_end, then=Value(LabelStatus.EXPIRED.value)),
        default=F(f"{path}status"),
        output_field=CharField(),
    )


def with_effective_status(labels: QuerySet) -> QuerySet:
    """Labels annotated with effective_status: what every page, the API and the badge show."""
    return labels.annotate(effective_status=effective_status_expression())


def in_force(*, path: str = "") -> Q:
    """Labels that certify today: active or expiring, and not past their last day."""
    return Q(
        **{
            f"{path}status__in": sorted(CERTIFIED_STATUSES),
            f"{path}valid_until__gte": timezone.localdate(),
        }
    )


def _labels_newest_first(organization_ref) -> QuerySet:
    """An organization's labels, its current one (if any) first, then the most recent."""
    return (
        Label.objects.filter(organization=organization_ref)
        .annotate(
            _not_current=Case(
                When(status__in=sorted(CURRENT_STATUSES), then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("_not_current", "-valid_from", "-pk")
    )


def annotate_label(queryset: QuerySet, *, organization_path: str = "") -> QuerySet:
    """Add label_status and label_code (None without a label) to a queryset reaching an
    organization: "" for organizations, "organization__" for rows with an organization FK.

    The label shown is the organization's current one or else its most recent (expired or
    revoked), so a badge never silently vanishes. Two subqueries, no per-row queries.
    """
    labels = with_effective_status(_labels_newest_first(OuterRef(f"{organization_path}pk")))
    return queryset.annotate(
        label_status=Subquery(labels.values("effective_status")[:1]),
        label_code=Subquery(labels.values("code")[:1]),
    )


def certified_only(queryset: QuerySet, *, organization_path: str = "") -> QuerySet:
    """Keep the rows whose organization holds a label in force today."""
    certified = Label.objects.filter(in_force(), organization=OuterRef(f"{organization_path}pk"))
    return queryset.filter(Exists(certified))


def holds_label_in_force(organization_id: int) -> bool:
    """Whether the organization carries the label now (active or expiring)."""
    return Label.objects.filter(
        organization_id=organization_id, status__in=sorted(CERTIFIED_STATUSES)
    ).exists()


def label_for_organization(organization) -> Label | None:
    """The organization's current label, or else its most recent one, or None; with its
    effective_status."""
    return with_effective_status(_labels_newest_first(organization)).first()


def label_by_code(code: str) -> Label | None:
    """The label with this public code and its effective_status, or None."""
    return (
        with_effective_status(Label.objects.select_related("organization"))
        .filter(code=code)
        .first()
    )


def label_history(label: Label) -> QuerySet:
    return LabelEvent.objects.filter(label=label).select_related("actor").order_by("created_at")


# --- Public register ----------------------------------------------------------------------

# The labels the public register lists: in force, and also suspended or revoked ones, so a
# buyer can find out that a label no longer holds.
REGISTER_STATUSES = frozenset(
    {LabelStatus.ACTIVE, LabelStatus.EXPIRING, LabelStatus.SUSPENDED, LabelStatus.REVOKED}
)
# What the register's status filter offers: a name and the statuses it keeps.
REGISTER_FILTERS = {
    "certified": CERTIFIED_STATUSES,
    "suspended": frozenset({LabelStatus.SUSPENDED}),
    "revoked": frozenset({LabelStatus.REVOKED}),
}


def _country_codes_named(text: str) -> list[str]:
    text = text.lower()
    return [code for code, name in countries if text in name.lower()]


def label_register(*, query: str = "", country: str = "", status: str = "") -> QuerySet:
    """Labels for the public register, with their organization, in two queries a page.

    query matches a label code exactly, or part of the organization's name or country's
    name; country is an ISO alpha-2 code; status one of REGISTER_FILTERS.
    """
    statuses = REGISTER_FILTERS.get(status, REGISTER_STATUSES)
    labels = with_effective_status(Label.objects.select_related("organization")).filter(
        effective_status__in=sorted(statuses)
    )
    query = query.strip()
    if query:
        matches = Q(code=query) | Q(organization__name__icontains=query)
        codes = _country_codes_named(query)
        if codes:
            matches |= Q(organization__country__in=codes)
        labels = labels.filter(matches)
    if country:
        labels = labels.filter(organization__country=country)
    return labels.order_by("organization__name", "-valid_from", "-pk")


# --- Applications for the label and the criteria breakdown --------------------------------


def open_application(*, organization) -> Application | None:
    return (
        organization.label_applications.filter(status__in=sorted(OPEN_APPLICATION_STATUSES))
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("kind", "pk")))
        .first()
    )


def latest_application(*, organization) -> Application | None:
    return organization.label_applications.prefetch_related("evidence").first()


def approved_application(*, organization) -> Application | None:
    return (
        organization.label_applications.filter(status=ApplicationStatus.APPROVED)
        .prefetch_related("evidence")
        .order_by("-decided_at", "-pk")
        .first()
    )


def decided_applications(*, organization):
    return organization.label_applications.exclude(
        status__in=sorted(OPEN_APPLICATION_STATUSES)
    ).select_related("decided_by")


def application_history(*, application: Application):
    return application.events.select_related("actor")


def evidence_valid_until(application: Application) -> dict[str, date | None]:
    """The last day each kind of evidence speaks for (the newest document of the kind)."""
    latest = dict.fromkeys(EvidenceKind.values)
    for evidence in application.evidence.all():
        if latest[evidence.kind] is None or evidence.valid_until > latest[evidence.kind]:
            latest[evidence.kind] = evidence.valid_until
    return latest


def verified_criteria(application: Application | None, *, on: date) -> list[CriterionResult]:
    """The reviewer-verified criteria, judged from an application's answers and evidence."""
    until = evidence_valid_until(application) if application else {}
    return [
        criteria.fair_pay(
            lowest_monthly_wage=application.lowest_monthly_wage if application else None,
            wage_currency=application.wage_currency if application else "",
            living_wage_benchmark=application.living_wage_benchmark if application else None,
            benchmark_currency=application.benchmark_currency if application else "",
            evidence_valid_until=until.get(EvidenceKind.PAYROLL),
            on=on,
        ),
        criteria.impact_workforce(
            impact_percent=application.impact_percent if application else None,
            evidence_valid_until=until.get(EvidenceKind.WORKFORCE),
            on=on,
        ),
        criteria.labour_code(
            signed_by_name=application.code_signed_by if application else "",
            signed_on=timezone.localdate(application.code_signed_at)
            if application and application.code_signed_at
            else None,
        ),
    ]


def criteria_breakdown(organization, *, on: date | None = None) -> list[CriterionResult]:
    """Every criterion, computed and verified, for an organization.

    The provider's page and the public verification page both show this. Verified criteria
    are judged on the application in progress, or else on the last approved one.
    """
    on = on or timezone.localdate()
    application = open_application(organization=organization) or approved_application(
        organization=organization
    )
    return computed_criteria_for(organization) + verified_criteria(application, on=on)


def evidence_until_by_label(label_ids) -> dict[int, date | None]:
    """For each label, the day its verified evidence lapses: the earliest, across the kinds
    required, of the newest document of that kind in the application that granted it. One
    query for a whole batch."""
    rows = (
        Evidence.objects.filter(
            application__label_id__in=list(label_ids),
            application__status=ApplicationStatus.APPROVED,
        )
        .values("application__label_id", "kind")
        .annotate(until=Max("valid_until"))
    )
    per_label: dict[int, dict[str, date]] = {}
    for row in rows:
        per_label.setdefault(row["application__label_id"], {})[row["kind"]] = row["until"]
    return {
        label_id: min(kinds.get(kind) or date.min for kind in EvidenceKind.values)
        for label_id, kinds in per_label.items()
    }


def may_download(*, document: Evidence, user) -> bool:
    """Members of the applying organization and certification reviewers, no one else."""
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("certification.view_evidence"):
        return True
    return account_selectors.is_member(
        user=user, organization_id=document.application.organization_id
    )
