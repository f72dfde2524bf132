"""Impact's data: the dated exchange rates staff keep, and the platform's figures as the
beat task last computed them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from marketplace.models import Currency


class ExchangeRate(TimeStampedModel):
    """On `on`, one unit of from_currency was worth `rate` units of to_currency, as staff
    recorded it (from `source`). Figures are converted only with such a rate, shown beside
    them with its date; Fairbid never invents the inverse."""

    from_currency = models.CharField(_("from"), max_length=3, choices=Currency.choices)
    to_currency = models.CharField(_("to"), max_length=3, choices=Currency.choices)
    rate = models.DecimalField(
        _("rate"),
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        help_text=_("Units of the 'to' currency for one unit of the 'from' currency."),
    )
    on = models.DateField(_("date"))
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("For example: ECB reference rate.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["from_currency", "to_currency", "-on"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "on"], name="one_rate_per_pair_and_day"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(
                condition=~Q(from_currency=F("to_currency")),
                name="exchange_rate_two_currencies",
                violation_error_message=_("A rate converts between two different currencies."),
            ),
        ]

    def __str__(self):
        return f"1 {self.from_currency} = {self.rate.normalize():f} {self.to_currency} ({self.on})"
