"""Fairbid's platform-wide figures for the public /impact/ page: computed by a beat task into
one summary row (plain JSON: amounts as decimal strings, per currency), so that the page
reads one row and draws its charts from it."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from certification.models import CERTIFIED_STATUSES, Label
from certification.selectors.incomes import country_incomes
from contracts.services.books import Kind
from impact import charts
from impact.figures import by_month, contracts, income_group_name
from impact.models import PremiumUse
from impact.periods import Period
from ledger.models import Entry
from marketplace.models import Job, JobStatus

MONTHS_SHOWN = 12


def _strings(amounts: dict[str, Decimal]) -> dict[str, str]:
    return {currency: f"{amount:.2f}" for currency, amount in sorted(amounts.items())}


def _per_currency(queryset, value: str, **filters) -> dict[str, str]:
    rows = queryset.filter(**filters).values("currency_code").annotate(total=Sum(value)).order_by()
    return _strings({row["currency_code"]: row["total"] for row in rows if row["total"]})


def last_months(today: date) -> Period:
    """The last twelve months, this one included."""
    first = today.replace(day=1)
    for _month in range(MONTHS_SHOWN - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(start=first, end=today)


def certified_providers() -> tuple[list, list]:
    """Organizations holding a label in force, counted by country and by income group."""
    rows = list(
        Label.objects.filter(status__in=sorted(CERTIFIED_STATUSES))
        .values("organization__country")
        .annotate(n=Count("organization", distinct=True))
        .order_by("organization__country")
    )
    incomes = country_incomes({row["organization__country"] for row in rows})
    by_country, by_income = [], defaultdict(int)
    for row in rows:
        code = row["organization__country"]
        by_country.append([code, row["n"]])
        income = incomes.get(code)
        by_income[income.basis.income_group if income else None] += row["n"]
    groups = [[group, count] for group, count in by_income.items()]
    return by_country, sorted(groups, key=lambda pair: (pair[0] is None, pair[0] or ""))


def compute(*, today: date) -> dict:
    """The platform's figures as plain JSON (a fixed number of queries)."""
    every = contracts()
    premiums = (
        Entry.objects.filter(account__kind=Kind.PREMIUM_PAYABLE, amount__gt=0)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    uses = PremiumUse.objects.values("currency").annotate(total=Sum("amount")).order_by()
    period = last_months(today)
    months = by_month(every.filter(awarded_at__date__gte=period.start), period.months())
    by_country, by_income = certified_providers()
    return {
        "awarded": _per_currency(every, "value"),
        "awarded_certified": _per_currency(every, "value", certified=True),
        "paid_certified": _per_currency(every, "paid", certified=True),
        "premiums_paid": _strings({row["currency"]: row["total"] for row in premiums}),
        "premiums_reported": _strings({row["currency"]: row["total"] for row in uses}),
        "jobs_completed": Job.objects.filter(status=JobStatus.COMPLETED).count(),
        "contracts": {"n": every.count(), "certified": every.filter(certified=True).count()},
        "months": {
            currency: [[m.isoformat(), f"{c:.2f}", f"{o:.2f}"] for m, c, o in rows]
            for currency, rows in months.items()
        },
        "certified_by_country": by_country,
        "certified_by_income": by_income,
    }


def public_charts(data: dict) -> dict:
    """The /impact/ page's charts, drawn from the stored figures."""
    monthly = [
        charts.stacked_chart(
            key=f"platform-{currency.lower()}-month",
            title=_("Value awarded each month, %(currency)s") % {"currency": currency},
            description=_(
                "Value of the contracts made each month over the last twelve months, in "
                "%(currency)s: certified providers at the bottom of each column, others above."
            )
            % {"currency": currency},
            currency=currency,
            months=[
                (date_format(date.fromisoformat(m), "M Y"), Decimal(c), Decimal(o))
                for m, c, o in rows
            ],
            series_labels={
                charts.CERTIFIED: _("Certified providers"),
                charts.OTHER: _("Other providers"),
            },
        )
        for currency, rows in sorted(data["months"].items())
    ]
    by_country = charts.bar_chart(
        key="platform-country",
        title=_("Certified providers by country"),
        description=_("The number of provider organizations holding a label in force."),
        currency="",
        rows=[
            (countries.name(code) or code, Decimal(n)) for code, n in data["certified_by_country"]
        ],
    )
    by_income = charts.bar_chart(
        key="platform-income",
        title=_("Certified providers by income group"),
        description=_(
            "The number of certified provider organizations by the World Bank income group "
            "of their country."
        ),
        currency="",
        rows=[(income_group_name(group), Decimal(n)) for group, n in data["certified_by_income"]],
    )
    return {"monthly": monthly, "by_country": by_country, "by_income": by_income}


TOTALS = ["awarded", "awarded_certified", "paid_certified", "premiums_paid", "premiums_reported"]


def total_rows(data: dict) -> list[dict]:
    """One row a currency with each total (0 where none), for the page's table."""
    currencies = sorted({code for name in TOTALS for code in data[name]})
    return [
        {"currency": code, **{name: Decimal(data[name].get(code, "0.00")) for name in TOTALS}}
        for code in currencies
    ]
