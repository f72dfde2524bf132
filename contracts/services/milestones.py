"""A milestone's work and money: submitted by the provider, approved (which releases the
money) or sent back by the buyer, refunded when the contract ends early. Each service locks
the contract, then the milestone, then (through the ledger) the accounts it moves."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from contracts.models import (
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    NotificationKind,
    OutgoingKind,
    OutgoingPayment,
    Submission,
)
from contracts.services import books
from contracts.services.contracts import (
    contract_complete_if_settled,
    locked_contract,
    require_active,
    require_buyer,
    require_provider,
)
from contracts.services.files import submission_files_attach
from contracts.services.receipts import receipts_issue
from contracts.transitions import MILESTONE_TRANSITIONS
from core import formats
from core.exceptions import ApplicationError
from core.transitions import move
from ledger.services import transaction_post
from notifications.services import interpolated, notify

MAX_TEXT = 10_000


def milestone_transition(*, milestone: Milestone, to: str, by, reason: str = "") -> Milestone:
    """The only place a milestone's status changes; the caller holds the milestone's lock."""
    move(
        obj=milestone,
        to=to,
        by=by,
        reason=reason,
        allowed=MILESTONE_TRANSITIONS,
        history=MilestoneEvent,
        fields=("submitted_at", "submission_round"),
    )
    return milestone


def locked_milestone(milestone_id: int) -> Milestone:
    """The milestone's row, locked after its contract's."""
    contract_id = Milestone.objects.values_list("contract_id", flat=True).get(pk=milestone_id)
    contract = locked_contract(contract_id)
    milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
    milestone.contract = contract
    return milestone


def _text(value: str, *, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(missing, fields={field: _("Required.")})
    if len(value) > MAX_TEXT:
        raise ApplicationError(
            _("Please keep it under %(max)s characters.") % {"max": f"{MAX_TEXT:,}"},
            fields={field: _("Too long.")},
        )
    return value


def _provider_members(milestone: Milestone):
    return account_selectors.members_of(milestone.contract.provider_id)


@transaction.atomic
def milestone_submit(*, milestone: Milestone, by, message: str, uploads=()) -> Submission:
    """The provider hands over a funded milestone's work (again, after changes were asked)."""
    milestone = locked_milestone(milestone.pk)
    contract = milestone.contract
    require_provider(contract, by)
    require_active(contract)
    message = _text(message, field="message", missing=_("Describe the work you hand over."))
    if milestone.status == MilestoneStatus.PENDING:
        raise ApplicationError(
            _(
                "This milestone is not funded yet: wait for the buyer's payment before you work "
                "on it and submit it."
            ),
            code="invalid_transition",
        )
    milestone.submitted_at = timezone.now()
    milestone.submission_round += 1
    milestone_transition(milestone=milestone, to=MilestoneStatus.SUBMITTED, by=by)
    submission = Submission.objects.create(milestone=milestone, submitted_by=by, message=message)
    submission_files_attach(submission=submission, by=by, uploads=uploads)
    notify(
        recipients=[contract.buyer],
        kind=NotificationKind.MILESTONE_SUBMITTED,
        message=interpolated(
            gettext_lazy(
                "%(org)s submitted “%(milestone)s” of “%(job)s”. Approve it to release "
                "%(amount)s, or ask for changes."
            ),
            {
                "org": contract.provider,
                "milestone": milestone,
                "job": contract.job,
                "amount": formats.money_lazy(milestone.total, contract.currency),
                "currency": contract.currency,
            },
        ),
        url=contract.get_absolute_url(),
    )
    return submission


@transaction.atomic
def milestone_request_changes(*, milestone: Milestone, by, reason: str) -> Milestone:
    milestone = locked_milestone(milestone.pk)
    contract = milestone.contract
    require_buyer(contract, by)
    reason = _text(reason, field="reason", missing=_("Say what needs changing."))
    milestone_transition(
        milestone=milestone, to=MilestoneStatus.CHANGES_REQUESTED, by=by, reason=reason
    )
    latest = milestone.submissions.first()
    latest.changes_requested = reason
    latest.save(update_fields=["changes_requested"])
    notify(
        recipients=_provider_members(milestone),
        kind=NotificationKind.CHANGES_REQUESTED,
        message=interpolated(
            gettext_lazy("The buyer asked for changes to “%(milestone)s”: %(reason)s"),
            {"milestone": milestone, "reason": reason},
        ),
        url=contract.get_absolute_url(),
    )
    return milestone


