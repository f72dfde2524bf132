"""Every write of the ledger: opening accounts and posting balanced transactions."""

from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from ledger.models import Account, Entry, Transaction

CENT = Decimal("0.01")


def account_open(
    *, key: str, kind: str, name: str, currency: str, may_go_negative: bool = False
) -> Account:
    """The account named `key`, opened on first use."""
    account, _created = Account.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "name": name[:200],
            "currency": currency,
            "may_go_negative": may_go_negative,
        },
    )
    if account.currency != currency:
        raise ApplicationError(
            _("Account %(key)s keeps %(kept)s, not %(asked)s.")
            % {"key": key, "kept": account.currency, "asked": currency}
        )
    return account


def _check_legs(legs: Sequence[tuple[Account, Decimal]], currency: str) -> None:
    if len(legs) < 2:
        raise ValueError("A transaction moves money between at least two accounts.")
    for account, amount in legs:
        if not isinstance(amount, Decimal) or amount == 0 or amount != amount.quantize(CENT):
            raise ValueError(f"Amounts are non-zero Decimals in cents, not {amount!r}.")
        if account.currency != currency:
            raise ValueError(f"{account.key} keeps {account.currency}, not {currency}.")
    if sum((amount for _account, amount in legs), Decimal(0)) != 0:
        raise ValueError("A transaction's entries add up to zero.")


def _same_movement(existing: Transaction, legs) -> bool:
    posted = sorted(existing.entries.values_list("account_id", "amount"))
    return posted == sorted((account.pk, amount) for account, amount in legs)


def _refuse_overdraft(accounts: list[Account], legs) -> None:
    moving = {}
    for account, amount in legs:
        moving[account.pk] = moving.get(account.pk, Decimal(0)) + amount
    for account in accounts:
        if account.may_go_negative or moving[account.pk] >= 0:
            continue
        held = Entry.objects.filter(account=account).aggregate(total=Sum("amount"))["total"]
        if (held or Decimal(0)) + moving[account.pk] < 0:
            raise ApplicationError(
                _("%(account)s holds %(held)s %(currency)s, less than the %(asked)s asked.")
                % {
                    "account": account.name,
                    "held": held or Decimal("0.00"),
                    "currency": account.currency,
                    "asked": -moving[account.pk],
                },
                code="insufficient_funds",
            )


@transaction.atomic
def transaction_post(
    *,
    idempotency_key: str,
    kind: str,
    description: str,
    currency: str,
    legs: Sequence[tuple[Account, Decimal]],
    by,
) -> Transaction:
    """Post one balanced movement, once: posting the same key again returns the movement
    already made (and refuses a different one under the same key).

    The accounts are locked in a fixed order, then the key is looked up again and every
    account that pays out is checked to hold enough, so two posts racing on one account
    never both spend the same money.
    """
    _check_legs(legs, currency)
    accounts = list(
        Account.objects.select_for_update()
        .filter(pk__in={account.pk for account, _amount in legs})
        .order_by("pk")
    )
    existing = Transaction.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if not _same_movement(existing, legs):
            raise ApplicationError(
                _("This movement was already made with other amounts."), code="conflict"
            )
        return existing
    _refuse_overdraft(accounts, legs)
    actor = {"created_by_task": by} if isinstance(by, str) else {"created_by": by}
    try:
        with transaction.atomic():
            posted = Transaction.objects.create(
                idempotency_key=idempotency_key,
                kind=kind,
                description=description[:500],
                currency=currency,
                **actor,
            )
    except IntegrityError:
        return Transaction.objects.get(idempotency_key=idempotency_key)
    Entry.objects.bulk_create(
        Entry(transaction=posted, account=account, amount=amount, currency=currency)
        for account, amount in legs
    )
    return posted
