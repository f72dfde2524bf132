from decimal import Decimal

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import formats
from marketplace.models import BudgetType

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "") -> str:
    """1250.5, "USD" -> "1,250.50 USD" (in English; grouped as the page's language does)."""
    return formats.money(amount, currency)


@register.simple_tag
def bid_price(bid, job) -> str:
    """A bid's price as the job prices work: "8.00 USD per hour, up to 30 hours a week" on
    an hourly job."""
    if job.budget_type != BudgetType.HOURLY:
        return money(bid.price, bid.currency)
    rate = _("{amount} per hour").format(amount=money(bid.price, bid.currency))
    if bid.weekly_hour_limit is None:  # bids placed before bids carried a limit
        return rate
    return _("{rate}, up to {hours} hours a week").format(rate=rate, hours=bid.weekly_hour_limit)


@register.simple_tag
def platform_fee_note() -> str:
    """Fairbid's fee, for both sides to read before an award; nothing when there is none."""
    percent = settings.CONTRACTS_PLATFORM_FEE_PERCENT
    if not percent:
        return ""
    return _(
        "Fairbid keeps a fee of {percent}% of each amount released to the provider; the "
        "fair-trade premium is never charged."
    ).format(percent=floatformat(percent, "-2"))


@register.simple_tag
def budget(job) -> str:
    if job.budget_type == BudgetType.FIXED:
        return _("{amount} fixed price").format(amount=money(job.budget_min, job.currency))
    return _("{low}–{high} per hour").format(
        low=formats.money(job.budget_min), high=money(job.budget_max, job.currency)
    )


@register.filter
def stars(rating) -> str:
    if rating is None:
        return _("No ratings yet")
    return f"{number_format(rating, 1)} ★"
