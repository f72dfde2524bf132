"""Appeals: the organization's owner appeals a rejection, a reviewer's suspension or a
revocation once, within CERTIFICATION_APPEAL_DAYS; another reviewer upholds or overturns it,
and overturning undoes the decision."""

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from accounts import selectors as account_selectors
from accounts.models import Organization, User
from certification import notices, transitions
from certification.models import (
    CURRENT_STATUSES,
    OPEN_APPLICATION_STATUSES,
    Appeal,
    AppealEvent,
    AppealFile,
    AppealStatus,
    AppealSubject,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    FindingSeverity,
    Label,
    LabelEvent,
    LabelStatus,
    NotificationKind,
    SuspensionCause,
)
from certification.selectors import appeals as appeal_selectors
from certification.services import applications as application_services
from certification.services import findings as finding_services
from certification.services import labels as label_services
from certification.services import reviewers as reviewer_services
from core import formats
from core.exceptions import ApplicationError, validated
from core.transitions import actor_fields, move
from files.services import files_store
from notifications.services import notify


def _require_no_other_open_application(organization_id: int) -> None:
    """Overturning a rejection reopens that application, and an organization has one open
    application at a time."""
    if Application.objects.filter(
        organization_id=organization_id, status__in=sorted(OPEN_APPLICATION_STATUSES)
    ).exists():
        raise ApplicationError(
            gettext(
                "The organization has another application in progress; a rejected application "
                "can be reopened on appeal only while no other one is."
            )
        )


def _require_appealable(decision: ApplicationEvent | LabelEvent, subject: str | None) -> None:
    if subject is None:
        raise ApplicationError(
            gettext("Only a rejection, a reviewer's suspension or a revocation can be appealed.")
        )
    appeal = appeal_selectors.appeal_of(decision)
    if appeal is not None:
        raise ApplicationError(
            gettext(
                "Your organization already appealed this decision, on %(day)s; a decision "
                "can be appealed once."
            )
            % {"day": formats.day(timezone.localdate(appeal.created_at))}
        )
    deadline = appeal_selectors.appeal_deadline(decision)
    if timezone.localdate() > deadline:
        raise ApplicationError(
            gettext(
                "The time to appeal this decision ended on %(day)s: a decision can be appealed "
                "within %(days)d days."
            )
            % {"day": formats.day(deadline), "days": settings.CERTIFICATION_APPEAL_DAYS}
        )
    if subject == AppealSubject.REJECTION:
        _require_no_other_open_application(appeal_selectors.organization_id_of(decision))


@transaction.atomic
def appeal_lodge(
    *,
    decision: ApplicationEvent | LabelEvent,
    by: User,
    statement: str,
    uploads: Sequence = (),
) -> Appeal:
    """The organization's owner appeals a decision (its history row) with a statement and
    files; reviewers are told."""
    organization_id = appeal_selectors.organization_id_of(decision)
    if not account_selectors.is_owner(user=by, organization_id=organization_id):
        raise ApplicationError(
            gettext("Only the organization's owner can appeal a decision."),
            code="permission_denied",
        )
    # The organization's appeals are lodged one at a time, so a decision is appealed once.
    Organization.objects.select_for_update().get(pk=organization_id)
    decision = type(decision).objects.select_related("appeal").get(pk=decision.pk)
    subject = appeal_selectors.appeal_subject(decision)
    _require_appealable(decision, subject)
    link = "application_event" if isinstance(decision, ApplicationEvent) else "label_event"
    appeal = validated(
        Appeal(
            organization_id=organization_id,
            subject=subject,
            statement=(statement or "").strip(),
            lodged_by=by,
            **{link: decision},
        )
    )
    appeal.save()
    AppealEvent.objects.create(appeal=appeal, to_status=AppealStatus.OPEN, **actor_fields(by))
    stored = files_store(uploads=list(uploads), by=by, field="files")
    AppealFile.objects.bulk_create(AppealFile(appeal=appeal, file=file) for file in stored)
    notify(
        recipients=reviewer_services.reviewers(),
        kind=NotificationKind.LABEL_APPEAL,
        message=format_lazy(
            gettext_lazy("{organization} appealed: {subject}. Another reviewer decides."),
            organization=appeal.organization,
            subject=AppealSubject(subject).label,
        ),
        subject=gettext_lazy("New appeal of a certification decision"),
        action=gettext_lazy("Decide the appeal"),
        url=reverse("admin:certification_appeal_change", args=[appeal.pk]),
    )
    return appeal


def appeal_transition(*, appeal: Appeal, to: str, by: User, reason: str) -> Appeal:
    """The only place an appeal's status changes; the caller holds its row lock. It leaves
    "open" only by a reviewer's decision, recorded with the note."""
    appeal.decided_by, appeal.decided_at, appeal.decision_note = by, timezone.now(), reason
    move(
        obj=appeal,
        to=to,
        by=by,
        reason=reason,
        allowed=transitions.APPEAL_ALLOWED,
        history=AppealEvent,
        fields=["decided_by", "decided_at", "decision_note"],
    )
    return appeal


