"""The figures of a set of contracts, aggregated by the database with currencies kept apart.

A contract's value is its price (for an hourly contract, the sum of its milestones so far),
in its currency; it was awarded when it was made (the provider accepted the award) and
completed when its status became completed. Its provider counts as certified when it held a
label valid on the day of the award and not revoked since. The premium paid is what the
releases of its milestones moved to the provider as premium (each release writes the payout
with the ledger's premium entry). contracts() is the one place that says so; every figure
reads only the names it annotates.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils.translation import gettext as _
from django_countries import countries

from certification.models import Label, LabelStatus
from certification.models.incomes import IncomeGroup
from certification.selectors.incomes import country_incomes
from contracts.models import (
    Contract,
    ContractEvent,
    ContractKind,
    ContractStatus,
    Milestone,
    OutgoingKind,
    OutgoingPayment,
)
from impact.periods import Period

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_of(queryset: QuerySet, field_name: str):
    """A subquery summing field_name over rows of one contract (0 when there are none)."""
    total = queryset.order_by().values("contract_ref").annotate(total=Sum(field_name))
    return Coalesce(Subquery(total.values("total")[:1]), Value(ZERO), output_field=MONEY)


def premium_payouts() -> QuerySet:
    """The premium each release moved to a provider: payouts, never refunds."""
    return OutgoingPayment.objects.filter(kind=OutgoingKind.PAYOUT, premium__gt=0)


def contracts() -> QuerySet:
    """Every contract, annotated with what the figures read: value, currency_code,
    provider_org, provider_country, awarded_at, completed_at, certified, premium_paid, and
    paid (what releases moved to the provider)."""
    completed = ContractEvent.objects.filter(
        contract=OuterRef("pk"), to_status=ContractStatus.COMPLETED
    )
    milestones = Milestone.objects.filter(contract=OuterRef("pk")).annotate(
        contract_ref=F("contract")
    )
    payouts = OutgoingPayment.objects.filter(
        kind=OutgoingKind.PAYOUT, milestone__contract=OuterRef("pk")
    )
    premiums = premium_payouts().filter(milestone__contract=OuterRef("pk"))
    label_in_force = Label.objects.filter(
        organization=OuterRef("provider_org"),
        valid_from__lte=OuterRef("awarded_on"),
        valid_until__gte=OuterRef("awarded_on"),
    ).exclude(status=LabelStatus.REVOKED)
    return (
        Contract.objects.annotate(
            value=Case(
                When(kind=ContractKind.FIXED, then=F("price")),
                default=_sum_of(milestones, "amount"),
                output_field=MONEY,
            ),
            currency_code=F("currency"),
            provider_org=F("provider"),
            provider_country=F("provider__country"),
            awarded_at=F("created_at"),
            completed_at=Subquery(completed.order_by("-created_at").values("created_at")[:1]),
            premium_paid=_sum_of(
                premiums.annotate(contract_ref=F("milestone__contract")), "premium"
            ),
            paid=_sum_of(payouts.annotate(contract_ref=F("milestone__contract")), "amount"),
        )
        .annotate(awarded_on=Cast("awarded_at", DateField()))
        .annotate(certified=Exists(label_in_force))
    )


def in_period(queryset: QuerySet, period: Period, *, moment: str) -> QuerySet:
    """The contracts awarded (moment="awarded_at") or completed ("completed_at") in period."""
    return queryset.filter(
        **{f"{moment}__date__gte": period.start, f"{moment}__date__lte": period.end}
    )


def touching(queryset: QuerySet, period: Period) -> QuerySet:
    """The contracts behind a period's figures: awarded or completed in it."""
    awarded = Q(awarded_at__date__gte=period.start, awarded_at__date__lte=period.end)
    completed = Q(completed_at__date__gte=period.start, completed_at__date__lte=period.end)
    return queryset.filter(awarded | completed)


@dataclass
class CurrencyFigures:
    """What the contracts came to in one currency."""

    currency: str
    awarded: Decimal = ZERO
    awarded_count: int = 0
    certified_awarded: Decimal = ZERO
    completed: Decimal = ZERO
    completed_count: int = 0
    certified_completed: Decimal = ZERO
    premiums_paid: Decimal = ZERO

    @property
    def certified_share(self) -> Decimal | None:
        """Percent of the awarded value that went to certified providers, to one decimal."""
        if not self.awarded:
            return None
        share = Decimal(100) * self.certified_awarded / self.awarded
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    currencies: list[CurrencyFigures]
    provider_count: int
    country_count: int
    # currency -> [(ISO code, country name, awarded value)]
    by_country: dict[str, list[tuple[str, str, Decimal]]] = field(default_factory=dict)
    # currency -> [(income group's name, awarded value)]
    by_income: dict[str, list[tuple[str, Decimal]]] = field(default_factory=dict)
    # currency -> [(first day of the month, certified value, other value)]
    by_month: dict[str, list[tuple[date, Decimal, Decimal]]] = field(default_factory=dict)

    def amounts(self, name: str) -> dict[str, Decimal]:
        """One figure (for example "awarded") in each currency."""
        return {row.currency: getattr(row, name) for row in self.currencies}


