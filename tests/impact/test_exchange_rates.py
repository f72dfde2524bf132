"""Staff keep dated exchange rates in admin; amounts are converted only with such a rate,
which travels with the converted amount, and currencies without one are never added up."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.exceptions import ApplicationError
from impact.conversion import Rate, convert, convert_total
from impact.models import ExchangeRate
from impact.selectors import rates_to
from impact.services import exchange_rate_save
from tests.factories import BuyerFactory, UserFactory


def _staff(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.mark.django_db
def test_staff_add_a_rate_in_admin_through_its_service(client):
    staff = _staff("add_exchangerate", "view_exchangerate", "change_exchangerate")
    client.force_login(staff)

    response = client.post(
        reverse("admin:impact_exchangerate_add"),
        {
            "from_currency": "EUR",
            "to_currency": "USD",
            "rate": "1.0850",
            "on": "2026-10-01",
            "source": "ECB reference rate",
        },
    )

    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.rate, rate.on, rate.recorded_by) == (Decimal("1.085"), date(2026, 10, 1), staff)
    assert str(rate) == "1 EUR = 1.085 USD (2026-10-01)"
    delete = client.get(reverse("admin:impact_exchangerate_delete", args=[rate.pk]))
    assert delete.status_code == 403


@pytest.mark.django_db
def test_only_staff_with_the_permission_record_rates():
    fields = {"from_currency": "EUR", "to_currency": "USD", "rate": Decimal("1.1")}
    with pytest.raises(ApplicationError, match="Only staff"):
        exchange_rate_save(by=BuyerFactory(), on=date(2026, 10, 1), **fields)

    staff = _staff("add_exchangerate")
    exchange_rate_save(by=staff, on=date(2026, 10, 1), **fields)
    with pytest.raises(ApplicationError) as refused:
        exchange_rate_save(by=staff, on=date(2026, 10, 1), **fields)
    assert refused.value.fields


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rate": Decimal("0")}, "rate"),
        ({"to_currency": "EUR"}, None),
        ({"from_currency": "XYZ"}, "from_currency"),
    ],
)
def test_a_rate_must_be_positive_between_two_known_currencies(fields, field):
    data = {"from_currency": "EUR", "to_currency": "USD", "rate": Decimal("1.1"), **fields}
    with pytest.raises(ApplicationError) as refused:
        exchange_rate_save(by=_staff("add_exchangerate"), on=date(2026, 10, 1), **data)
    if field:
        assert field in refused.value.fields


@pytest.mark.django_db
def test_the_rate_used_is_the_newest_on_or_before_the_day():
    staff = _staff("add_exchangerate")
    for day, rate in [
        (date(2026, 9, 1), "1.05"),
        (date(2026, 10, 1), "1.08"),
        (date(2026, 12, 1), "1.2"),
    ]:
        exchange_rate_save(
            by=staff, from_currency="EUR", to_currency="USD", rate=Decimal(rate), on=day
        )

    rates = rates_to("USD", on=date(2026, 11, 15))

    assert rates == {"EUR": Rate("EUR", "USD", Decimal("1.08000000"), date(2026, 10, 1))}
    assert rates_to("GBP", on=date(2026, 11, 15)) == {}


EUR_USD = Rate("EUR", "USD", Decimal("1.0850"), date(2026, 10, 1))


def test_an_amount_is_converted_with_its_rate_which_travels_with_it():
    converted = convert(Decimal("1000.00"), "EUR", to="USD", rates={"EUR": EUR_USD})

    assert converted.converted == Decimal("1085.00")
    assert converted.rate == EUR_USD
    same = convert(Decimal("5.00"), "USD", to="USD", rates={})
    assert (same.converted, same.rate) == (Decimal("5.00"), None)


def test_currencies_are_added_only_when_each_has_a_rate():
    amounts = {"USD": Decimal("200.00"), "EUR": Decimal("1000.00"), "KES": Decimal("50000.00")}

    partial = convert_total(amounts, to="USD", rates={"EUR": EUR_USD})
    assert partial.total is None
    assert partial.missing == ["KES"]

    kes = Rate("KES", "USD", Decimal("0.0077"), date(2026, 9, 30))
    complete = convert_total(amounts, to="USD", rates={"EUR": EUR_USD, "KES": kes})
    assert complete.total == Decimal("200.00") + Decimal("1085.00") + Decimal("385.00")
    assert [line.currency for line in complete.lines] == ["EUR", "KES", "USD"]
