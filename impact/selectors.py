"""Impact's reads."""

from datetime import date

from impact.conversion import Rate
from impact.models import ExchangeRate


def rates_to(to_currency: str, *, on: date) -> dict[str, Rate]:
    """The newest rate into to_currency recorded on or before `on`, for each currency that
    has one (one query)."""
    rates = {}
    rows = ExchangeRate.objects.filter(to_currency=to_currency, on__lte=on).order_by("-on")
    for row in rows.values("from_currency", "rate", "on"):
        rates.setdefault(
            row["from_currency"], Rate(row["from_currency"], to_currency, row["rate"], row["on"])
        )
    return rates