def _money_sums(queryset: QuerySet, prefix: str) -> dict[str, dict]:
    rows = queryset.values("currency_code").annotate(
        total=Sum("value"), count=Count("pk"), certified=Sum("value", filter=Q(certified=True))
    )
    return {
        row["currency_code"]: {
            prefix: row["total"],
            f"{prefix}_count": row["count"],
            f"certified_{prefix}": row["certified"] or ZERO,
        }
        for row in rows.order_by()
    }


def premiums_paid(contract_ids: QuerySet, period: Period) -> dict[str, Decimal]:
    """The premium released in the period to the providers of these contracts, per
    currency (one query)."""
    rows = (
        premium_payouts()
        .filter(
            milestone__contract__in=contract_ids,
            created_at__date__gte=period.start,
            created_at__date__lte=period.end,
        )
        .values("currency")
        .annotate(total=Sum("premium"))
        .order_by()
    )
    return {row["currency"]: row["total"] for row in rows}


def currency_figures(awarded, completed, premiums: dict[str, Decimal]) -> list[CurrencyFigures]:
    """Awarded and completed value and premiums paid per currency (two queries)."""
    sums = defaultdict(dict)
    for code, values in _money_sums(awarded, "awarded").items():
        sums[code].update(values)
    for code, values in _money_sums(completed, "completed").items():
        sums[code].update(values)
    for code, total in premiums.items():
        sums[code]["premiums_paid"] = total
    return [CurrencyFigures(currency=code, **sums[code]) for code in sorted(sums)]


def income_group_name(group: str | None) -> str:
    if group is None:
        return _("No World Bank data")
    return IncomeGroup(group).label if group else _("Unclassified")


def by_country_and_income(awarded: QuerySet):
    """Awarded value by country and by World Bank income group, per currency (the income
    groups cost the two queries of country_incomes)."""
    rows = list(
        awarded.values("provider_country", "currency_code")
        .annotate(total=Sum("value"))
        .order_by("currency_code", "provider_country")
    )
    incomes = country_incomes({row["provider_country"] for row in rows})
    by_country, by_income = defaultdict(list), defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in rows:
        code, currency = row["provider_country"], row["currency_code"]
        by_country[currency].append((code, countries.name(code) or code, row["total"]))
        income = incomes.get(code)
        group = income_group_name(income.basis.income_group if income else None)
        by_income[currency][group] += row["total"]
    return dict(by_country), {c: sorted(groups.items()) for c, groups in by_income.items()}


def by_month(awarded: QuerySet, months: list[date]) -> dict[str, list]:
    """Awarded value each month, certified and other, per currency; every month of the
    period appears, with nothing in it if need be."""
    rows = (
        awarded.annotate(month=TruncMonth("awarded_at"))
        .values("month", "currency_code", "certified")
        .annotate(total=Sum("value"))
        .order_by()
    )
    cells = defaultdict(lambda: ZERO)
    currencies = set()
    for row in rows:
        currencies.add(row["currency_code"])
        cells[row["currency_code"], row["month"].date(), row["certified"]] += row["total"]
    return {
        currency: [
            (month, cells[currency, month, True], cells[currency, month, False]) for month in months
        ]
        for currency in sorted(currencies)
    }


def figures_for(queryset: QuerySet, period: Period) -> Figures:
    """The figures of these contracts in a period, in a fixed number of queries."""
    awarded = in_period(queryset, period, moment="awarded_at")
    completed = in_period(queryset, period, moment="completed_at")
    reach = awarded.aggregate(
        providers=Count("provider_org", distinct=True),
        countries=Count("provider_country", distinct=True),
    )
    countries_, incomes = by_country_and_income(awarded)
    return Figures(
        currencies=currency_figures(
            awarded, completed, premiums_paid(queryset.values("pk"), period)
        ),
        provider_count=reach["providers"],
        country_count=reach["countries"],
        by_country=countries_,
        by_income=incomes,
        by_month=by_month(awarded, period.months()),
    )
