"""The ledger accounts of contracts, and the movements between them. Each milestone holds
its price and its fair-trade premium in two escrow accounts of its own, so the premium is
funded, released and refunded as entries of its own, never mixed into the price.

    outside world (bank transfers, mobile money)  ->  funding:<reference>  (received)
    funding  ->  milestone escrow + milestone premium escrow              (funded)
    escrows  ->  provider payable + provider premium payable              (released)
               + Fairbid's fees (its own entry, when a fee is configured)
    escrows  ->  buyer refund due                                         (refunded)
    payables / refund due / funding excess  ->  outside world             (sent)
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from contracts.models import Contract, Funding, Milestone
from ledger.models import Account
from ledger.services import account_open

CENT = Decimal("0.01")


class Kind:
    """Account kinds, for reports (the impact figures sum the premium ones)."""

    OUTSIDE = "outside_world"
    FUNDING = "funding_received"
    ESCROW = "escrow"
    PREMIUM_ESCROW = "premium_escrow"
    PAYABLE = "provider_payable"
    PREMIUM_PAYABLE = "provider_premium_payable"
    REFUND_DUE = "buyer_refund_due"
    PLATFORM_FEES = "platform_fees"


class Movement:
    """Transaction kinds."""

    RECEIVED = "payment_received"
    FUNDED = "milestone_funded"
    RELEASED = "milestone_released"
    REFUNDED = "milestone_refunded"
    PAYOUT_SENT = "payout_sent"
    REFUND_SENT = "refund_sent"


def premium_for(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def fee_for(amount: Decimal, percent: Decimal) -> Decimal:
    return premium_for(amount, percent)


def platform_fees(currency: str) -> Account:
    return account_open(
        key=f"platform:fees:{currency}",
        kind=Kind.PLATFORM_FEES,
        name=_("Fairbid's fees"),
        currency=currency,
    )


def outside_world(method: str, currency: str) -> Account:
    return account_open(
        key=f"outside:{method}:{currency}",
        kind=Kind.OUTSIDE,
        name=_("Transfers in and out (%(method)s)") % {"method": method},
        currency=currency,
        may_go_negative=True,
    )


def funding_account(funding: Funding) -> Account:
    return account_open(
        key=f"funding:{funding.reference}",
        kind=Kind.FUNDING,
        name=_("Received with reference %(reference)s") % {"reference": funding.reference},
        currency=funding.currency,
    )


def escrow(milestone: Milestone) -> Account:
    return account_open(
        key=f"milestone:{milestone.pk}:escrow",
        kind=Kind.ESCROW,
        name=_("Held for milestone %(id)s") % {"id": milestone.pk},
        currency=milestone.contract.currency,
    )


def premium_escrow(milestone: Milestone) -> Account:
    return account_open(
        key=f"milestone:{milestone.pk}:premium",
        kind=Kind.PREMIUM_ESCROW,
        name=_("Fair-trade premium held for milestone %(id)s") % {"id": milestone.pk},
        currency=milestone.contract.currency,
    )


def provider_payable(contract: Contract, *, premium: bool = False) -> Account:
    kind = Kind.PREMIUM_PAYABLE if premium else Kind.PAYABLE
    return account_open(
        key=f"provider:{contract.provider_id}:{kind}:{contract.currency}",
        kind=kind,
        name=(_("Premium owed to %(org)s") if premium else _("Owed to %(org)s"))
        % {"org": contract.provider},
        currency=contract.currency,
    )


def refund_due(contract: Contract) -> Account:
    return account_open(
        key=f"buyer:{contract.buyer_id}:{Kind.REFUND_DUE}:{contract.currency}",
        kind=Kind.REFUND_DUE,
        name=_("Owed back to %(buyer)s") % {"buyer": contract.buyer},
        currency=contract.currency,
    )


def escrow_keys(milestone_id: int) -> tuple[str, str]:
    return f"milestone:{milestone_id}:escrow", f"milestone:{milestone_id}:premium"
