"""A label's life: granting, renewing, and every change of its status, told to its owners."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.models import Organization, User
from certification import criteria, notices, transitions
from certification.models import (
    CURRENT_STATUSES,
    Label,
    LabelEvent,
    LabelStatus,
    NotificationKind,
    SuspensionCause,
    new_label_code,
)
from certification.selectors import incomes as income_selectors
from certification.services import reviewers as reviewer_services
from core import formats
from core.exceptions import ApplicationError, validated
from core.transitions import actor_fields, refuse_move
from notifications.services import Notice, notify_each


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in range(start.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def expiry_warning_days() -> int:
    return settings.CERTIFICATION_EXPIRY_WARNING_DAYS


def transition_end(*, valid_until: date, today: date) -> date:
    """The last day of a graduated country's label: its own end or the grace period of
    CERTIFICATION_TRANSITION_MONTHS from today, whichever is later."""
    grace = add_months(today, settings.CERTIFICATION_TRANSITION_MONTHS) - timedelta(days=1)
    return max(valid_until, grace)


def label_valid_until(valid_from: date) -> date:
    """The last day of a label valid CERTIFICATION_LABEL_VALIDITY_MONTHS from valid_from."""
    return add_months(valid_from, settings.CERTIFICATION_LABEL_VALIDITY_MONTHS) - timedelta(days=1)


@dataclass(frozen=True)
class LabelMove:
    """A label's change to status `to`, for a reason; auto_suspended when the nightly check
    suspends it (and will lift the suspension itself)."""

    label: Label
    to: str
    reason: str
    auto_suspended: bool = False
    cause: str = ""  # a SuspensionCause when `to` is suspended; by default from auto_suspended
    transition_until: date | None = None  # the grace period's last day when `to` is transition


def apply_label_moves(
    moves: list[LabelMove], *, by: User | str, allowed: Mapping = transitions.ALLOWED
) -> list[LabelEvent]:
    """The one place a label's status changes, for one label or a whole batch of the nightly
    check: as `by`, a person or a task's name. The caller holds the labels' row locks in an
    atomic block. Checks every move against the transition table (`allowed`: the ordinary
    one, or what an overturned appeal restores), then writes the new statuses and their
    history in one UPDATE and one INSERT."""
    for move in moves:
        if move.to not in allowed[move.label.status]:
            raise refuse_move(move.label, move.to)
    now = timezone.now()
    actor = actor_fields(by)
    events = []
    for move in moves:
        events.append(
            LabelEvent(
                label=move.label,
                from_status=move.label.status,
                to_status=move.to,
                reason=move.reason,
                **actor,
            )
        )
        move.label.status = move.to
        move.label.status_reason = move.reason
        move.label.auto_suspended = move.auto_suspended
        move.label.suspension_cause = _suspension_cause(move)
        move.label.transition_until = (
            move.transition_until if move.to == LabelStatus.TRANSITION else None
        )
        move.label.updated_at = now
    Label.objects.bulk_update(
        [move.label for move in moves],
        [
            "status",
            "status_reason",
            "auto_suspended",
            "suspension_cause",
            "transition_until",
            "updated_at",
        ],
    )
    LabelEvent.objects.bulk_create(events)
    _tell_owners_of_moves(moves)
    return events


def _suspension_cause(move: LabelMove) -> str:
    if move.to != LabelStatus.SUSPENDED:
        return ""
    if move.cause:
        return move.cause
    return SuspensionCause.DATA if move.auto_suspended else SuspensionCause.REVIEWER


def status_today(label: Label) -> str:
    """Active or expiring, as the label's dates say today."""
    return transitions.status_by_date(
        valid_until=label.valid_until,
        today=timezone.localdate(),
        warning_days=settings.CERTIFICATION_EXPIRY_WARNING_DAYS,
    )


def cooling_off_end(revoked_on: date) -> date:
    """The first day a revoked organization may apply again."""
    return add_months(revoked_on, settings.CERTIFICATION_COOLING_OFF_MONTHS)


@transaction.atomic
def label_lift_suspension(*, label: Label, by: User, note: str) -> Label:
    """A reviewer lifts a suspension a reviewer imposed, with a note. Other suspensions are
    lifted by what caused them: the data, an accepted change of facts, a closed finding or a
    renewed approval."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            gettext("Please write a note on your decision."), fields={"note": gettext("Required.")}
        )
    reviewer_services.require_reviewer(
        by, organization_id=label.organization_id, permission="certification.change_application"
    )
    locked = Label.objects.select_for_update().get(pk=label.pk)
    if locked.status != LabelStatus.SUSPENDED:
        raise ApplicationError(gettext("Only a suspended label can have its suspension lifted."))
    if locked.suspension_cause not in ("", SuspensionCause.REVIEWER):
        raise ApplicationError(
            gettext("This suspension is lifted only by what caused it: %(cause)s.")
            % {"cause": locked.get_suspension_cause_display()}
        )
    return label_transition(
        label=locked,
        to=status_today(locked),
        by=by,
        reason=gettext("A reviewer lifted the suspension: %(note)s") % {"note": note},
    )


def label_transition(
    *,
    label: Label,
    to: str,
    by: User | str,
    reason: str,
    cause: str = "",
    transition_until: date | None = None,
    allowed: Mapping = transitions.ALLOWED,
) -> Label:
    """Move a label to another status, as a person or a task (its name), for a reason; a
    suspension's cause (SuspensionCause) decides what may lift it."""
    to = LabelStatus(to)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Please give the reason for changing the label's status."))
    with transaction.atomic():
        locked = Label.objects.select_for_update().get(pk=label.pk)
        move = LabelMove(locked, to, reason, cause=cause, transition_until=transition_until)
        apply_label_moves([move], by=by, allowed=allowed)
    for name in (
        "status",
        "status_reason",
        "auto_suspended",
        "suspension_cause",
        "transition_until",
        "updated_at",
    ):
        setattr(label, name, getattr(locked, name))
    return label


