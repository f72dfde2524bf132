"""Converting amounts between currencies, only with an explicit dated rate (no database).

A figure is converted only when staff recorded a rate for its currency; the rate and its date
travel with the converted amount so that every page shows them beside it. Without a rate the
figure stays in its own currency and no total is made: Fairbid never adds currencies.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    from_currency: str
    to_currency: str
    rate: Decimal
    on: date

    @property
    def written(self) -> str:
        """The rate as recorded, without trailing zeros: 1.085."""
        return f"{self.rate.normalize():f}"


@dataclass(frozen=True)
class Converted:
    amount: Decimal
    currency: str
    to_currency: str
    converted: Decimal | None  # None: no rate recorded
    rate: Rate | None  # None for an amount already in to_currency, or without a rate


@dataclass(frozen=True)
class ConvertedTotal:
    to_currency: str
    lines: list[Converted]

    @property
    def missing(self) -> list[str]:
        return [line.currency for line in self.lines if line.converted is None]

    @property
    def total(self) -> Decimal | None:
        """The sum in to_currency, or None when any line has no rate."""
        if self.missing:
            return None
        return sum((line.converted for line in self.lines), Decimal("0.00"))


def convert(amount: Decimal, currency: str, *, to: str, rates: dict[str, Rate]) -> Converted:
    if currency == to:
        return Converted(amount, currency, to, amount, None)
    rate = rates.get(currency)
    if rate is None:
        return Converted(amount, currency, to, None, None)
    value = (amount * rate.rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return Converted(amount, currency, to, value, rate)


def convert_total(amounts: dict[str, Decimal], *, to: str, rates: dict[str, Rate]):
    """Each currency's amount converted to `to`, and their sum when every one has a rate."""
    lines = [convert(amounts[code], code, to=to, rates=rates) for code in sorted(amounts)]
    return ConvertedTotal(to_currency=to, lines=lines)
