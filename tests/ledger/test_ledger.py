import contextlib
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from core.exceptions import ApplicationError
from ledger import selectors
from ledger.models import Entry, Transaction
from ledger.services import account_open, transaction_post

pytestmark = pytest.mark.django_db


def _accounts(currency="USD"):
    world = account_open(
        key=f"world:{currency}",
        kind="outside",
        name="World",
        currency=currency,
        may_go_negative=True,
    )
    held = account_open(key=f"held:{currency}", kind="escrow", name="Held", currency=currency)
    paid = account_open(key=f"paid:{currency}", kind="payable", name="Paid", currency=currency)
    return world, held, paid


def _post(key, legs, currency="USD"):
    return transaction_post(
        idempotency_key=key, kind="test", description=key, currency=currency, legs=legs, by="t"
    )


def test_a_balance_is_the_sum_of_entries():
    world, held, paid = _accounts()
    _post("in", [(world, Decimal("-100.00")), (held, Decimal("100.00"))])
    _post("out", [(held, Decimal("-40.00")), (paid, Decimal("40.00"))])

    assert selectors.balance(held) == Decimal("60.00")
    assert selectors.balances(keys=["held:USD", "paid:USD", "none"]) == {
        "held:USD": Decimal("60.00"),
        "paid:USD": Decimal("40.00"),
        "none": Decimal("0.00"),
    }
    assert selectors.totals_by_currency() == {"USD": 0}


def test_the_same_key_moves_money_once_and_refuses_other_amounts():
    world, held, _paid = _accounts()
    first = _post("k", [(world, Decimal("-5.00")), (held, Decimal("5.00"))])

    assert _post("k", [(world, Decimal("-5.00")), (held, Decimal("5.00"))]) == first
    assert Entry.objects.count() == 2
    with pytest.raises(ApplicationError, match="other amounts"):
        _post("k", [(world, Decimal("-6.00")), (held, Decimal("6.00"))])


def test_an_account_that_may_not_go_negative_refuses_to_pay_out_more_than_it_holds():
    world, held, paid = _accounts()
    _post("in", [(world, Decimal("-10.00")), (held, Decimal("10.00"))])

    with pytest.raises(ApplicationError, match="holds 10.00 USD"):
        _post("out", [(held, Decimal("-10.01")), (paid, Decimal("10.01"))])
    assert selectors.balance(held) == Decimal("10.00")


@pytest.mark.parametrize(
    "legs",
    [
        [("world", "-1.00"), ("held", "2.00")],  # does not balance
        [("world", "-1.00")],  # one leg
        [("world", "0.00"), ("held", "0.00")],  # nothing moves
        [("world", "-1.001"), ("held", "1.001")],  # below a cent
    ],
)
def test_malformed_movements_are_refused(legs):
    world, held, _paid = _accounts()
    accounts = {"world": world, "held": held}
    with pytest.raises(ValueError, match="Amounts|at least two|add up"):
        _post("bad", [(accounts[name], Decimal(amount)) for name, amount in legs])


def test_currencies_are_never_mixed():
    world, _held, _paid = _accounts()
    _w, euro_held, _p = _accounts("EUR")
    with pytest.raises(ValueError, match="keeps EUR"):
        _post("mixed", [(world, Decimal("-1.00")), (euro_held, Decimal("1.00"))])


def test_entries_and_transactions_are_append_only():
    world, held, _paid = _accounts()
    posted = _post("in", [(world, Decimal("-1.00")), (held, Decimal("1.00"))])
    with pytest.raises(TypeError):
        posted.entries.first().delete()
    with pytest.raises(TypeError):
        Transaction.objects.filter(pk=posted.pk).update(description="changed")
    with pytest.raises(TypeError):
        posted.save()


@pytest.mark.requires_postgres
def test_the_database_refuses_an_unbalanced_transaction_and_an_overdraft():
    world, held, _paid = _accounts()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    moved = Transaction.objects.create(
        idempotency_key="raw", kind="t", description="raw", currency="USD"
    )
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        Entry.objects.create(transaction=moved, account=world, amount=Decimal("-1"), currency="USD")
    with pytest.raises(IntegrityError, match="would go negative"), transaction.atomic():
        Entry.objects.bulk_create(
            [
                Entry(transaction=moved, account=held, amount=Decimal("-1"), currency="USD"),
                Entry(transaction=moved, account=world, amount=Decimal("1"), currency="USD"),
            ]
        )
    _post("ok", [(world, Decimal("-1.00")), (held, Decimal("1.00"))])
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM ledger_entry")


class TestAnySequenceOfMovementsKeepsTheBooks(TestCase):
    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["in", "pay", "back"]), st.integers(1, 10_000))))
    def test_totals_stay_zero_and_no_account_goes_below_zero(self, moves):
        world, held, paid = _accounts()
        routes = {"in": (world, held), "pay": (held, paid), "back": (paid, world)}
        for number, (route, cents) in enumerate(moves):
            source, target = routes[route]
            amount = Decimal(cents) / 100
            # More than the source holds is refused, and nothing moves.
            with contextlib.suppress(ApplicationError):
                _post(f"m{number}", [(source, -amount), (target, amount)])
            assert selectors.totals_by_currency().get("USD", 0) == 0
            assert selectors.balance(held) >= 0
            assert selectors.balance(paid) >= 0