@transaction.atomic
def label_grant(*, organization: Organization, by: User, valid_from: date | None = None) -> Label:
    """Grant a provider organization the label, valid CERTIFICATION_LABEL_VALIDITY_MONTHS.

    Refused while it holds a current label, when a computed criterion fails, or to a person
    who belongs to the organization.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not organization.is_provider:
        raise ApplicationError(
            _("{organization} is not a provider; only providers hold the label.").format(
                organization=organization
            )
        )
    if account_selectors.is_member(user=by, organization_id=organization.pk):
        raise ApplicationError(_("You cannot grant the label to an organization you belong to."))
    current = organization.labels.filter(status__in=sorted(CURRENT_STATUSES)).first()
    if current is not None:
        raise ApplicationError(
            _("{organization} already holds a current label ({code}, {status}).").format(
                organization=organization,
                code=current.code,
                status=current.get_status_display().lower(),
            )
        )
    results = income_selectors.computed_criteria_for(organization)
    if not criteria.all_passed(results):
        raise ApplicationError(
            _("{organization} does not meet every criterion: {failing_explanations}").format(
                organization=organization,
                failing_explanations=criteria.failing_explanations(results),
            )
        )
    today = timezone.localdate()
    valid_from = valid_from or today
    valid_until = label_valid_until(valid_from)
    status = transitions.status_by_date(
        valid_until=valid_until,
        today=today,
        warning_days=settings.CERTIFICATION_EXPIRY_WARNING_DAYS,
    )
    if status == LabelStatus.EXPIRED:
        raise ApplicationError(
            _("A label valid from {day} would already have ended.").format(
                day=formats.day(valid_from)
            )
        )
    reason = (
        f"Label granted, valid from {formats.day(valid_from)} until {formats.day(valid_until)}."
    )
    label = validated(
        Label(
            code=_unused_code(),
            organization=organization,
            status=status,
            valid_from=valid_from,
            valid_until=valid_until,
            status_reason=reason,
        )
    )
    label.save()
    LabelEvent.objects.create(label=label, to_status=status, reason=reason, **actor_fields(by))
    return label


def _unused_code() -> str:
    """A new code no label holds yet (35 random bits: a clash is rare, never repeated)."""
    while True:
        code = new_label_code()
        if not Label.objects.filter(code=code).exists():
            return code


@transaction.atomic
def label_renew(*, label: Label, by: User, reason: str) -> Label:
    """Give a current label a new validity from today, lifting a suspension or the expiry
    warning (its holder was just approved again)."""
    label = Label.objects.select_for_update().get(pk=label.pk)
    if label.status not in CURRENT_STATUSES:
        raise ApplicationError(_("Only a current label can be renewed; grant a new one instead."))
    today = timezone.localdate()
    label.valid_from, label.valid_until = today, label_valid_until(today)
    label.save(update_fields=["valid_from", "valid_until", "updated_at"])
    if label.status != LabelStatus.ACTIVE:
        label = label_transition(label=label, to=LabelStatus.ACTIVE, reason=reason, by=by)
    return label


def _day_in_notice(move: LabelMove) -> date:
    """The day the owner's notice names: when a revoked organization may apply again, else
    the label's last day (of its transition period, if in one)."""
    if move.to == LabelStatus.REVOKED:
        return cooling_off_end(timezone.localdate())
    return move.label.transition_until or move.label.valid_until


def _tell_owners_of_moves(moves: list[LabelMove]) -> None:
    """In-app and, after commit, email notice to each moved label's owner: two queries
    whatever the number of moves."""
    if not moves:
        return
    owners = account_selectors.owners_of({move.label.organization_id for move in moves})
    notify_each(
        kind=NotificationKind.LABEL_STATUS,
        notices=[
            Notice(
                recipient=owner,
                message=notices.label_status_notice(
                    to=move.to,
                    reason=move.reason,
                    cause=move.label.suspension_cause,
                    valid_until=_day_in_notice(move),
                ),
                url=reverse("certification:label_detail", args=[move.label.code]),
                subject=notices.label_status_subject(to=move.to),
                action=gettext_lazy("See your label"),
            )
            for move in moves
            for owner in owners[move.label.organization_id]
        ],
    )
