from django.contrib import admin

from core.admin import ServiceSaveAdminMixin
from impact.models import ExchangeRate
from impact.services import EXCHANGE_RATE_FIELDS, exchange_rate_save


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ServiceSaveAdminMixin, admin.ModelAdmin):
    """Staff keep the dated rates that converted figures name; a rate is recorded or
    corrected, never deleted, since statements already printed may cite it."""

    list_display = ["from_currency", "to_currency", "rate", "on", "source", "recorded_by"]
    list_filter = ["from_currency", "to_currency"]
    date_hierarchy = "on"
    fields = EXCHANGE_RATE_FIELDS
    list_select_related = ["recorded_by"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_through_service(self, request, obj, form, change):
        saved = exchange_rate_save(
            by=request.user,
            exchange_rate=obj if change else None,
            **{name: form.cleaned_data[name] for name in EXCHANGE_RATE_FIELDS},
        )
        obj.pk = saved.pk
