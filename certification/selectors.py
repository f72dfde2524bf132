"""Reads of country income data, criteria, labels and applications, shaped for their callers.

Other apps use annotate_label / certified_only to show badges and filter on any queryset that
reaches an organization, and computed_criteria_for to show an organization's breakdown.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_countries import countries

from accounts import selectors as account_selectors
from certification import codes, criteria
from certification.criteria import CriterionResult, IncomeBasis, OrganizationFacts
from certification.models import (
    CERTIFIED_STATUSES,
    CURRENT_STATUSES,
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationStatus,
    Evidence,
    EvidenceKind,
    FactChange,
    FactChangeStatus,
    IncomeClassification,
    Label,
    LabelEvent,
    LabelStatus,
    VerifiedFacts,
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


# How buyers rank labels when they sort bids by label: in force first, then certified with a
# caveat, then never certified (or expired), then suspended, then revoked.
LABEL_RANKS = {
    LabelStatus.ACTIVE: 0,
    LabelStatus.EXPIRING: 0,
    LabelStatus.SUSPENDED: 3,
    LabelStatus.REVOKED: 4,
}
UNCERTIFIED_RANK = 2


def label_rank(field: str = "label_status"):
    """The rank (LABEL_RANKS) of an annotated label status, in SQL."""
    return Case(
        *[When(**{field: status}, then=Value(rank)) for status, rank in LABEL_RANKS.items()],
        default=Value(UNCERTIFIED_RANK),
        output_field=IntegerField(),
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
    """The label with this public code and its effective_status, or None. A code is read
    as people type it (any case, O for 0, I or L for 1, dashes anywhere); older codes match
    exactly."""
    return (
        with_effective_status(Label.objects.select_related("organization"))
        .filter(code__in={code, codes.normalized(code) or code})
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
    name; country is an ISO alpha-2 code; status one of REGISTER_FILTERS. The country is the
    verified one (verified_country), never what the profile says since.
    """
    statuses = REGISTER_FILTERS.get(status, REGISTER_STATUSES)
    verified_country = VerifiedFacts.objects.filter(label=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    labels = (
        with_effective_status(Label.objects.select_related("organization"))
        .annotate(
            verified_country=Coalesce(
                Subquery(verified_country.values("country")[:1]), F("organization__country")
            )
        )
        .filter(effective_status__in=sorted(statuses))
    )
    query = query.strip()
    if query:
        matches = Q(code__in={query, codes.normalized(query) or query}) | Q(
            organization__name__icontains=query
        )
        country_codes = _country_codes_named(query)
        if country_codes:
            matches |= Q(verified_country__in=country_codes)
        labels = labels.filter(matches)
    if country:
        labels = labels.filter(verified_country=country)
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


# --- Verified facts: what a label rests on ----------------------------------------------------


def current_facts(label: Label) -> VerifiedFacts | None:
    """The label's current snapshot of verified facts: the newest one."""
    return label.verified_facts.order_by("-created_at", "-pk").first()


def current_facts_by_label(label_ids: Iterable[int]) -> dict[int, VerifiedFacts]:
    """The current snapshot of each label, in one query for a whole batch."""
    facts = {}
    for row in VerifiedFacts.objects.filter(label_id__in=list(label_ids)).order_by(
        "label_id", "created_at", "pk"
    ):
        facts[row.label_id] = row  # the newest wins
    return facts


def application_facts(application: Application) -> dict:
    """The facts an application puts before the reviewer: the organization's profile, the
    provider's answers, the reviewer's benchmark and the validity the reviewer set for the
    newest document of each kind."""
    organization = application.organization
    newest = {}
    for document in application.evidence.order_by("uploaded_at", "pk"):
        newest[document.kind] = document
    return {
        "country": organization.country,
        "employee_count": organization.employee_count,
        "local_ownership_percent": organization.local_ownership_percent,
        "lowest_monthly_wage": application.lowest_monthly_wage,
        "wage_currency": application.wage_currency,
        "living_wage_benchmark": application.living_wage_benchmark,
        "benchmark_currency": application.benchmark_currency,
        "benchmark_source": application.benchmark_source,
        "benchmark_date": application.benchmark_date,
        "total_workers": application.total_workers,
        "impact_workers": application.impact_workers,
        "code_signed_by": application.code_signed_by,
        "code_signed_on": (
            timezone.localdate(application.code_signed_at) if application.code_signed_at else None
        ),
        "payroll_evidence": newest.get(EvidenceKind.PAYROLL),
        "payroll_valid_until": application.payroll_valid_until,
        "workforce_evidence": newest.get(EvidenceKind.WORKFORCE),
        "workforce_valid_until": application.workforce_valid_until,
    }


def candidate_facts(application: Application) -> VerifiedFacts:
    """The snapshot an approval of this application would take, unsaved: what the reviewer
    confirms."""
    return VerifiedFacts(**application_facts(application))


def facts_computed(facts: VerifiedFacts, *, incomes: dict[str, CountryIncome]) -> OrganizationFacts:
    """The plain values the computed criteria judge, from a snapshot: the verified country as
    the World Bank classifies it this year, the verified head count and ownership."""
    code = facts.country.code
    income = incomes.get(code)
    return OrganizationFacts(
        country_name=facts.country.name or (income.economy_name if income else code),
        income=income.basis if income else None,
        employee_count=facts.employee_count,
        local_ownership_percent=facts.local_ownership_percent,
    )


def facts_verified(facts: VerifiedFacts, *, on: date) -> list[CriterionResult]:
    """The reviewer-verified criteria, judged on a snapshot and the validity the reviewer set."""
    impact = (
        (Decimal(facts.impact_workers) * 100 / facts.total_workers).quantize(Decimal("0.01"))
        if facts.total_workers and facts.impact_workers is not None
        else None
    )
    return [
        criteria.fair_pay(
            lowest_monthly_wage=facts.lowest_monthly_wage,
            wage_currency=facts.wage_currency,
            living_wage_benchmark=facts.living_wage_benchmark,
            benchmark_currency=facts.benchmark_currency,
            evidence_valid_until=facts.payroll_valid_until,
            on=on,
        ),
        criteria.impact_workforce(
            impact_percent=impact, evidence_valid_until=facts.workforce_valid_until, on=on
        ),
        criteria.labour_code(signed_by_name=facts.code_signed_by, signed_on=facts.code_signed_on),
    ]


def facts_criteria(
    facts: VerifiedFacts, *, on: date | None = None, incomes: dict | None = None
) -> list[CriterionResult]:
    """Every criterion judged on a snapshot of verified facts only."""
    on = on or timezone.localdate()
    if incomes is None:
        incomes = country_incomes([facts.country.code])
    return criteria.evaluate_computed(facts_computed(facts, incomes=incomes)) + facts_verified(
        facts, on=on
    )


def label_criteria(label: Label, *, on: date | None = None) -> list[CriterionResult]:
    """What a label's public page and the API show: its criteria judged on its verified facts
    only (empty when no facts were ever verified for it)."""
    facts = current_facts(label)
    return facts_criteria(facts, on=on) if facts is not None else []


def pending_fact_change(label: Label) -> FactChange | None:
    """The changed facts of the label awaiting a reviewer, if any."""
    return label.fact_changes.filter(status=FactChangeStatus.PENDING).first()


def evidence_lapses_on(facts: VerifiedFacts) -> date:
    """The day the first piece of verified evidence behind a snapshot lapses."""
    return min(facts.payroll_valid_until, facts.workforce_valid_until)


def may_download(*, document: Evidence, user) -> bool:
    """Members of the applying organization and certification reviewers, no one else."""
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("certification.view_evidence"):
        return True
    return account_selectors.is_member(
        user=user, organization_id=document.application.organization_id
    )
