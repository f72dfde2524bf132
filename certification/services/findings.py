"""Findings on a label: recorded by a reviewer with a deadline, enforced by the nightly check,
closed by a reviewer with a note."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts import selectors as account_selectors
from accounts.models import User
from certification import notices, transitions
from certification.models import (
    CERTIFIED_STATUSES,
    CURRENT_STATUSES,
    Finding,
    FindingSeverity,
    Label,
    LabelStatus,
    NotificationKind,
    SuspensionCause,
)
from certification.services import labels as label_services
from certification.services import reviewers as reviewer_services
from core import formats
from core.exceptions import ApplicationError, validated
from notifications.services import notify


def _require_reviewer(label: Label, by: User) -> None:
    reviewer_services.require_reviewer(
        by, organization_id=label.organization_id, permission="certification.add_finding"
    )


def _tell_owner(label: Label, message) -> None:
    notify(
        recipients=account_selectors.owners_of([label.organization_id])[label.organization_id],
        kind=NotificationKind.LABEL_STATUS,
        message=message,
        url=reverse("certification:label_detail", args=[label.code]),
    )


@transaction.atomic
def finding_record(
    *,
    label: Label,
    severity: str,
    problem: str,
    required_action: str,
    deadline: date,
    by: User,
) -> Finding:
    """A reviewer's finding on a current label. A minor one leaves it in force with a
    corrective action open until the deadline; a major one suspends it until closed."""
    _require_reviewer(label, by)
    label = Label.objects.select_for_update().get(pk=label.pk)
    today = timezone.localdate()
    status = transitions.effective_status(
        status=label.status,
        valid_until=label.valid_until,
        transition_until=label.transition_until,
        today=today,
    )
    if status not in CURRENT_STATUSES:
        raise ApplicationError(gettext("Findings are recorded only on a current label."))
    if deadline <= today:
        raise ApplicationError(
            gettext("The deadline must be after today."),
            fields={"deadline": gettext("After today.")},
        )
    finding = validated(
        Finding(
            label=label,
            severity=FindingSeverity(severity),
            problem=(problem or "").strip(),
            required_action=(required_action or "").strip(),
            deadline=deadline,
            raised_by=by,
        )
    )
    finding.save()
    if severity == FindingSeverity.MAJOR and label.status != LabelStatus.SUSPENDED:
        label_services.label_transition(
            label=label,
            to=LabelStatus.SUSPENDED,
            by=by,
            reason=gettext(
                "A reviewer recorded a major finding: %(problem)s What must be done, by "
                "%(day)s: %(action)s"
            )
            % {
                "problem": finding.problem,
                "day": formats.day(deadline),
                "action": finding.required_action,
            },
            cause=SuspensionCause.FINDING,
        )
    else:
        _tell_owner(
            label,
            notices.finding_recorded(
                problem=finding.problem, action=finding.required_action, deadline=deadline
            ),
        )
    return finding


@transaction.atomic
def finding_close(*, finding: Finding, by: User, note: str) -> Finding:
    """A reviewer closes a finding with a note. A suspension that findings caused is lifted
    once no major or overdue finding remains open."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            gettext("Please write a note on your decision."), fields={"note": gettext("Required.")}
        )
    _require_reviewer(finding.label, by)
    label = Label.objects.select_for_update().get(pk=finding.label_id)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if not finding.is_open:
        raise ApplicationError(gettext("This finding is already closed."))
    finding.closed_at, finding.closed_by, finding.close_note = timezone.now(), by, note
    finding.save(update_fields=["closed_at", "closed_by", "close_note"])
    today = timezone.localdate()
    blocking = label.findings.filter(closed_at__isnull=True).filter(
        Q(severity=FindingSeverity.MAJOR) | Q(deadline__lt=today)
    )
    if (
        label.status == LabelStatus.SUSPENDED
        and label.suspension_cause == SuspensionCause.FINDING
        and not blocking.exists()
    ):
        label_services.label_transition(
            label=label,
            to=label_services.status_today(label),
            by=by,
            reason=gettext("A reviewer closed the finding: %(note)s") % {"note": note},
        )
    else:
        _tell_owner(label, notices.finding_closed(note=note))
    return finding


def findings_enforce(*, today: date, task: str) -> int:
    """Nightly: suspend each label in force with a finding past its deadline, unresolved.
    Returns how many labels were suspended."""
    overdue = Finding.objects.filter(
        closed_at__isnull=True,
        deadline__lt=today,
        label__status__in=sorted(CERTIFIED_STATUSES),
    )
    with transaction.atomic():
        labels = list(
            Label.objects.select_for_update()
            .filter(pk__in=overdue.values("label_id"))
            .order_by("pk")
        )
        firsts = {}
        for finding in overdue.filter(label__in=labels).order_by("deadline", "pk"):
            firsts.setdefault(finding.label_id, finding)
        moves = [
            label_services.LabelMove(
                label,
                LabelStatus.SUSPENDED,
                gettext(
                    "The corrective action a finding required by %(day)s was not done: %(action)s"
                )
                % {
                    "day": formats.day(firsts[label.pk].deadline),
                    "action": firsts[label.pk].required_action,
                },
                cause=SuspensionCause.FINDING,
            )
            for label in labels
        ]
        if moves:
            label_services.apply_label_moves(moves, by=task)
    return len(moves)
