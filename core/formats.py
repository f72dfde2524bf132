"""How Fairbid writes a day or a moment inside a sentence: in one place, so that following
the reader's language changes only these functions. Django's date formatting writes the
month's name, translated once a language other than English is active."""

from datetime import UTC, date, datetime

from django.utils.dateformat import format as date_format


def day(value: date) -> str:
    """A day: 5 March 2026."""
    return date_format(value, "j F Y")


def moment(value: datetime) -> str:
    """A moment to the minute, in UTC, as deadlines are set: 5 March 2026 at 14:30 UTC."""
    value = value.astimezone(UTC)
    return f"{day(value)} at {date_format(value, 'H:i')} UTC"
