"""Disputes: either party opens one on a funded or submitted milestone, or on an hourly week
whose hours the buyer disputed; the other side answers within CONTRACTS_DISPUTE_ANSWER_DAYS,
and a mediator decides: release all, refund all, or a split whose amounts add up to what is
at stake. For a milestone the decision moves the money held through the ledger; for a week it
says how much of the hours' amount becomes due (funded and released like any approved week)."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from contracts.models import (
    Dispute,
    DisputeFile,
    MilestoneStatus,
    NotificationKind,
    Outcome,
    Timesheet,
    TimesheetStatus,
)
from contracts.services import books
from contracts.services.contracts import contract_complete_if_settled, require_active, require_party
from contracts.services.hourly import (
    locked_timesheet,
    timesheet_transition,
    week_amount,
    week_approve,
)
from contracts.services.milestones import locked_milestone, milestone_transition, refund, release
from contracts.services.staff import MEDIATORS_GROUP_NAME, in_group
from core import formats
from core.exceptions import ApplicationError
from files.services import files_store
from notifications.services import interpolated, notify

DISPUTABLE = (MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED, MilestoneStatus.CHANGES_REQUESTED)
OUTCOME_STATUS = {
    Outcome.RELEASE: MilestoneStatus.RELEASED,
    Outcome.REFUND: MilestoneStatus.REFUNDED,
    Outcome.SPLIT: MilestoneStatus.SPLIT,
}
MAX_TEXT = 10_000


def _text(value: str, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(missing, fields={field: _("Required.")})
    if len(value) > MAX_TEXT:
        raise ApplicationError(
            _("Please keep it under 10,000 characters."), fields={field: _("Too long.")}
        )
    return value


def _side_members(contract, side: str):
    if side == "buyer":
        return [contract.buyer]
    return account_selectors.members_of(contract.provider_id)


def _other(side: str) -> str:
    return "provider" if side == "buyer" else "buyer"


def _mediators():
    return get_user_model().objects.filter(
        is_active=True, is_staff=True, groups__name=MEDIATORS_GROUP_NAME
    )


def _attach(dispute: Dispute, side: str, uploads, by) -> None:
    if uploads:
        DisputeFile.objects.bulk_create(
            DisputeFile(dispute=dispute, file=stored, added_by_side=side)
            for stored in files_store(uploads=uploads, by=by)
        )


def open_dispute_of(milestone) -> Dispute | None:
    return milestone.disputes.filter(decided_at__isnull=True).first()


def _locked_subject(dispute: Dispute):
    """The disputed milestone or week, locked after its contract, and the contract."""
    if dispute.milestone_id:
        milestone = locked_milestone(dispute.milestone_id)
        return milestone, milestone.contract
    timesheet = locked_timesheet(dispute.timesheet)
    return timesheet, timesheet.contract


@transaction.atomic
def dispute_open(*, milestone, by, reason: str, uploads=()) -> Dispute:
    milestone = locked_milestone(milestone.pk)
    contract = milestone.contract
    side = require_party(contract, by)
    require_active(contract)
    reason = _text(reason, "reason", _("Say what the dispute is about."))
    if milestone.status not in DISPUTABLE:
        raise ApplicationError(
            _("Only a funded or submitted milestone can be disputed; this one is %(status)s.")
            % {"status": milestone.get_status_display().lower()},
            code="invalid_transition",
        )
    milestone_transition(milestone=milestone, to=MilestoneStatus.DISPUTED, by=by, reason=reason)
    return _opened(milestone=milestone, side=side, reason=reason, uploads=uploads, by=by)


@transaction.atomic
def timesheet_dispute_open(*, timesheet, by, reason: str, uploads=()) -> Dispute:
    """Either side asks a mediator to decide a week whose hours the buyer disputed, when the
    provider's correction is not coming or not enough."""
    timesheet = locked_timesheet(timesheet)
    contract = timesheet.contract
    side = require_party(contract, by)
    require_active(contract)
    reason = _text(reason, "reason", _("Say what the dispute is about."))
    if timesheet.status != TimesheetStatus.DISPUTED:
        raise ApplicationError(
            _("A mediator decides a week only once the buyer disputed its hours."),
            code="invalid_transition",
        )
    if timesheet.disputes.filter(decided_at__isnull=True).exists():
        raise ApplicationError(
            _("A mediator is already asked to decide this week."), code="invalid_transition"
        )
    return _opened(timesheet=timesheet, side=side, reason=reason, uploads=uploads, by=by)


