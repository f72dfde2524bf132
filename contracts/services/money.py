"""Money finance records: amounts received with a funding's reference (which fund the
milestone once enough has come), payouts and refunds sent, and their recipients' receipt."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from contracts.models import (
    Funding,
    MilestoneStatus,
    NotificationKind,
    OutgoingKind,
    OutgoingPayment,
    ReceivedPayment,
    Timesheet,
)
from contracts.services import books
from contracts.services.milestones import (
    approve_and_release,
    locked_milestone,
    milestone_transition,
)
from core import formats
from core.exceptions import ApplicationError
from ledger import selectors as ledger_selectors
from ledger.services import transaction_post
from notifications.services import interpolated, notify


def _require_finance(user, permission: str) -> None:
    if not user.has_perm(f"contracts.{permission}"):
        raise ApplicationError(
            _("Only Fairbid's finance staff can record payments."), code="permission_denied"
        )


def _clean_reference(reference: str, field: str) -> str:
    reference = " ".join((reference or "").split())
    if not reference:
        raise ApplicationError(_("Give the transfer's reference."), fields={field: _("Required.")})
    if len(reference) > 100:
        raise ApplicationError(
            _("A reference is at most 100 characters."), fields={field: _("Too long.")}
        )
    return reference


def funding_received(funding: Funding) -> Decimal:
    """What arrived with the reference and is not yet applied to the milestone or refunded."""
    return ledger_selectors.balances(keys=[f"funding:{funding.reference}"])[
        f"funding:{funding.reference}"
    ]


def _fund_when_enough(funding: Funding, milestone, by) -> bool:
    contract = milestone.contract
    if milestone.status != MilestoneStatus.PENDING:
        return False
    if funding_received(funding) < funding.amount_due:
        return False
    legs = [
        (books.funding_account(funding), -funding.amount_due),
        (books.escrow(milestone), milestone.amount),
    ]
    if milestone.premium:
        legs.append((books.premium_escrow(milestone), milestone.premium))
    transaction_post(
        idempotency_key=f"milestone:{milestone.pk}:fund",
        kind=books.Movement.FUNDED,
        description=_("Funded “%(milestone)s”") % {"milestone": milestone},
        currency=contract.currency,
        legs=legs,
        by=by,
    )
    milestone_transition(milestone=milestone, to=MilestoneStatus.FUNDED, by=by)
    if Timesheet.objects.filter(milestone=milestone).exists():
        # An hourly week: its hours are approved already, so its money goes on at once.
        approve_and_release(milestone=milestone, by=by, reason=_("The week's hours were approved."))
        return True
    notify(
        recipients=account_selectors.members_of(contract.provider_id),
        kind=NotificationKind.MILESTONE_FUNDED,
        message=interpolated(
            gettext_lazy(
                "“%(milestone)s” of “%(job)s” is funded: Fairbid holds the money. You may start "
                "the work."
            ),
            {"milestone": milestone, "job": contract.job},
        ),
        url=contract.get_absolute_url(),
    )
    return True


@transaction.atomic
def payment_record(
    *, funding: Funding, amount: Decimal, bank_reference: str, by
) -> ReceivedPayment:
    """Finance records an amount that arrived with the funding's reference. Less than due
    waits for the rest; enough funds the milestone; more is kept as an excess to refund.
    The same bank reference recorded again moves nothing."""
    _require_finance(by, "record_payment")
    bank_reference = _clean_reference(bank_reference, "bank_reference")
    if not isinstance(amount, Decimal) or amount <= 0 or amount != amount.quantize(books.CENT):
        raise ApplicationError(
            _("Give the amount received, in cents."), fields={"amount": _("Above 0.")}
        )
    milestone = locked_milestone(funding.milestone_id)
    funding = Funding.objects.select_for_update().get(pk=funding.pk)
    existing = funding.payments.filter(bank_reference=bank_reference).first()
    if existing is not None:
        if existing.amount != amount:
            raise ApplicationError(
                _("%(ref)s was already recorded with %(amount)s.")
                % {
                    "ref": bank_reference,
                    "amount": formats.money(existing.amount, funding.currency),
                },
                code="conflict",
            )
        return existing
    moved = transaction_post(
        idempotency_key=f"funding:{funding.pk}:received:{bank_reference}",
        kind=books.Movement.RECEIVED,
        description=_("Received %(amount)s with %(reference)s (%(bank)s)")
        % {"amount": amount, "reference": funding.reference, "bank": bank_reference},
        currency=funding.currency,
        legs=[
            (books.outside_world(funding.method, funding.currency), -amount),
            (books.funding_account(funding), amount),
        ],
        by=by,
    )
    payment = ReceivedPayment.objects.create(
        funding=funding,
        amount=amount,
        bank_reference=bank_reference,
        recorded_by=by,
        ledger_transaction=moved,
    )
    funded = _fund_when_enough(funding, milestone, by)
    left = funding_received(funding)
    notify(
        recipients=[milestone.contract.buyer],
        kind=NotificationKind.PAYMENT_RECEIVED,
        message=_payment_message(funding, milestone, amount, funded=funded, left=left),
        url=milestone.contract.get_absolute_url(),
    )
    return payment


def _payment_message(funding, milestone, amount, *, funded: bool, left: Decimal) -> Promise:
    values = {
        "amount": formats.money_lazy(amount, funding.currency),
        "currency": funding.currency,
        "milestone": milestone,
        "left": formats.money_lazy(left, funding.currency),
        "missing": formats.money_lazy(funding.amount_due - left, funding.currency),
    }
    if funded and left:
        return interpolated(
            gettext_lazy(
                "We received %(amount)s: “%(milestone)s” is funded, and "
                "%(left)s more than due will be refunded to you."
            ),
            values,
        )
    if funded:
        return interpolated(
            gettext_lazy("We received %(amount)s: “%(milestone)s” is funded."), values
        )
    if milestone.status == MilestoneStatus.PENDING:
        return interpolated(
            gettext_lazy(
                "We received %(amount)s for “%(milestone)s”; %(missing)s "
                "are still due before it is funded."
            ),
            values,
        )
    return interpolated(
        gettext_lazy(
            "We received %(amount)s for “%(milestone)s”, which needs no more "
            "money; it will be refunded to you."
        ),
        values,
    )


@transaction.atomic
def excess_refund(*, funding: Funding, by) -> OutgoingPayment:
    """Finance refunds what arrived beyond what the milestone needed (or after it stopped
    needing anything)."""
    _require_finance(by, "record_sent")
    milestone = locked_milestone(funding.milestone_id)
    funding = Funding.objects.select_for_update().get(pk=funding.pk)
    excess = funding_received(funding)
    if milestone.status == MilestoneStatus.PENDING:
        excess -= funding.amount_due
    if excess <= 0:
        raise ApplicationError(_("Nothing was paid beyond what is due with this reference."))
    contract = milestone.contract
    count = OutgoingPayment.objects.filter(milestone=milestone, kind=OutgoingKind.REFUND).count()
    transaction_post(
        idempotency_key=f"funding:{funding.pk}:excess:{count}",
        kind=books.Movement.REFUNDED,
        description=_("Excess paid with %(reference)s, owed back")
        % {"reference": funding.reference},
        currency=contract.currency,
        legs=[(books.funding_account(funding), -excess), (books.refund_due(contract), excess)],
        by=by,
    )
    return OutgoingPayment.objects.create(
        kind=OutgoingKind.REFUND,
        milestone=milestone,
        amount=excess,
        currency=contract.currency,
        method=funding.method,
    )


@transaction.atomic
def outgoing_send(*, outgoing: OutgoingPayment, reference: str, by) -> OutgoingPayment:
    """Finance records a payout or refund as sent, with the transfer's reference: the money
    leaves the payables (price and premium as their own entries) for the outside world."""
    _require_finance(by, "record_sent")
    reference = _clean_reference(reference, "reference")
    milestone = locked_milestone(outgoing.milestone_id)
    outgoing = OutgoingPayment.objects.select_for_update().get(pk=outgoing.pk)
    if outgoing.sent_at is not None:
        raise ApplicationError(
            _("This was already recorded as sent (%(ref)s).") % {"ref": outgoing.reference},
            code="invalid_transition",
        )
    contract = milestone.contract
    outside = books.outside_world(outgoing.method, outgoing.currency)
    if outgoing.kind == OutgoingKind.PAYOUT:
        legs = []
        if outgoing.amount:
            legs.append((books.provider_payable(contract), -outgoing.amount))
        if outgoing.premium:
            legs.append((books.provider_payable(contract, premium=True), -outgoing.premium))
        recipients = account_selectors.members_of(contract.provider_id)
        movement = books.Movement.PAYOUT_SENT
    else:
        legs = [(books.refund_due(contract), -outgoing.total)]
        recipients = [contract.buyer]
        movement = books.Movement.REFUND_SENT
    legs.append((outside, outgoing.total))
    outgoing.ledger_transaction = transaction_post(
        idempotency_key=f"outgoing:{outgoing.pk}:sent",
        kind=movement,
        description=_("%(what)s sent (%(ref)s)")
        % {"what": outgoing.get_kind_display(), "ref": reference},
        currency=outgoing.currency,
        legs=legs,
        by=by,
    )
    outgoing.reference = reference
    outgoing.sent_by = by
    outgoing.sent_at = timezone.now()
    outgoing.save(update_fields=["ledger_transaction", "reference", "sent_by", "sent_at"])
    notify(
        recipients=recipients,
        kind=NotificationKind.PAYOUT_SENT,
        message=interpolated(
            gettext_lazy(
                "Fairbid sent you %(amount)s for “%(milestone)s” (transfer "
                "reference %(ref)s). Confirm on the contract when it arrives."
            ),
            {
                "amount": formats.money_lazy(outgoing.total, outgoing.currency),
                "currency": outgoing.currency,
                "milestone": milestone,
                "ref": reference,
            },
        ),
        url=contract.get_absolute_url(),
    )
    return outgoing


@transaction.atomic
def outgoing_confirm(*, outgoing: OutgoingPayment, by) -> OutgoingPayment:
    """The recipient (the provider's member, or the buyer for a refund) confirms receipt."""
    milestone = locked_milestone(outgoing.milestone_id)
    contract = milestone.contract
    outgoing = OutgoingPayment.objects.select_for_update().get(pk=outgoing.pk)
    if outgoing.kind == OutgoingKind.PAYOUT:
        allowed = account_selectors.is_member(user=by, organization_id=contract.provider_id)
    else:
        allowed = contract.buyer_id == by.pk
    if not allowed:
        raise ApplicationError(
            _("Only the recipient can confirm this payment arrived."), code="permission_denied"
        )
    if outgoing.sent_at is None:
        raise ApplicationError(
            _("Finance has not sent this payment yet."), code="invalid_transition"
        )
    if outgoing.confirmed_at is None:
        outgoing.confirmed_by = by
        outgoing.confirmed_at = timezone.now()
        outgoing.save(update_fields=["confirmed_by", "confirmed_at"])
    return outgoing
