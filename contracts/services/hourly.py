"""An hourly contract's weeks: logged by the provider, approved (by the buyer, or by itself
after CONTRACTS_TIMESHEET_AUTO_APPROVE_DAYS) or disputed and corrected. An approved week
becomes an amount due (hours × rate, with the premium), funded like a milestone and released
as soon as it is funded, since its work is already approved."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from contracts.models import (
    Contract,
    ContractKind,
    NotificationKind,
    Timesheet,
    TimesheetEvent,
    TimesheetStatus,
)
from contracts.services import books
from contracts.services.contracts import (
    locked_contract,
    milestone_add,
    require_active,
    require_buyer,
    require_provider,
)
from contracts.transitions import TIMESHEET_TRANSITIONS
from core import formats
from core.exceptions import ApplicationError
from core.transitions import actor_fields, move
from notifications.services import notify

TASK = "contracts.tasks.auto_approve_milestones"


def timesheet_transition(*, timesheet: Timesheet, to: str, by, reason: str = "") -> Timesheet:
    """The only place a timesheet's status changes; the caller holds its lock."""
    move(
        obj=timesheet,
        to=to,
        by=by,
        reason=reason,
        allowed=TIMESHEET_TRANSITIONS,
        history=TimesheetEvent,
        fields=("hours", "note", "submitted_at", "submitted_by", "dispute_reason", "milestone"),
    )
    return timesheet


def _check_week(contract: Contract, week: date, hours: Decimal, note: str) -> date:
    if contract.kind != ContractKind.HOURLY:
        raise ApplicationError(_("Hours are logged on hourly contracts only."))
    monday = week - timedelta(days=week.weekday())
    if monday > timezone.localdate():
        raise ApplicationError(
            _("Log hours for a week that has started."), fields={"week_start": _("Future.")}
        )
    if hours <= 0 or hours != hours.quantize(books.CENT):
        raise ApplicationError(_("Give the hours worked, above 0."), fields={"hours": "> 0"})
    if hours > contract.weekly_hour_limit:
        # The whole sentence on the field: the form shows it there, with the limit.
        refusal = _("The contract allows at most %(limit)s hours a week.") % {
            "limit": contract.weekly_hour_limit
        }
        raise ApplicationError(refusal, fields={"hours": refusal})
    if not note.strip() or len(note) > 2000:
        raise ApplicationError(
            _("Say what was done, in at most 2,000 characters."), fields={"note": _("Required.")}
        )
    return monday


@transaction.atomic
def timesheet_submit(
    *, contract: Contract, by, week_start: date, hours: Decimal, note: str
) -> Timesheet:
    """The provider logs a week's hours, or corrects a week the buyer disputed."""
    contract = locked_contract(contract.pk)
    require_provider(contract, by)
    require_active(contract)
    monday = _check_week(contract, week_start, hours, note)
    timesheet = (
        Timesheet.objects.select_for_update().filter(contract=contract, week_start=monday).first()
    )
    now = timezone.now()
    if timesheet is None:
        timesheet = Timesheet.objects.create(
            contract=contract,
            week_start=monday,
            hours=hours,
            note=note.strip(),
            submitted_by=by,
            submitted_at=now,
        )
        TimesheetEvent.objects.create(
            timesheet=timesheet,
            from_status="",
            to_status=timesheet.status,
            **actor_fields(by),
        )
    elif timesheet.status == TimesheetStatus.DISPUTED:
        if timesheet.disputes.filter(decided_at__isnull=True).exists():
            raise ApplicationError(
                _("A mediator is deciding the week of %(day)s; it cannot be corrected now.")
                % {"day": formats.day(monday)},
                code="invalid_transition",
            )
        timesheet.hours, timesheet.note = hours, note.strip()
        timesheet.submitted_by, timesheet.submitted_at = by, now
        timesheet_transition(
            timesheet=timesheet, to=TimesheetStatus.SUBMITTED, by=by, reason=_("Corrected.")
        )
    else:
        raise ApplicationError(
            _("The week of %(day)s is already logged.") % {"day": formats.day(monday)},
            code="invalid_transition",
        )
    notify(
        recipients=[contract.buyer],
        kind=NotificationKind.TIMESHEET_SUBMITTED,
        message=_(
            "%(org)s logged %(hours)s hours for the week of %(day)s on “%(job)s”. Approve or "
            "dispute them within %(days)s days; after that they are approved."
        )
        % {
            "org": contract.provider,
            "hours": hours,
            "day": formats.day(monday),
            "job": contract.job,
            "days": settings.CONTRACTS_TIMESHEET_AUTO_APPROVE_DAYS,
        },
        url=contract.get_absolute_url(),
    )
    return timesheet


