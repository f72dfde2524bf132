from datetime import UTC, date, datetime, timedelta, timezone

from core import formats


def test_a_day_is_written_with_the_months_name_and_no_leading_zero():
    assert formats.day(date(2026, 3, 5)) == "5 March 2026"
    assert formats.day(date(2026, 12, 31)) == "31 December 2026"


def test_a_days_moment_is_written_as_its_day():
    assert formats.day(datetime(2026, 3, 5, 23, 59, tzinfo=UTC)) == "5 March 2026"


def test_a_moment_is_written_in_utc_to_the_minute():
    nairobi = timezone(timedelta(hours=3))

    assert formats.moment(datetime(2026, 3, 5, 14, 30, 59, tzinfo=UTC)) == (
        "5 March 2026 at 14:30 UTC"
    )
    assert formats.moment(datetime(2026, 3, 6, 1, 15, tzinfo=nairobi)) == (
        "5 March 2026 at 22:15 UTC"
    )
