"""Payment providers behind one small interface. Fairbid ships one: bank transfer or mobile
money, where the buyer pays with a reference and finance staff record what arrives and what
they send (contracts.services.money). A card or wallet provider (Stripe Connect, Wise,
M-Pesa) is another adapter: its webhook view checks the provider's signature, then calls the
same services with the provider's event id as the reference, so a repeated webhook moves
nothing twice (see the README's "Contracts and money")."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from contracts.models import Funding, OutgoingPayment, PaymentMethod


@dataclass(frozen=True)
class Collection:
    """What the buyer is asked to do to fund a milestone."""

    reference: str
    amount: Decimal
    currency: str
    instructions: str
    redirect_url: str = ""


@dataclass(frozen=True)
class Transfer:
    """What became of a payout or refund asked of the provider: started now (with the
    provider's reference) or left to finance staff, who record it as sent."""

    started: bool
    reference: str = ""


class PaymentProvider(Protocol):
    method: str

    def collect(self, funding: Funding) -> Collection: ...

    def payout(self, outgoing: OutgoingPayment) -> Transfer: ...

    def refund(self, outgoing: OutgoingPayment) -> Transfer: ...


class BankTransfer:
    """The buyer transfers with the reference; finance sends payouts and refunds by hand and
    records each with its reference in Django admin."""

    method = PaymentMethod.BANK_TRANSFER

    def collect(self, funding: Funding) -> Collection:
        return Collection(
            reference=funding.reference,
            amount=funding.amount_due,
            currency=funding.currency,
            instructions=_(
                "Send %(amount)s %(currency)s with the reference %(reference)s to: %(to)s"
            )
            % {
                "amount": f"{funding.amount_due:,.2f}",
                "currency": funding.currency,
                "reference": funding.reference,
                "to": settings.CONTRACTS_TRANSFER_INSTRUCTIONS,
            },
        )

    def payout(self, outgoing: OutgoingPayment) -> Transfer:
        return Transfer(started=False)

    def refund(self, outgoing: OutgoingPayment) -> Transfer:
        return Transfer(started=False)


PROVIDERS: dict[str, PaymentProvider] = {PaymentMethod.BANK_TRANSFER: BankTransfer()}


def provider_for(method: str) -> PaymentProvider:
    return PROVIDERS[method]