def locked_timesheet(timesheet: Timesheet) -> Timesheet:
    """The week's row, locked after its contract's (the order every contract service keeps)."""
    contract = locked_contract(timesheet.contract_id)
    timesheet = Timesheet.objects.select_for_update().get(pk=timesheet.pk)
    timesheet.contract = contract
    return timesheet


def week_amount(timesheet: Timesheet) -> Decimal:
    """What the week's hours come to at the contract's rate (before the premium)."""
    return (timesheet.hours * timesheet.contract.price).quantize(books.CENT)


def week_approve(
    timesheet: Timesheet, *, by, reason: str, amount: Decimal | None = None
) -> Timesheet:
    """Approve the week (the caller holds its lock): its amount (all the hours, or the part a
    mediator decided) becomes due, funded and released like a milestone."""
    contract = timesheet.contract
    amount = week_amount(timesheet) if amount is None else amount
    timesheet.milestone = milestone_add(
        contract=contract,
        title=_("Week of %(day)s: %(hours)s hours")
        % {
            "day": formats.day(timesheet.week_start),
            "hours": timesheet.hours,
        },
        amount=amount,
        due_date=None,
        by=by,
    )
    timesheet_transition(timesheet=timesheet, to=TimesheetStatus.APPROVED, by=by, reason=reason)
    notify(
        recipients=[contract.buyer, *account_selectors.members_of(contract.provider_id)],
        kind=NotificationKind.TIMESHEET_APPROVED,
        message=_(
            "The week of %(day)s on “%(job)s” is approved: %(amount)s %(currency)s are due. "
            "They are released to the provider as soon as the buyer's payment arrives."
        )
        % {
            "day": formats.day(timesheet.week_start),
            "job": contract.job,
            "amount": f"{timesheet.milestone.total:,.2f}",
            "currency": contract.currency,
        },
        url=contract.get_absolute_url(),
    )
    return timesheet


@transaction.atomic
def timesheet_approve(*, timesheet: Timesheet, by) -> Timesheet:
    timesheet = locked_timesheet(timesheet)
    require_buyer(timesheet.contract, by)
    return week_approve(timesheet, by=by, reason=_("Approved by the buyer."))


@transaction.atomic
def timesheet_dispute(*, timesheet: Timesheet, by, reason: str) -> Timesheet:
    """The buyer disputes a week's hours; the provider corrects them and submits again."""
    timesheet = locked_timesheet(timesheet)
    contract = timesheet.contract
    require_buyer(contract, by)
    reason = (reason or "").strip()
    if not reason or len(reason) > 2000:
        raise ApplicationError(
            _("Say what is wrong with the hours, in at most 2,000 characters."),
            fields={"reason": _("Required.")},
        )
    timesheet.dispute_reason = reason
    timesheet_transition(timesheet=timesheet, to=TimesheetStatus.DISPUTED, by=by, reason=reason)
    notify(
        recipients=account_selectors.members_of(contract.provider_id),
        kind=NotificationKind.TIMESHEET_DISPUTED,
        message=_("The buyer disputes the hours of the week of %(day)s: %(reason)s")
        % {"day": formats.day(timesheet.week_start), "reason": reason},
        url=contract.get_absolute_url(),
    )
    return timesheet


def timesheets_auto_approve(*, now: datetime | None = None) -> int:
    """Approve every week left unanswered past the set time, each in its own transaction."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CONTRACTS_TIMESHEET_AUTO_APPROVE_DAYS)
    approved = 0
    waiting = Timesheet.objects.filter(
        status=TimesheetStatus.SUBMITTED, submitted_at__lte=cutoff
    ).values_list("pk", "contract_id")
    for timesheet_id, contract_id in waiting:
        with transaction.atomic():
            locked_contract(contract_id)
            timesheet = Timesheet.objects.select_for_update().get(pk=timesheet_id)
            if timesheet.status != TimesheetStatus.SUBMITTED or timesheet.submitted_at > cutoff:
                continue
            week_approve(
                timesheet,
                by=TASK,
                reason=_("Approved automatically: the buyer did not answer within %(days)s days.")
                % {"days": settings.CONTRACTS_TIMESHEET_AUTO_APPROVE_DAYS},
            )
            approved += 1
    return approved
