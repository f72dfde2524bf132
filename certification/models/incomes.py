"""The World Bank's country income classifications, as loaded from its files."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class IncomeGroup(models.TextChoices):
    """The World Bank's income groups. An unclassified economy has a blank group."""

    LOW = "low", _("Low income")
    LOWER_MIDDLE = "lower_middle", _("Lower middle income")
    UPPER_MIDDLE = "upper_middle", _("Upper middle income")
    HIGH = "high", _("High income")


class LendingCategory(models.TextChoices):
    IDA = "IDA", _("IDA")
    IBRD = "IBRD", _("IBRD")
    BLEND = "Blend", _("Blend")


class Economy(models.Model):
    """A country or territory the World Bank classifies, named by the newest year loaded."""

    iso3 = models.CharField(_("World Bank code"), max_length=3, unique=True)
    iso2 = models.CharField(
        _("ISO alpha-2 code"),
        max_length=2,
        blank=True,
        help_text=_("Blank where ISO 3166 has no code, as for the Channel Islands."),
    )
    name = models.CharField(max_length=120)
    region = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("economies")
        constraints = [
            models.UniqueConstraint(
                fields=["iso2"], condition=~Q(iso2=""), name="economy_iso2_unique_when_set"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.iso3})"


class CountryIncomeLoad(models.Model):
    """One load of a classification file that changed something."""

    source = models.CharField(max_length=255)
    fiscal_year = models.PositiveSmallIntegerField()
    row_count = models.PositiveIntegerField()
    economies_created = models.PositiveIntegerField(default=0)
    classifications_created = models.PositiveIntegerField(default=0)
    classifications_updated = models.PositiveIntegerField(default=0)
    income_group_changes = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]

    def __str__(self):
        return f"FY{self.fiscal_year} from {self.source}"


class IncomeClassification(models.Model):
    """An economy's income group and lending category in one World Bank fiscal year."""

    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="classifications")
    fiscal_year = models.PositiveSmallIntegerField(help_text=_("2026 for FY2026."))
    income_group = models.CharField(
        max_length=16, choices=IncomeGroup.choices, blank=True, help_text=_("Blank: unclassified.")
    )
    lending_category = models.CharField(max_length=8, choices=LendingCategory.choices, blank=True)
    load = models.ForeignKey(
        CountryIncomeLoad,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classifications",
    )

    class Meta:
        ordering = ["economy__name", "-fiscal_year"]
        indexes = [models.Index(fields=["fiscal_year", "income_group"])]
        constraints = [
            models.UniqueConstraint(
                fields=["economy", "fiscal_year"], name="one_classification_per_economy_and_year"
            ),
            models.CheckConstraint(
                condition=Q(income_group__in=[*IncomeGroup.values, ""]),
                name="income_classification_group_known",
            ),
        ]

    def __str__(self):
        group = self.get_income_group_display() or "unclassified"
        return f"{self.economy.name}, FY{self.fiscal_year}: {group}"


class IncomeGroupChange(models.Model):
    """An economy's income group differs from the one it had in the previous year loaded."""

    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="group_changes")
    from_year = models.PositiveSmallIntegerField()
    to_year = models.PositiveSmallIntegerField()
    old_group = models.CharField(max_length=16, choices=IncomeGroup.choices, blank=True)
    new_group = models.CharField(max_length=16, choices=IncomeGroup.choices, blank=True)
    load = models.ForeignKey(
        CountryIncomeLoad,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-to_year", "economy__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["economy", "from_year", "to_year"], name="one_group_change_per_year_pair"
            ),
            models.CheckConstraint(
                condition=Q(to_year__gt=F("from_year")), name="group_change_goes_forward"
            ),
        ]

    def __str__(self):
        return (
            f"{self.economy.name}: {self.old_group_label} (FY{self.from_year}) → "
            f"{self.new_group_label} (FY{self.to_year})"
        )

    @property
    def old_group_label(self):
        return self.get_old_group_display() or "unclassified"

    @property
    def new_group_label(self):
        return self.get_new_group_display() or "unclassified"
