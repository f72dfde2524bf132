"""Demo certification: applications in every state and labels in every status, made through
the services wherever a real provider or reviewer would have acted."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organization, User
from accounts.services import organization_update
from certification.models import EvidenceKind, FindingSeverity, Label, LabelEvent, LabelStatus
from certification.selectors.incomes import newest_fiscal_year
from certification.services import appeals as appeal_services
from certification.services import applications as application_services
from certification.services import concerns as concern_services
from certification.services import facts as facts_services
from certification.services import incomes as income_services
from certification.services import labels as label_services
from certification.services import recompute as recompute_services

# The World Bank data certification ships with.
DATA = Path(apps.get_app_config("certification").path) / "data"
INCOME_FILES = ["country_income_groups_fy2025.csv", "country_income_groups.csv"]
REVIEWER = "reviewer@demo.fairbid.test"
APPEALS_REVIEWER = "appeals.reviewer@demo.fairbid.test"
DEMO_PDF = b"%PDF-1.4\n% Fairbid demo evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# owner's email -> what its organization's certification looks like
PLAN = {
    "provider@demo.fairbid.test": "active",
    "wanjiru.kamau@demo.fairbid.test": "expiring, renewal drafted",
    "sita.gurung@demo.fairbid.test": "submitted",
    "rahim.uddin@demo.fairbid.test": "suspended by a reviewer and appealed, changes requested",
    "jean.uwimana@demo.fairbid.test": "revoked, appeal upheld, cooling off",
    "ana.lopes@demo.fairbid.test": "in transition (country graduated), renewal in review",
    "tavita.faleolo@demo.fairbid.test": "expired, rejected",
}


def seed(users: dict[str, User]) -> None:
    if newest_fiscal_year() is None:
        for name in INCOME_FILES:
            income_services.country_incomes_load(path=DATA / name)
    reviewer = users[REVIEWER]
    for owner_email, plan in PLAN.items():
        owner = users[owner_email]
        organization = owner.memberships.get().organization
        if organization.labels.exists() or organization.label_applications.exists():
            continue
        _STEPS[plan](organization, owner, reviewer)
        if plan in DUE_PROCESS:
            DUE_PROCESS[plan](organization, owner, reviewer, users[APPEALS_REVIEWER])
    _grown_since(users["provider@demo.fairbid.test"])


def _application(
    organization: Organization, owner: User, *, impact_share: Decimal = Decimal("0.4")
):
    application = application_services.application_start(organization=organization, by=owner)
    application_services.application_update(
        application=application,
        by=owner,
        lowest_monthly_wage=Decimal("420"),
        wage_currency="USD",
        total_workers=organization.employee_count,
        impact_workers=int(organization.employee_count * impact_share),
        impact_description="People who were long-term unemployed before joining, trained in-house.",
    )
    until = timezone.localdate() + timedelta(days=300)
    for kind in EvidenceKind.values:
        application_services.evidence_add(
            application=application,
            by=owner,
            kind=kind,
            upload=SimpleUploadedFile(f"{kind}-summary.pdf", DEMO_PDF),
            valid_until=until,
        )
    application_services.application_sign_code(
        application=application, by=owner, name=owner.get_full_name()
    )
    return application


def reviewer_dates() -> dict:
    """The benchmark's date, and evidence accepted for 300 days (within a label's year)."""
    today = timezone.localdate()
    return {
        "benchmark_date": today - timedelta(days=60),
        "payroll_valid_until": today + timedelta(days=300),
        "workforce_valid_until": today + timedelta(days=300),
    }


def _submitted(organization, owner, reviewer, **kwargs):
    application = _application(organization, owner, **kwargs)
    application_services.application_submit(application=application, by=owner)
    application_services.application_record_benchmark(
        application=application,
        by=reviewer,
        living_wage_benchmark=Decimal("380"),
        benchmark_currency="USD",
        benchmark_source="Regional living-wage estimate, converted to USD",
        **reviewer_dates(),
    )
    return application


def _approved(organization, owner, reviewer):
    application = _submitted(organization, owner, reviewer)
    application_services.application_approve(
        application=application, by=reviewer, note="Payroll and workforce records check out."
    )
    return application


def _past_label(organization, *, days_ago: int, reason: str, reviewer: User) -> Label:
    """A label granted in the past, when the organization met every criterion of the day,
    with the facts the reviewer verified then."""
    valid_from = timezone.localdate() - timedelta(days=days_ago)
    label = Label.objects.create(
        organization=organization,
        status=LabelStatus.ACTIVE,
        valid_from=valid_from,
        valid_until=label_services.label_valid_until(valid_from),
        status_reason=reason,
    )
    LabelEvent.objects.create(
        label=label, from_status="", to_status=LabelStatus.ACTIVE, reason=reason
    )
    facts_services.facts_record(
        label=label,
        values={
            "country": organization.country,
            "employee_count": organization.employee_count,
            "local_ownership_percent": organization.local_ownership_percent,
            "lowest_monthly_wage": Decimal("420"),
            "wage_currency": "USD",
            "living_wage_benchmark": Decimal("380"),
            "benchmark_currency": "USD",
            "benchmark_source": "Regional living-wage estimate, converted to USD",
            "benchmark_date": valid_from - timedelta(days=60),
            "total_workers": organization.employee_count,
            "impact_workers": int(organization.employee_count * Decimal("0.4")),
            "code_signed_by": organization.name,
            "code_signed_on": valid_from,
            "payroll_valid_until": label.valid_until,
            "workforce_valid_until": label.valid_until,
        },
        by=reviewer,
        reason="Verified at the approval of the organization's application.",
    )
    return label


def _active(organization, owner, reviewer):
    _approved(organization, owner, reviewer)


def _grown_since(owner: User) -> None:
    """The active label's firm grew since its approval: the change waits for a reviewer and
    does not touch the label. Made on every run, as the accounts' seed resets the profile."""
    organization = owner.memberships.get().organization
    label = organization.labels.filter(status=LabelStatus.ACTIVE).first()
    if label is None or label.fact_changes.filter(status="pending").exists():
        return
    organization_update(
        organization=organization, by=owner, employee_count=organization.employee_count + 4
    )


