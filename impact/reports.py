"""The buyer's impact report for a period: its figures, their conversions and its charts,
shaped for the dashboard, the printable statement and the CSV."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import members_of, membership_for_user
from certification.selectors.incomes import country_incomes
from impact import charts
from impact.conversion import ConvertedTotal, convert_total
from impact.figures import Figures, contracts, figures_for, income_group_name, touching
from impact.periods import Period
from impact.selectors import rates_to

CONVERTED_FIGURES = [
    "awarded",
    "certified_awarded",
    "completed",
    "certified_completed",
    "premiums_paid",
]


def series_labels() -> dict[str, str]:
    return {charts.CERTIFIED: _("Certified providers"), charts.OTHER: _("Other providers")}


def buyer_contracts(*, user: User) -> QuerySet:
    """The contracts of the buyer's company (every member's jobs), or the buyer's own."""
    membership = membership_for_user(user=user)
    buyers = [member.pk for member in members_of(membership.organization_id)] if membership else []
    return contracts().filter(buyer_id__in=buyers or [user.pk])


@dataclass(frozen=True)
class CurrencyCharts:
    currency: str
    by_month: charts.StackedChart
    by_country: charts.BarChart
    by_income: charts.BarChart


def charts_for(figures: Figures, *, key: str) -> list[CurrencyCharts]:
    """The three charts of each currency's figures."""
    result = []
    for currency, months in figures.by_month.items():
        slug = f"{key}-{currency.lower()}"
        result.append(
            CurrencyCharts(
                currency=currency,
                by_month=charts.stacked_chart(
                    key=f"{slug}-month",
                    title=_("Awarded value by month, %(currency)s") % {"currency": currency},
                    description=_(
                        "Each month's awarded value in %(currency)s: certified providers at "
                        "the bottom of each column, other providers above."
                    )
                    % {"currency": currency},
                    currency=currency,
                    months=[(date_format(m, "M Y"), c, o) for m, c, o in months],
                    series_labels=series_labels(),
                ),
                by_country=charts.bar_chart(
                    key=f"{slug}-country",
                    title=_("Awarded value by country, %(currency)s") % {"currency": currency},
                    description=_("Awarded value by the provider's country, largest first."),
                    currency=currency,
                    rows=[(name, value) for _code, name, value in figures.by_country[currency]],
                ),
                by_income=charts.bar_chart(
                    key=f"{slug}-income",
                    title=_("Awarded value by income group, %(currency)s") % {"currency": currency},
                    description=_(
                        "Awarded value by the World Bank income group of the provider's country."
                    ),
                    currency=currency,
                    rows=figures.by_income[currency],
                ),
            )
        )
    return result


@dataclass(frozen=True)
class Report:
    period: Period
    figures: Figures
    charts: list[CurrencyCharts]
    convert_to: str
    conversions: dict[str, ConvertedTotal]


def buyer_report(*, user: User, period: Period, convert_to: str = "") -> Report:
    figures = figures_for(buyer_contracts(user=user), period)
    conversions = {}
    if convert_to:
        rates = rates_to(convert_to, on=period.end)
        conversions = {
            name: convert_total(figures.amounts(name), to=convert_to, rates=rates)
            for name in CONVERTED_FIGURES
        }
    return Report(
        period=period,
        figures=figures,
        charts=charts_for(figures, key="impact"),
        convert_to=convert_to,
        conversions=conversions,
    )


CSV_HEADER = [
    "contract",
    "job",
    "provider",
    "country",
    "income_group",
    "certified_at_award",
    "value",
    "currency",
    "premium_percent",
    "premium_paid",
    "awarded_on",
    "completed_on",
]


def _day(moment) -> str:
    return moment.date().isoformat() if moment else ""


def contract_rows(*, user: User, period: Period) -> list[list[str]]:
    """The contracts behind a period's figures (awarded or completed in it), one CSV row
    each, oldest award first (three queries)."""
    rows = list(
        touching(buyer_contracts(user=user), period)
        .select_related("provider", "job")
        .order_by("awarded_at", "pk")
    )
    incomes = country_incomes({row.provider_country for row in rows})
    lines = []
    for row in rows:
        income = incomes.get(row.provider_country)
        lines.append(
            [
                str(row.pk),
                row.job.title,
                row.provider.name,
                row.provider_country,
                income_group_name(income.basis.income_group if income else None),
                "yes" if row.certified else "no",
                f"{row.value:.2f}",
                row.currency_code,
                f"{row.premium_percent:.2f}",
                f"{row.premium_paid:.2f}",
                _day(row.awarded_at),
                _day(row.completed_at),
            ]
        )
    return lines
