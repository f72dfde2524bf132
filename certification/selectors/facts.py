"""Reads of verified facts: the snapshot a label rests on and the criteria judged on it."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from certification import criteria
from certification.criteria import CriterionResult, OrganizationFacts
from certification.models import (
    CURRENT_STATUSES,
    Application,
    EvidenceKind,
    Label,
    VerifiedFacts,
)
from certification.selectors.incomes import CountryIncome, country_incomes


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


def labels_for_reviewers_unclassified() -> QuerySet:
    """Current labels whose verified country the newest World Bank years have left
    unclassified for longer than CERTIFICATION_UNCLASSIFIED_FALLBACK_YEARS: the data no
    longer judges them, and a reviewer decides. Three queries."""
    labels = Label.objects.filter(status__in=sorted(CURRENT_STATUSES))
    snapshots = current_facts_by_label(labels.values_list("pk", flat=True))
    incomes = country_incomes({facts.country.code for facts in snapshots.values()})
    waiting = [
        label_id
        for label_id, facts in snapshots.items()
        if criteria.basis_too_old(
            incomes[facts.country.code].basis if facts.country.code in incomes else None
        )
    ]
    return labels.filter(pk__in=waiting)


def evidence_lapses_on(facts: VerifiedFacts) -> date:
    """The day the first piece of verified evidence behind a snapshot lapses."""
    return min(facts.payroll_valid_until, facts.workforce_valid_until)


def evidence_validity(facts: VerifiedFacts) -> dict[str, date]:
    """Until when the reviewer accepted each kind of verified evidence behind a snapshot."""
    return {
        EvidenceKind.PAYROLL: facts.payroll_valid_until,
        EvidenceKind.WORKFORCE: facts.workforce_valid_until,
    }
