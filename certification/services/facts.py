"""The verified facts a label rests on: taken at approval, replaced only by a reviewer."""

from accounts.models import User
from certification.models import Label, VerifiedFacts
from core.exceptions import validated
from core.transitions import actor_fields

# What a snapshot holds, beyond who took it and why.
FACT_FIELDS = (
    "country",
    "employee_count",
    "local_ownership_percent",
    "lowest_monthly_wage",
    "wage_currency",
    "living_wage_benchmark",
    "benchmark_currency",
    "benchmark_source",
    "benchmark_date",
    "total_workers",
    "impact_workers",
    "code_signed_by",
    "code_signed_on",
    "payroll_evidence",
    "payroll_valid_until",
    "workforce_evidence",
    "workforce_valid_until",
)


def facts_record(*, label: Label, values: dict, by: User, reason: str) -> VerifiedFacts:
    """A new snapshot of the label's verified facts: the current one with `values` changed
    (or only `values` for the first). The caller holds the label's row lock."""
    current = label.verified_facts.order_by("-created_at", "-pk").first()
    base = {name: getattr(current, name) for name in FACT_FIELDS} if current else {}
    actor = actor_fields(by)
    facts = VerifiedFacts(
        label=label,
        **{**base, **values},
        reason=reason,
        verified_by=actor.get("actor"),
        verified_by_name=actor.get("actor_name", ""),
    )
    validated(facts)
    facts.save()
    return facts
