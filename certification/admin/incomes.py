"""Certification in Django admin. Country data and label history are read-only here: country
data comes from `load_country_incomes`, and label statuses change only through the services."""

from django.contrib import admin

from certification.models import (
    CountryIncomeLoad,
    Economy,
    IncomeClassification,
    IncomeGroupChange,
)
from core.admin import ReadOnlyAdminMixin


class IncomeClassificationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = IncomeClassification
    extra = 0
    fields = ["fiscal_year", "income_group", "lending_category", "load"]
    readonly_fields = fields
    ordering = ["-fiscal_year"]


@admin.register(Economy)
class EconomyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "iso3", "iso2", "region"]
    list_filter = ["region"]
    search_fields = ["name", "iso3", "iso2"]
    inlines = [IncomeClassificationInline]


@admin.register(IncomeClassification)
class IncomeClassificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["economy", "fiscal_year", "income_group", "lending_category", "load"]
    list_filter = ["fiscal_year", "income_group", "lending_category", "economy__region"]
    search_fields = ["economy__name", "economy__iso3", "economy__iso2"]
    list_select_related = ["economy", "load"]


@admin.register(IncomeGroupChange)
class IncomeGroupChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["economy", "from_year", "to_year", "old_group", "new_group", "created_at"]
    list_filter = ["to_year", "old_group", "new_group"]
    search_fields = ["economy__name", "economy__iso3", "economy__iso2"]
    list_select_related = ["economy"]


@admin.register(CountryIncomeLoad)
class CountryIncomeLoadAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "loaded_at",
        "fiscal_year",
        "source",
        "row_count",
        "classifications_created",
        "classifications_updated",
        "income_group_changes",
    ]
    list_filter = ["fiscal_year"]
    search_fields = ["source"]
    date_hierarchy = "loaded_at"