def _expiring(organization, owner, reviewer):
    _past_label(organization, days_ago=345, reason="Label granted after review.", reviewer=reviewer)
    recompute_services.labels_recompute(organization_ids=[organization.pk])
    _application(organization, owner)


def _submitted_only(organization, owner, reviewer):
    _submitted(organization, owner, reviewer)


def _suspended_then_in_review(organization, owner, reviewer):
    label = _past_label(
        organization, days_ago=150, reason="Label granted after review.", reviewer=reviewer
    )
    label_services.label_transition(
        label=label,
        to=LabelStatus.SUSPENDED,
        reason="A site visit found overtime paid late; suspended until time sheets are checked.",
        by=reviewer,
    )
    application = _submitted(organization, owner, reviewer)
    application_services.application_request_changes(
        application=application,
        by=reviewer,
        note="Please add the new overtime policy and three months of time sheets.",
    )


def _revoked(organization, owner, reviewer):
    label = _past_label(
        organization, days_ago=200, reason="Label granted after review.", reviewer=reviewer
    )
    label_services.label_transition(
        label=label,
        to=LabelStatus.REVOKED,
        reason="Unpaid overtime was reported and confirmed on a site visit.",
        by=reviewer,
    )
    # A revoked firm waits out the cooling-off period before it may apply again.


def _in_transition(organization, owner, reviewer):
    # Granted when Cabo Verde was a lower-middle-income economy (FY2025); the FY2026
    # reclassification puts the label in transition.
    _past_label(
        organization,
        days_ago=340,
        reason="Label granted after review (FY2025 data).",
        reviewer=reviewer,
    )
    recompute_services.labels_recompute(organization_ids=[organization.pk])
    # Its renewal, near the label's end, is in a reviewer's hands.
    application = _submitted(organization, owner, reviewer)
    application_services.application_start_review(application=application, by=reviewer)


def _expired_then_rejected(organization, owner, reviewer):
    _past_label(organization, days_ago=400, reason="Label granted after review.", reviewer=reviewer)
    recompute_services.labels_recompute(organization_ids=[organization.pk])
    application = _submitted(organization, owner, reviewer)
    application_services.application_reject(
        application=application,
        by=reviewer,
        note="Samoa is now an upper-middle-income economy, so the location criterion fails.",
    )


_STEPS = {
    "active": _active,
    "expiring, renewal drafted": _expiring,
    "submitted": _submitted_only,
    "suspended by a reviewer and appealed, changes requested": _suspended_then_in_review,
    "revoked, appeal upheld, cooling off": _revoked,
    "in transition (country graduated), renewal in review": _in_transition,
    "expired, rejected": _expired_then_rejected,
}


# --- Due process: appeals and an upheld concern, after the plans above -----------------------


def _appeal(organization, owner, statement):
    """The owner appeals the organization's latest decision by a reviewer."""
    decision = LabelEvent.objects.filter(
        label__organization=organization, actor__isnull=False
    ).latest("created_at", "pk")
    return appeal_services.appeal_lodge(
        decision=decision,
        by=owner,
        statement=statement,
        uploads=[SimpleUploadedFile("time-sheets.pdf", DEMO_PDF)],
    )


def _suspension_appealed(organization, owner, reviewer, appeals_reviewer):
    # Still open: a second reviewer will decide it.
    _appeal(
        organization,
        owner,
        "Overtime was paid with the following month's wages, as the time sheets show; "
        "it was late but never unpaid.",
    )


def _revocation_appeal_upheld(organization, owner, reviewer, appeals_reviewer):
    appeal = _appeal(
        organization,
        owner,
        "The overtime reported was paid in cash; we ask for the revocation to be lifted.",
    )
    appeal_services.appeal_decide(
        appeal=appeal,
        by=appeals_reviewer,
        overturn=False,
        note="No record shows the cash payments; the workers confirmed they were not paid.",
    )


def _concern_upheld_with_a_finding(organization, owner, reviewer, appeals_reviewer):
    """Someone raised a concern about the expiring label; the firm answered, and a reviewer
    upheld it with a minor finding: the public page lists it with a corrective action."""
    label = organization.labels.get()
    concern = concern_services.concern_raise(
        label=label,
        text="Transcribers on short contracts are paid per file, below the minimum wage.",
        contact_email="",
    )
    concern_services.concern_answer(
        concern=concern,
        by=owner,
        answer="Four transcribers were on per-file rates in March; they are salaried since.",
    )
    concern_services.concern_decide(
        concern=concern,
        by=reviewer,
        uphold=True,
        action="finding",
        note="Per-file rates fell below the minimum wage in March.",
        finding={
            "severity": FindingSeverity.MINOR,
            "problem": "Transcribers on per-file rates earned below the minimum wage.",
            "required_action": "Show three months of payroll with every transcriber salaried.",
            "deadline": timezone.localdate() + timedelta(days=20),
        },
    )


DUE_PROCESS = {
    "suspended by a reviewer and appealed, changes requested": _suspension_appealed,
    "revoked, appeal upheld, cooling off": _revocation_appeal_upheld,
    "expiring, renewal drafted": _concern_upheld_with_a_finding,
}
