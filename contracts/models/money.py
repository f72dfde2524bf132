"""Money that comes in for a milestone and goes out of Fairbid: transfer instructions with
their unique reference, the amounts finance records against it, and the payouts and refunds
finance sends. Each row names the ledger transaction that moved the money."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from contracts.models.contracts import MONEY, Milestone


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer or mobile money")


class Funding(models.Model):
    """What the buyer is asked to pay for one milestone, and the reference that ties the
    transfer to it."""

    milestone = models.OneToOneField(Milestone, on_delete=models.PROTECT, related_name="funding")
    reference = models.CharField(max_length=20, unique=True)
    method = models.CharField(
        max_length=20, choices=PaymentMethod.choices, default=PaymentMethod.BANK_TRANSFER
    )
    amount_due = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("funding")
        permissions = [("record_payment", "Can record a payment received for a milestone")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_due__gt=0), name="funding_due_positive"),
        ]

    def __str__(self):
        return self.reference


class ReceivedPayment(models.Model):
    """An amount finance saw arrive with a funding's reference (possibly less or more than
    due). The bank's own reference is unique per funding: recording it twice moves nothing."""

    funding = models.ForeignKey(Funding, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(**MONEY)
    bank_reference = models.CharField(_("bank's reference"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ledger_transaction = models.OneToOneField(
        "ledger.Transaction", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("received payment")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="received_amount_positive"),
            models.UniqueConstraint(
                fields=["funding", "bank_reference"], name="received_once_per_bank_reference"
            ),
        ]

    def __str__(self):
        return f"{self.amount} {self.funding.currency} ({self.bank_reference})"


class OutgoingKind(models.TextChoices):
    PAYOUT = "payout", _("Payout to the provider")
    REFUND = "refund", _("Refund to the buyer")


class OutgoingPayment(models.Model):
    """Money Fairbid owes someone and sends: a provider's payout when a milestone is
    released, a buyer's refund. Written with the release or refund (so it cannot be lost);
    finance records it sent with the transfer's reference; the recipient confirms it came."""

    kind = models.CharField(max_length=10, choices=OutgoingKind.choices)
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="outgoing")
    amount = models.DecimalField(**MONEY)
    premium = models.DecimalField(**MONEY, default=0)
    currency = models.CharField(max_length=3)
    method = models.CharField(
        max_length=20, choices=PaymentMethod.choices, default=PaymentMethod.BANK_TRANSFER
    )
    reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    ledger_transaction = models.OneToOneField(
        "ledger.Transaction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing payment")
        permissions = [("record_sent", "Can record a payout or refund as sent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0, premium__gte=0) & (Q(amount__gt=0) | Q(premium__gt=0)),
                name="outgoing_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True)
                | (~Q(reference="") & Q(ledger_transaction__isnull=False)),
                name="outgoing_sent_with_reference_and_ledger",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(sent_at__isnull=False),
                name="outgoing_confirmed_only_when_sent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount + self.premium} {self.currency}"

    @property
    def total(self):
        return self.amount + self.premium


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    REMITTANCE = "remittance", _("Remittance advice")


DOCUMENT_PREFIX = {DocumentKind.RECEIPT: "R", DocumentKind.REMITTANCE: "RA"}


class DocumentCounter(models.Model):
    """The last number given to each kind of document: locked to give the next, so numbers
    run without gaps or repeats."""

    kind = models.CharField(max_length=12, choices=DocumentKind.choices, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.kind}: {self.last}"


class Receipt(models.Model):
    """What a release produces: the buyer's receipt and the provider's remittance advice,
    numbered in sequence across Fairbid, with the amounts as released."""

    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    number = models.PositiveIntegerField()
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="receipts")
    amount = models.DecimalField(**MONEY)
    premium = models.DecimalField(**MONEY, default=0)
    # Fairbid's fee kept from the amount (shown on the provider's remittance advice).
    fee = models.DecimalField(**MONEY, default=0)
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("receipt")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="receipt_number_unique"),
            models.UniqueConstraint(fields=["kind", "milestone"], name="one_receipt_per_release"),
            models.CheckConstraint(
                condition=Q(amount__gte=0, premium__gte=0), name="receipt_amounts_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(fee__gte=0, fee__lte=F("amount")), name="receipt_fee_within_amount"
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        return f"{DOCUMENT_PREFIX[self.kind]}-{self.number:06d}"

    @property
    def total(self):
        """What the document accounts for: on a remittance advice, after Fairbid's fee."""
        fee = self.fee if self.kind == DocumentKind.REMITTANCE else 0
        return self.amount + self.premium - fee