def _opened(*, side: str, reason: str, uploads, by, milestone=None, timesheet=None) -> Dispute:
    """The dispute's row and evidence, and the other side and the mediators told."""
    dispute = Dispute.objects.create(
        milestone=milestone,
        timesheet=timesheet,
        opened_by=by,
        opened_by_side=side,
        reason=reason,
        answer_due=timezone.now() + timedelta(days=settings.CONTRACTS_DISPUTE_ANSWER_DAYS),
    )
    _attach(dispute, side, uploads, by)
    contract = dispute.contract
    values = {
        "milestone": dispute.subject,
        "job": contract.job,
        "reason": reason,
        "due": formats.moment(dispute.answer_due),
    }
    notify(
        recipients=_side_members(contract, _other(side)),
        kind=NotificationKind.DISPUTE_OPENED,
        message=interpolated(
            gettext_lazy(
                "A dispute was opened on “%(milestone)s” of “%(job)s”: %(reason)s. Answer by "
                "%(due)s; after that a mediator decides on what is there."
            ),
            values,
        ),
        url=contract.get_absolute_url(),
    )
    notify(
        recipients=_mediators(),
        kind=NotificationKind.DISPUTE_OPENED,
        message=interpolated(
            gettext_lazy("A dispute waits for a mediator: “%(milestone)s” of “%(job)s”."), values
        ),
        url="/admin/contracts/dispute/",
    )
    return dispute


@transaction.atomic
def dispute_answer(*, dispute: Dispute, by, answer: str, uploads=()) -> Dispute:
    subject, contract = _locked_subject(dispute)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    side = require_party(contract, by)
    if side == dispute.opened_by_side:
        raise ApplicationError(
            _("The other side answers a dispute; add to yours by message."),
            code="permission_denied",
        )
    if not dispute.is_open:
        raise ApplicationError(_("This dispute is decided."), code="invalid_transition")
    if dispute.answered_at is not None:
        raise ApplicationError(_("This dispute is already answered."), code="invalid_transition")
    dispute.answer = _text(answer, "answer", _("Write your answer."))
    dispute.answered_by = by
    dispute.answered_at = timezone.now()
    dispute.save(update_fields=["answer", "answered_by", "answered_at"])
    _attach(dispute, side, uploads, by)
    notify(
        recipients=[*_side_members(contract, dispute.opened_by_side), *_mediators()],
        kind=NotificationKind.DISPUTE_ANSWERED,
        message=interpolated(
            gettext_lazy("The dispute on “%(milestone)s” was answered."), {"milestone": subject}
        ),
        url=contract.get_absolute_url(),
    )
    return dispute


def _require_neutral_mediator(contract, user) -> None:
    if not (in_group(user, MEDIATORS_GROUP_NAME) and user.has_perm("contracts.decide_dispute")):
        raise ApplicationError(
            _("Only Fairbid's mediators decide disputes."), code="permission_denied"
        )
    buyer_side = account_selectors.membership_for_user(user=contract.buyer)
    own = account_selectors.membership_for_user(user=user)
    sides = {contract.provider_id, buyer_side.organization_id if buyer_side else None}
    if user.pk == contract.buyer_id or (own is not None and own.organization_id in sides):
        raise ApplicationError(
            _("A mediator never decides a dispute of their own organization."),
            code="permission_denied",
        )


@transaction.atomic
def dispute_take(*, dispute: Dispute, by) -> Dispute:
    _subject, contract = _locked_subject(dispute)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _require_neutral_mediator(contract, by)
    if not dispute.is_open:
        raise ApplicationError(_("This dispute is decided."), code="invalid_transition")
    if dispute.mediator_id not in (None, by.pk):
        raise ApplicationError(_("Another mediator took this dispute."))
    dispute.mediator = by
    dispute.save(update_fields=["mediator"])
    return dispute


def _at_stake(subject, contract) -> tuple[Decimal, Decimal]:
    """The price and premium a decision shares out: a milestone's held in escrow, or a
    disputed week's hours at the rate, with the premium they would carry."""
    if isinstance(subject, Timesheet):
        amount = week_amount(subject)
        return amount, books.premium_for(amount, contract.premium_percent)
    return subject.amount, subject.premium


