"""Charts drawn on the server as SVG from plain values: no database, no JavaScript, nothing
third-party. This module only measures (bar lengths, positions, labels); the templates in
templates/impact/ draw the SVG and the table of the same data beneath it, so a screen reader
and a printer get every number.

Amounts are Decimals in one currency per chart: a chart never adds currencies together.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Drawing units of the SVG's viewBox; the SVG scales to its container's width.
WIDTH = 640
LABEL_WIDTH = 170  # room for a row's name left of a horizontal bar
BAR_AREA = 360  # the longest horizontal bar
ROW_HEIGHT = 28
BAR_THICKNESS = 18
COLUMN_AREA_HEIGHT = 200  # the tallest monthly column
COLUMN_TOP = 34  # room for the legend above the columns
AXIS_LABELS = 38  # room for the months below the columns: month and year on two lines
LABEL_CHARACTERS = 24  # longer names are shortened in the drawing (the table has them whole)

CERTIFIED = "certified"
OTHER = "other"
COLOURS = {CERTIFIED: "#1f6f43", OTHER: "#9aa5ad"}
POINT = Decimal("0.1")


def _scaled(value: Decimal, largest: Decimal, room: int) -> Decimal:
    """value's share of room, to a tenth of a unit; nothing for nothing."""
    if largest <= 0 or value <= 0:
        return Decimal("0.0")
    return (Decimal(room) * value / largest).quantize(POINT, rounding=ROUND_HALF_UP)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    length: Decimal
    y: int

    @property
    def short_label(self) -> str:
        return _short(self.label)

    @property
    def label_y(self) -> int:
        return self.y + BAR_THICKNESS - 5

    @property
    def value_x(self) -> Decimal:
        return LABEL_WIDTH + self.length + 6


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one a row (a country, an income group), longest first."""

    key: str
    title: str
    description: str
    currency: str
    bars: list[Bar]

    width = WIDTH
    label_width = LABEL_WIDTH
    label_x = LABEL_WIDTH - 8
    thickness = BAR_THICKNESS
    colour = COLOURS[CERTIFIED]

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * ROW_HEIGHT + 4


def bar_chart(
    *, key: str, title: str, description: str, currency: str, rows: list[tuple[str, Decimal]]
) -> BarChart:
    """Bars for (label, amount) rows, sorted by amount (largest first), then label."""
    rows = sorted(rows, key=lambda row: (-row[1], row[0]))
    largest = max((value for _label, value in rows), default=Decimal(0))
    bars = [
        Bar(
            label=label, value=value, length=_scaled(value, largest, BAR_AREA), y=i * ROW_HEIGHT + 4
        )
        for i, (label, value) in enumerate(rows)
    ]
    return BarChart(key=key, title=title, description=description, currency=currency, bars=bars)


@dataclass(frozen=True)
class Segment:
    series: str
    value: Decimal
    height: Decimal
    y: Decimal

    @property
    def colour(self) -> str:
        return COLOURS[self.series]


@dataclass(frozen=True)
class Column:
    label: str
    certified: Segment
    other: Segment
    x: Decimal
    width: Decimal

    @property
    def total(self) -> Decimal:
        return self.certified.value + self.other.value

    @property
    def label_x(self) -> Decimal:
        return self.x + self.width / 2


@dataclass(frozen=True)
class StackedChart:
    """One column a month, certified providers' share at the bottom, the rest above it."""

    key: str
    title: str
    description: str
    currency: str
    columns: list[Column]
    series_labels: dict[str, str]

    width = WIDTH
    height = COLUMN_TOP + COLUMN_AREA_HEIGHT + AXIS_LABELS
    baseline = COLUMN_TOP + COLUMN_AREA_HEIGHT
    label_y = COLUMN_TOP + COLUMN_AREA_HEIGHT + 16
    colours = COLOURS


def stacked_chart(
    *,
    key: str,
    title: str,
    description: str,
    currency: str,
    months: list[tuple[str, Decimal, Decimal]],
    series_labels: dict[str, str],
) -> StackedChart:
    """Columns for (month label, certified amount, other amount), in the order given."""
    largest = max((certified + other for _label, certified, other in months), default=Decimal(0))
    slot = (Decimal(WIDTH - 20) / max(1, len(months))).quantize(POINT)
    width = (slot * Decimal("0.7")).quantize(POINT)
    columns = []
    for i, (label, certified, other) in enumerate(months):
        low = _scaled(certified, largest, COLUMN_AREA_HEIGHT)
        high = _scaled(certified + other, largest, COLUMN_AREA_HEIGHT) - low
        baseline = Decimal(COLUMN_TOP + COLUMN_AREA_HEIGHT)
        columns.append(
            Column(
                label=label,
                certified=Segment(CERTIFIED, certified, low, baseline - low),
                other=Segment(OTHER, other, high, baseline - low - high),
                x=Decimal(10) + slot * i + (slot - width) / 2,
                width=width,
            )
        )
    return StackedChart(
        key=key,
        title=title,
        description=description,
        currency=currency,
        columns=columns,
        series_labels=series_labels,
    )
