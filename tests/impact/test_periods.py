from datetime import date

import pytest

from impact.periods import Period, PeriodChoice, period_for


@pytest.mark.parametrize(
    ("choice", "today", "expected"),
    [
        ("this_quarter", date(2026, 11, 27), Period(date(2026, 10, 1), date(2026, 12, 31))),
        ("this_quarter", date(2026, 1, 1), Period(date(2026, 1, 1), date(2026, 3, 31))),
        ("last_quarter", date(2026, 11, 27), Period(date(2026, 7, 1), date(2026, 9, 30))),
        ("last_quarter", date(2026, 2, 10), Period(date(2025, 10, 1), date(2025, 12, 31))),
        ("this_year", date(2026, 11, 27), Period(date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_named_periods(choice, today, expected):
    assert period_for(choice, today=today) == expected


def test_a_custom_period_and_its_months():
    period = period_for(
        PeriodChoice.CUSTOM, today=date(2026, 1, 1), start=date(2025, 11, 15), end=date(2026, 2, 3)
    )
    assert period.months() == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
