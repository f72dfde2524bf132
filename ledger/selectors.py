"""Reads of the ledger: balances are sums of entries."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet, Sum

from ledger.models import Account, Entry


def balance(account: Account | None) -> Decimal:
    if account is None:
        return Decimal("0.00")
    total = Entry.objects.filter(account=account).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def balances(*, keys: Iterable[str]) -> dict[str, Decimal]:
    """The balance of each account named, 0.00 for one not opened yet; one query."""
    keys = list(keys)
    found = dict(
        Account.objects.filter(key__in=keys)
        .annotate(total=Sum("entries__amount"))
        .values_list("key", "total")
    )
    return {key: found.get(key) or Decimal("0.00") for key in keys}


def accounts_with_balances() -> QuerySet:
    return Account.objects.annotate(balance=Sum("entries__amount")).order_by("key")


def totals_by_currency() -> dict[str, Decimal]:
    """What all accounts hold together, per currency: zero in balanced books."""
    rows = Entry.objects.values("currency").annotate(total=Sum("amount"))
    return {row["currency"]: row["total"] for row in rows}


def entries_of(account: Account) -> QuerySet:
    return Entry.objects.filter(account=account).select_related("transaction").order_by("pk")
