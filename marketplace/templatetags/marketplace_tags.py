from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from marketplace.models import BudgetType

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "") -> str:
    """1250.5, "USD" -> "1,250.50 USD"."""
    if amount is None:
        return ""
    return f"{amount:,.2f} {currency}".strip()


@register.simple_tag
def bid_price(bid, job) -> str:
    """A bid's price as the job prices work: "8.00 USD per hour" on an hourly job."""
    if job.budget_type == BudgetType.HOURLY:
        return _("%(amount)s per hour") % {"amount": money(bid.price, bid.currency)}
    return money(bid.price, bid.currency)


@register.simple_tag
def budget(job) -> str:
    if job.budget_type == BudgetType.FIXED:
        return f"{money(job.budget_min, job.currency)} fixed price"
    return f"{job.budget_min:,.2f}–{job.budget_max:,.2f} {job.currency} per hour"


@register.filter
def stars(rating) -> str:
    if rating is None:
        return "No ratings yet"
    return f"{rating:.1f} ★"
