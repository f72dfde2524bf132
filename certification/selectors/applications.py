"""Reads of applications for the label, their evidence and the criteria breakdown they give."""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from accounts import selectors as account_selectors
from certification import criteria
from certification.criteria import CriterionResult
from certification.models import (
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationStatus,
    Evidence,
    EvidenceKind,
)
from certification.selectors.incomes import computed_criteria_for


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


def may_download(*, document: Evidence, user) -> bool:
    """Members of the applying organization and certification reviewers, no one else."""
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("certification.view_evidence"):
        return True
    return account_selectors.is_member(
        user=user, organization_id=document.application.organization_id
    )
