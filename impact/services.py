"""Impact's writes: exchange rates recorded by staff, and the platform summary."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from core.exceptions import ApplicationError, validated
from impact import platform
from impact.models import ExchangeRate, PlatformSummary

EXCHANGE_RATE_FIELDS = ["from_currency", "to_currency", "rate", "on", "source"]


@transaction.atomic
def exchange_rate_save(
    *,
    by: User,
    from_currency: str,
    to_currency: str,
    rate: Decimal,
    on: date,
    source: str = "",
    exchange_rate: ExchangeRate | None = None,
) -> ExchangeRate:
    """Record a dated rate (or correct one, passed as exchange_rate): staff with the
    permission only. Every figure converted with it shows it with its date."""
    permission = "impact.change_exchangerate" if exchange_rate else "impact.add_exchangerate"
    if not by.has_perm(permission):
        raise ApplicationError(
            gettext("Only staff keep the exchange rates."), code="permission_denied"
        )
    if exchange_rate is None:
        exchange_rate = ExchangeRate()
    else:
        exchange_rate = ExchangeRate.objects.select_for_update().get(pk=exchange_rate.pk)
    exchange_rate.from_currency = from_currency
    exchange_rate.to_currency = to_currency
    exchange_rate.rate = rate
    exchange_rate.on = on
    exchange_rate.source = (source or "").strip()
    exchange_rate.recorded_by = by
    validated(exchange_rate)
    try:
        with transaction.atomic():
            exchange_rate.save()
    except IntegrityError as error:
        raise ApplicationError(
            gettext("There is already a rate for these currencies on that day."),
            fields={"on": gettext("Already recorded.")},
        ) from error
    return exchange_rate


@transaction.atomic
def platform_summary_refresh() -> PlatformSummary:
    """Recompute the platform's figures into the summary row the public page reads."""
    now = timezone.now()
    summary, _created = PlatformSummary.objects.update_or_create(
        key="platform",
        defaults={"figures": platform.compute(today=now.date()), "computed_at": now},
    )
    return summary