def _shares(subject, outcome: str, to_provider: Decimal | None, to_buyer: Decimal | None):
    contract = subject.contract
    amount, premium = _at_stake(subject, contract)
    if outcome == Outcome.RELEASE:
        to_provider, to_buyer = amount, Decimal("0.00")
    elif outcome == Outcome.REFUND:
        to_provider, to_buyer = Decimal("0.00"), amount
    elif outcome == Outcome.SPLIT:
        if to_provider is None or to_buyer is None or min(to_provider, to_buyer) <= 0:
            raise ApplicationError(
                _("A split gives each side an amount above zero."),
                fields={"to_provider": _("Above 0."), "to_buyer": _("Above 0.")},
            )
        if to_provider + to_buyer != amount:
            raise ApplicationError(
                _("The two amounts add up to %(total)s, not to the %(held)s held.")
                % {
                    "total": formats.money_lazy(to_provider + to_buyer, contract.currency),
                    "held": formats.money_lazy(amount, contract.currency),
                    "currency": contract.currency,
                },
                fields={"to_provider": _("Must add up to what is held.")},
            )
    else:
        raise ApplicationError(_("Choose release, refund or split."), fields={"outcome": "?"})
    premium_to_provider = (premium * to_provider / amount).quantize(
        books.CENT, rounding=ROUND_HALF_UP
    )
    return to_provider, to_buyer, premium_to_provider, premium - premium_to_provider


def _settle_milestone(milestone, *, outcome: str, shares, by, note: str) -> None:
    release(milestone=milestone, by=by, amount=shares[0], premium=shares[2])
    refund(milestone=milestone, by=by, amount=shares[1], premium=shares[3])
    milestone_transition(milestone=milestone, to=OUTCOME_STATUS[outcome], by=by, reason=note)


def _settle_week(timesheet, *, outcome: str, shares, by, note: str) -> None:
    """The provider's share of the week becomes due (nothing was paid for it yet, so the
    buyer's share is simply not owed); all to the buyer refuses the week."""
    if shares[0]:
        week_approve(timesheet, by=by, reason=note, amount=shares[0])
    else:
        timesheet_transition(timesheet=timesheet, to=TimesheetStatus.REFUSED, by=by, reason=note)


@transaction.atomic
def dispute_decide(
    *,
    dispute: Dispute,
    by,
    outcome: str,
    note: str,
    to_provider: Decimal | None = None,
    to_buyer: Decimal | None = None,
) -> Dispute:
    subject, contract = _locked_subject(dispute)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _require_neutral_mediator(contract, by)
    if not dispute.is_open:
        raise ApplicationError(_("This dispute is decided."), code="invalid_transition")
    if dispute.mediator_id not in (None, by.pk):
        raise ApplicationError(_("Another mediator took this dispute."))
    if dispute.answered_at is None and timezone.now() < dispute.answer_due:
        raise ApplicationError(
            _("The other side may answer until %(due)s; decide after that, or once answered.")
            % {"due": formats.moment(dispute.answer_due)},
            code="invalid_transition",
        )
    note = _text(note, "note", _("Explain the decision to both sides."))
    shares = _shares(subject, outcome, to_provider, to_buyer)
    (
        dispute.to_provider,
        dispute.to_buyer,
        dispute.premium_to_provider,
        dispute.premium_to_buyer,
    ) = shares
    settle = _settle_week if dispute.timesheet_id else _settle_milestone
    settle(subject, outcome=outcome, shares=shares, by=by, note=note)
    dispute.mediator = by
    dispute.outcome = outcome
    dispute.decision_note = note
    dispute.decided_at = timezone.now()
    dispute.save()
    notify(
        recipients=[contract.buyer, *account_selectors.members_of(contract.provider_id)],
        kind=NotificationKind.DISPUTE_DECIDED,
        message=interpolated(
            gettext_lazy(
                "The mediator decided the dispute on “%(milestone)s”: %(provider)s to "
                "the provider, %(buyer)s back to the buyer (premium included). %(note)s"
            ),
            {
                "milestone": subject,
                "provider": formats.money_lazy(shares[0] + shares[2], contract.currency),
                "buyer": formats.money_lazy(shares[1] + shares[3], contract.currency),
                "currency": contract.currency,
                "note": note,
            },
        ),
        url=contract.get_absolute_url(),
    )
    contract_complete_if_settled(contract=contract, by=by)
    return dispute