def release(*, milestone: Milestone, by, amount=None, premium=None, reason: str = "") -> None:
    """Move what the milestone holds (or the part given) to the provider's payables, the
    premium as entries of its own, and write the payout finance will send. The caller holds
    the milestone's lock and moves its status."""
    contract = milestone.contract
    amount = milestone.amount if amount is None else amount
    premium = milestone.premium if premium is None else premium
    fee = books.fee_for(amount, contract.platform_fee_percent)
    legs = []
    if amount:
        legs += [
            (books.escrow(milestone), -amount),
            (books.provider_payable(contract), amount - fee),
        ]
    if fee:
        legs.append((books.platform_fees(contract.currency), fee))
    if premium:
        legs += [
            (books.premium_escrow(milestone), -premium),
            (books.provider_payable(contract, premium=True), premium),
        ]
    if not legs:
        return
    transaction_post(
        idempotency_key=f"milestone:{milestone.pk}:release",
        kind=books.Movement.RELEASED,
        description=_("Released “%(milestone)s” to %(org)s")
        % {"milestone": milestone, "org": contract.provider},
        currency=contract.currency,
        legs=legs,
        by=by,
    )
    OutgoingPayment.objects.create(
        kind=OutgoingKind.PAYOUT,
        milestone=milestone,
        amount=amount - fee,
        premium=premium,
        currency=contract.currency,
    )
    receipts_issue(milestone=milestone, amount=amount, premium=premium, fee=fee)


def refund(*, milestone: Milestone, by, amount=None, premium=None) -> None:
    """Move what the milestone holds (or the part given) to what is owed back to the buyer,
    and write the refund finance will send. The caller holds the milestone's lock."""
    contract = milestone.contract
    amount = milestone.amount if amount is None else amount
    premium = milestone.premium if premium is None else premium
    due = books.refund_due(contract)
    legs = []
    if amount:
        legs += [(books.escrow(milestone), -amount), (due, amount)]
    if premium:
        legs += [(books.premium_escrow(milestone), -premium), (due, premium)]
    if not legs:
        return
    transaction_post(
        idempotency_key=f"milestone:{milestone.pk}:refund",
        kind=books.Movement.REFUNDED,
        description=_("Refunded “%(milestone)s” to the buyer") % {"milestone": milestone},
        currency=contract.currency,
        legs=legs,
        by=by,
    )
    OutgoingPayment.objects.create(
        kind=OutgoingKind.REFUND,
        milestone=milestone,
        amount=amount,
        premium=premium,
        currency=contract.currency,
    )


def approve_and_release(*, milestone: Milestone, by, reason: str) -> Milestone:
    """Approve a submitted milestone and release its money; the caller holds the lock."""
    contract = milestone.contract
    milestone_transition(milestone=milestone, to=MilestoneStatus.APPROVED, by=by, reason=reason)
    release(milestone=milestone, by=by)
    milestone_transition(milestone=milestone, to=MilestoneStatus.RELEASED, by=by, reason=reason)
    money = {
        "milestone": milestone,
        "amount": formats.money_lazy(milestone.amount, contract.currency),
        "premium": formats.money_lazy(milestone.premium, contract.currency),
        "currency": contract.currency,
    }
    if milestone.premium:
        provider_message = gettext_lazy(
            "“%(milestone)s” is approved: %(amount)s and a fair-trade premium of "
            "%(premium)s are released to you. Finance sends the payout."
        )
    else:
        provider_message = gettext_lazy(
            "“%(milestone)s” is approved: %(amount)s are released to you. Finance sends the payout."
        )
    notify(
        recipients=_provider_members(milestone),
        kind=NotificationKind.MILESTONE_RELEASED,
        message=interpolated(provider_message, money),
        url=contract.get_absolute_url(),
    )
    notify(
        recipients=[contract.buyer],
        kind=NotificationKind.MILESTONE_RELEASED,
        message=interpolated(
            gettext_lazy("“%(milestone)s” is approved and its money released to the provider."),
            money,
        ),
        url=contract.get_absolute_url(),
    )
    contract_complete_if_settled(contract=contract, by=by)
    return milestone


@transaction.atomic
def milestone_approve(*, milestone: Milestone, by) -> Milestone:
    milestone = locked_milestone(milestone.pk)
    require_buyer(milestone.contract, by)
    if milestone.status != MilestoneStatus.SUBMITTED:
        # The table also lets a funded hourly week be approved; a milestone's work is
        # approved only once it was handed over.
        raise ApplicationError(
            _("Only submitted work can be approved; this milestone is %(status)s.")
            % {"status": milestone.get_status_display().lower()},
            code="invalid_transition",
        )
    return approve_and_release(milestone=milestone, by=by, reason=_("Approved by the buyer."))
