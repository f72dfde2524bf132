"""Certification in Django admin. Country data and label history are read-only here: country
data comes from `load_country_incomes`, and label statuses change only through the services."""

from django.contrib import admin

from certification.models import (
    CountryIncomeLoad,
    Economy,
    IncomeClassification,
    IncomeGroupChange,
    Label,
    LabelEvent,
)


class ReadOnlyAdminMixin:
    """Lists and pages to look at; nothing to add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


class LabelEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = LabelEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "reason", "actor", "actor_task"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]


@admin.register(Label)
class LabelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # Statuses change through certification.services (reviewers' actions come with the
    # application review), never by editing the row.
    list_display = [
        "code",
        "organization",
        "status",
        "valid_from",
        "valid_until",
        "last_checked_at",
    ]
    list_filter = ["status", "organization__country", "valid_until", "auto_suspended"]
    search_fields = ["code", "organization__name", "organization__slug"]
    list_select_related = ["organization"]
    date_hierarchy = "valid_until"
    fields = [
        "code",
        "organization",
        "status",
        "status_reason",
        "auto_suspended",
        "valid_from",
        "valid_until",
        "last_checked_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [LabelEventInline]


@admin.register(LabelEvent)
class LabelEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "label", "from_status", "to_status", "actor", "actor_task"]
    list_filter = ["to_status", "from_status", "actor_task", "created_at"]
    search_fields = ["label__code", "label__organization__name", "reason", "actor__email"]
    list_select_related = ["label__organization", "actor"]
    date_hierarchy = "created_at"
    fields = ["label", "from_status", "to_status", "reason", "actor", "actor_task", "created_at"]
    readonly_fields = fields
