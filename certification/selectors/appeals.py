"""Reads of appeals: which decisions an organization may appeal and until when, the appeals
a label's public record shows, and who may download an appeal's files."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts import selectors as account_selectors
from certification.models import (
    Appeal,
    AppealFile,
    AppealSubject,
    ApplicationEvent,
    ApplicationStatus,
    Label,
    LabelEvent,
    LabelStatus,
)

# The decisions of a person (not of the nightly check) that an organization may appeal.
LABEL_DECISIONS = {
    LabelStatus.SUSPENDED: AppealSubject.SUSPENSION,
    LabelStatus.REVOKED: AppealSubject.REVOCATION,
}


def appeal_subject(decision: ApplicationEvent | LabelEvent) -> str | None:
    """What an appeal of this history row would be about; None when it cannot be appealed."""
    if decision.actor_task or decision.actor_id is None:
        return None
    if isinstance(decision, ApplicationEvent):
        rejected = decision.to_status == ApplicationStatus.REJECTED
        return AppealSubject.REJECTION if rejected else None
    return LABEL_DECISIONS.get(decision.to_status)


def appeal_deadline(decision: ApplicationEvent | LabelEvent) -> date:
    """The last day the decision may be appealed."""
    decided_on = timezone.localdate(decision.created_at)
    return decided_on + timedelta(days=settings.CERTIFICATION_APPEAL_DAYS)


def appeal_of(decision: ApplicationEvent | LabelEvent) -> Appeal | None:
    # A reverse one-to-one without a row raises a subclass of AttributeError.
    return getattr(decision, "appeal", None)


def organization_id_of(decision: ApplicationEvent | LabelEvent) -> int:
    if isinstance(decision, ApplicationEvent):
        return decision.application.organization_id
    return decision.label.organization_id


@dataclass(frozen=True)
class AppealableDecision:
    """A decision against the organization, as its appeals page shows it: appeal it until
    `deadline`, unless `appeal` was already lodged."""

    key: str
    subject: str
    decision: ApplicationEvent | LabelEvent
    deadline: date
    appeal: Appeal | None

    @property
    def open_to_appeal(self) -> bool:
        return self.appeal is None and timezone.localdate() <= self.deadline

    @property
    def subject_label(self) -> str:
        return AppealSubject(self.subject).label


def _application_decisions(organization) -> QuerySet:
    return ApplicationEvent.objects.filter(
        application__organization=organization,
        to_status=ApplicationStatus.REJECTED,
        actor__isnull=False,
        actor_task="",
    ).select_related("application", "appeal")


def _label_decisions(organization) -> QuerySet:
    return LabelEvent.objects.filter(
        label__organization=organization,
        to_status__in=sorted(LABEL_DECISIONS),
        actor__isnull=False,
        actor_task="",
    ).select_related("label", "appeal")


def decisions_for_appeal(organization) -> list[AppealableDecision]:
    """The organization's rejections, reviewers' suspensions and revocations, newest first,
    each with its appeal, if any: two queries whatever their number."""
    decisions = [
        *(("application", event) for event in _application_decisions(organization)),
        *(("label", event) for event in _label_decisions(organization)),
    ]
    decisions.sort(key=lambda pair: pair[1].created_at, reverse=True)
    return [
        AppealableDecision(
            key=f"{kind}-{event.pk}",
            subject=appeal_subject(event),
            decision=event,
            deadline=appeal_deadline(event),
            appeal=appeal_of(event),
        )
        for kind, event in decisions
    ]


def decision_by_key(*, organization, key: str) -> ApplicationEvent | LabelEvent | None:
    """The organization's appealable decision a page's form names ("label-12"), or None."""
    kind, _dash, pk = (key or "").partition("-")
    if not pk.isdigit():
        return None
    decisions = {"application": _application_decisions, "label": _label_decisions}.get(kind)
    return decisions(organization).filter(pk=pk).first() if decisions else None


def public_appeals(label: Label) -> QuerySet:
    """The appeals of this label's suspensions and revocations, for its public record: what
    and when, never the statement or the files."""
    return (
        Appeal.objects.filter(label_event__label=label)
        .select_related("label_event")
        .order_by("-created_at", "-pk")
    )


def may_download(*, appeal_file: AppealFile, user) -> bool:
    """An appeal's file is for the members of its organization and for reviewers."""
    if user.is_staff and user.has_perm("certification.view_appeal"):
        return True
    return account_selectors.is_member(
        user=user, organization_id=appeal_file.appeal.organization_id
    )
