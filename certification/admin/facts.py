"""The verified facts labels rest on, and changed facts waiting for a reviewer."""

from django.contrib import admin

from certification.models import FactChange, VerifiedFacts
from certification.services import fact_changes as fact_change_services
from core.admin import ReadOnlyAdminMixin, action_with_note


class VerifiedFactsInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = VerifiedFacts
    extra = 0
    fields = [
        "created_at",
        "country",
        "employee_count",
        "local_ownership_percent",
        "lowest_monthly_wage",
        "wage_currency",
        "living_wage_benchmark",
        "benchmark_currency",
        "benchmark_date",
        "impact_workers",
        "total_workers",
        "payroll_valid_until",
        "workforce_valid_until",
        "verified_by_name",
        "reason",
    ]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]


@admin.register(VerifiedFacts)
class VerifiedFactsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["label", "country", "employee_count", "created_at", "verified_by_name"]
    list_filter = ["country", "created_at"]
    search_fields = ["label__code", "label__organization__name"]
    list_select_related = ["label"]


def accept_changed_facts(change, *, by, note):
    fact_change_services.fact_change_accept(change=change, by=by, note=note)


def refuse_changed_facts(change, *, by, note):
    fact_change_services.fact_change_refuse(change=change, by=by, note=note)


@admin.register(FactChange)
class FactChangeAdmin(admin.ModelAdmin):
    """Reviewers accept or refuse changed facts through the actions, each with a note."""

    list_display = [
        "__str__",
        "organization",
        "country",
        "employee_count",
        "local_ownership_percent",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "country"]
    search_fields = ["label__code", "label__organization__name"]
    list_select_related = ["label__organization"]
    fields = [
        "label",
        "organization",
        "verified",
        "country",
        "employee_count",
        "local_ownership_percent",
        "status",
        "decision_note",
        "decided_by",
        "decided_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = [
        action_with_note(accept_changed_facts, description="Accept into the verified facts"),
        action_with_note(refuse_changed_facts, description="Do not accept"),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The actions need it; a change's own page is only to read.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="organization", ordering="label__organization__name")
    def organization(self, change):
        return change.label.organization

    @admin.display(description="verified so far")
    def verified(self, change):
        facts = change.label.verified_facts.order_by("-created_at", "-pk").first()
        if facts is None:
            return "—"
        return (
            f"{facts.country.name} · {facts.employee_count} employees · "
            f"{facts.local_ownership_percent}% locally owned"
        )
