"""Impact's data: the dated exchange rates staff keep, the platform's figures as the beat
task last computed them, and how provider organizations used their fair-trade premiums."""

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


class PlatformSummary(models.Model):
    """The platform's figures for /impact/, as the beat task last computed them: one row."""

    key = models.CharField(max_length=20, unique=True, default="platform")
    figures = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("platform summary")
        verbose_name_plural = _("platform summaries")

    def __str__(self):
        return f"{self.key} at {self.computed_at:%Y-%m-%d %H:%M}"


class PremiumPurpose(models.TextChoices):
    WAGES = "wages", _("Wages")
    TRAINING = "training", _("Training")
    EQUIPMENT = "equipment", _("Equipment")
    HEALTH = "health", _("Health")
    COMMUNITY = "community", _("Community")
    OTHER = "other", _("Other")


class PremiumUse(TimeStampedModel):
    """How a provider organization used fair-trade premiums it received, as it reports."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="premium_uses"
    )
    used_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    purpose = models.CharField(_("purpose"), max_length=16, choices=PremiumPurpose.choices)
    description = models.TextField(_("description"), max_length=2000)
    evidence = models.OneToOneField(
        "files.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-used_on", "-pk"]
        verbose_name = _("premium use")
        indexes = [models.Index(fields=["organization", "used_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="premium_use_amount_positive"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.amount} {self.currency} ({self.purpose})"