def _reopen_application(appeal: Appeal, *, by: User, reason: str) -> None:
    application = Application.objects.select_for_update().get(
        pk=appeal.application_event.application_id
    )
    _require_no_other_open_application(application.organization_id)
    application_services.application_transition(
        application=application,
        to=ApplicationStatus.IN_REVIEW,
        by=by,
        reason=reason,
        allowed=transitions.APPLICATION_REOPENED_ON_APPEAL,
    )


def _lift_suspension(appeal: Appeal, *, by: User, reason: str) -> None:
    """Lift the suspension appealed if it still holds (not lifted or replaced since), closing
    the major findings that caused it."""
    label = Label.objects.select_for_update().get(pk=appeal.label_event.label_id)
    latest = label.events.filter(to_status=LabelStatus.SUSPENDED).order_by("-created_at", "-pk")
    if label.status != LabelStatus.SUSPENDED or latest.first() != appeal.label_event:
        return
    if label.suspension_cause == SuspensionCause.FINDING:
        for finding in label.findings.filter(
            closed_at__isnull=True, severity=FindingSeverity.MAJOR
        ):
            finding_services.finding_close(finding=finding, by=by, note=reason)
        label.refresh_from_db()
    if label.status == LabelStatus.SUSPENDED:
        label_services.label_transition(
            label=label, to=label_services.status_today(label), by=by, reason=reason
        )


def _restore_label(appeal: Appeal, *, by: User, reason: str) -> None:
    label = Label.objects.select_for_update().get(pk=appeal.label_event.label_id)
    revoked_on = timezone.localdate(appeal.label_event.created_at)
    before = appeal.label_event.from_status
    transition_until = (
        label_services.transition_end(valid_until=label.valid_until, today=revoked_on)
        if before == LabelStatus.TRANSITION
        else None
    )
    to = transitions.restored_status(
        before=before,
        valid_until=label.valid_until,
        transition_until=transition_until,
        today=timezone.localdate(),
        warning_days=label_services.expiry_warning_days(),
    )
    others = Label.objects.filter(
        organization_id=label.organization_id, status__in=sorted(CURRENT_STATUSES)
    ).exclude(pk=label.pk)
    if to in CURRENT_STATUSES and others.exists():
        raise ApplicationError(
            gettext(
                "The organization holds another current label now, so this one cannot be restored."
            )
        )
    label_services.label_transition(
        label=label,
        to=to,
        by=by,
        reason=reason,
        cause=SuspensionCause.REVIEWER,
        transition_until=transition_until,
        allowed=transitions.LABEL_RESTORED_ON_APPEAL,
    )


# What overturning each kind of decision undoes.
OVERTURN = {
    AppealSubject.REJECTION: _reopen_application,
    AppealSubject.SUSPENSION: _lift_suspension,
    AppealSubject.REVOCATION: _restore_label,
}
OVERTURN_REASONS = {
    AppealSubject.REJECTION: gettext_lazy("The rejection was overturned on appeal: %(note)s"),
    AppealSubject.SUSPENSION: gettext_lazy("The suspension was overturned on appeal: %(note)s"),
    AppealSubject.REVOCATION: gettext_lazy("The revocation was overturned on appeal: %(note)s"),
}


def _locked_for_decision(appeal: Appeal, by: User) -> Appeal:
    locked = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("application_event", "label_event")
        .get(pk=appeal.pk)
    )
    reviewer_services.require_reviewer(
        by, organization_id=locked.organization_id, permission="certification.change_appeal"
    )
    if locked.decision.actor_id == by.pk:
        raise ApplicationError(
            gettext("You made the decision appealed, so another reviewer must decide the appeal."),
            code="permission_denied",
        )
    if locked.status != AppealStatus.OPEN:
        raise ApplicationError(
            gettext("This appeal is already decided: %(outcome)s.")
            % {"outcome": locked.get_status_display().lower()},
            code="invalid_transition",
        )
    return locked


def appeal_decide(*, appeal: Appeal, by: User, overturn: bool, note: str) -> Appeal:
    """A reviewer who neither made the decision appealed nor belongs to the organization
    upholds or overturns it, with a note; overturning undoes the decision. The owners are
    told the outcome."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            gettext("Please write a note on your decision."), fields={"note": gettext("Required.")}
        )
    with transaction.atomic():
        locked = _locked_for_decision(appeal, by)
        if overturn:
            reason = str(OVERTURN_REASONS[locked.subject]) % {"note": note}
            OVERTURN[locked.subject](locked, by=by, reason=reason)
        to = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
        appeal_transition(appeal=locked, to=to, by=by, reason=note)
        notify(
            recipients=account_selectors.owners_of([locked.organization_id])[
                locked.organization_id
            ],
            kind=NotificationKind.LABEL_APPEAL,
            message=notices.appeal_decided(subject=locked.subject, overturned=overturn, note=note),
            subject=notices.appeal_decided_subject(overturned=overturn),
            action=gettext_lazy("See your appeals"),
            url=reverse("certification:appeals"),
        )
    for name in ("status", "decision_note", "decided_by", "decided_at"):
        setattr(appeal, name, getattr(locked, name))
    return appeal
