"""A double-entry ledger: money moves only as balanced transactions of entries between
accounts, and an account's balance is the sum of its entries, never a stored number.

Generic on purpose: the apps above name their accounts (by `key`) and say what each
transaction is for; the ledger only keeps the books straight.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyQuerySet

CURRENCY_CODE = RegexValidator(r"^[A-Z]{3}$", _("An ISO 4217 code: three capital letters."))
AMOUNT = {"max_digits": 14, "decimal_places": 2}


class Account(models.Model):
    """Where money sits. `key` names it for the app that owns it ("contract:12:escrow");
    `kind` groups accounts for reports. An account of the outside world (a bank, a mobile
    money operator) may go negative: it is where money comes from and goes to."""

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    name = models.CharField(max_length=200)
    currency = models.CharField(max_length=3, validators=[CURRENCY_CODE])
    may_go_negative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.name} ({self.currency})"


class Transaction(models.Model):
    """One movement of money: entries that add up to zero in one currency. The idempotency
    key is unique, so a retried request or task finds the movement it already made."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    description = models.CharField(max_length=500)
    currency = models.CharField(max_length=3, validators=[CURRENCY_CODE])
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by_task = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The ledger is append-only; a transaction cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The ledger is append-only; a transaction cannot be deleted.")


class Entry(models.Model):
    """One leg of a transaction: a positive amount is money into the account, a negative one
    money out of it."""

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.DecimalField(**AMOUNT)
    currency = models.CharField(max_length=3, validators=[CURRENCY_CODE])

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = _("entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_amount_not_zero"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="ledger_entry_currency_iso"
            ),
        ]
        indexes = [models.Index(fields=["account", "transaction"], name="ledger_entry_account")]

    def __str__(self):
        return f"{self.amount} {self.currency} on {self.account.key}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The ledger is append-only; an entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The ledger is append-only; an entry cannot be deleted.")
