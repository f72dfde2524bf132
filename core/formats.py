"""How Fairbid writes a day, a moment or an amount of money: in one place, in the language
active when they are written (the reader's page, or the recipient's email)."""

from datetime import UTC, date, datetime
from decimal import Decimal

from babel.numbers import format_currency
from django.conf import settings
from django.utils import formats, translation
from django.utils.dateformat import format as date_format
from django.utils.functional import lazy
from django.utils.translation import gettext


def day(value: date) -> str:
    """A day in the active language's words: 5 March 2026, 5 mars 2026, 5 de marzo de 2026."""
    return formats.date_format(value, "DATE_FORMAT")


def moment(value: datetime) -> str:
    """A moment to the minute, in UTC, as deadlines are set: 5 March 2026 at 14:30 UTC."""
    value = value.astimezone(UTC)
    return gettext("{day} at {time} UTC").format(day=day(value), time=date_format(value, "H:i"))


def money(amount: Decimal | None, currency: str = "") -> str:
    """An amount with its ISO 4217 currency, its digits grouped as the active language does:
    1,250.50 USD · 1 250,50 USD · 1.250,50 USD. Always two decimals, as amounts are stored."""
    if amount is None:
        return ""
    locale = translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)
    if not currency:
        return format_currency(amount, "XXX", format="#,##0.00", locale=locale)
    return format_currency(amount, currency, format="#,##0.00 ¤¤", locale=locale)


# For messages written once and read later in the recipient's language (notifications).
day_lazy = lazy(day, str)
moment_lazy = lazy(moment, str)
money_lazy = lazy(money, str)
