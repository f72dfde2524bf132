"""The periods a buyer reports on: plain dates in, plain dates out (no database)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodChoice(models.TextChoices):
    THIS_QUARTER = "this_quarter", _("This quarter")
    LAST_QUARTER = "last_quarter", _("Last quarter")
    THIS_YEAR = "this_year", _("This year")
    CUSTOM = "custom", _("Custom dates")


@dataclass(frozen=True)
class Period:
    """From start to end, both days included."""

    start: date
    end: date

    def months(self) -> list[date]:
        """The first day of each month the period touches, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_for(choice: str, *, today: date, start: date | None = None, end: date | None = None):
    """The period a choice names on `today`; CUSTOM takes start and end as given."""
    if choice == PeriodChoice.CUSTOM:
        return Period(start=start, end=end)
    if choice == PeriodChoice.THIS_YEAR:
        return Period(start=date(today.year, 1, 1), end=date(today.year, 12, 31))
    this_quarter = _quarter_start(today)
    if choice == PeriodChoice.LAST_QUARTER:
        last_quarter = _quarter_start(this_quarter - timedelta(days=1))
        return Period(start=last_quarter, end=this_quarter - timedelta(days=1))
    next_quarter = _quarter_start(this_quarter + timedelta(days=93))
    return Period(start=this_quarter, end=next_quarter - timedelta(days=1))
