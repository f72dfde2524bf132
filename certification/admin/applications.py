"""Certification in Django admin. Country data and label history are read-only here: country
data comes from `load_country_incomes`, and label statuses change only through the services."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accounts import selectors as account_selectors
from certification.models import (
    Application,
    ApplicationEvent,
    Evidence,
    IncomeClassification,
    IncomeGroup,
)
from certification.selectors import facts as fact_selectors
from certification.selectors import incomes as income_selectors
from certification.services import applications as application_services
from core.admin import ReadOnlyAdminMixin, ServiceSaveAdminMixin, action_with_note

# --- Applications: where reviewers work ------------------------------------------------------


class IncomeGroupFilter(admin.SimpleListFilter):
    title = "income group (newest year)"
    parameter_name = "income_group"

    def lookups(self, request, model_admin):
        return IncomeGroup.choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        countries = IncomeClassification.objects.filter(
            fiscal_year=income_selectors.newest_fiscal_year(), income_group=self.value()
        ).values("economy__iso2")
        return queryset.filter(organization__country__in=countries)


class EvidenceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "download", "content_type", "size", "valid_until", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description="document")
    def download(self, document):
        url = reverse("certification:evidence_download", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.original_name)


class ApplicationEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor_display", "reason"]
    readonly_fields = fields


def _approve(application, *, by, note):
    application_services.application_approve(application=application, by=by, note=note)


def _reject(application, *, by, note):
    application_services.application_reject(application=application, by=by, note=note)


def _request_changes(application, *, by, note):
    application_services.application_request_changes(application=application, by=by, note=note)


@admin.register(Application)
class ApplicationAdmin(ServiceSaveAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "organization",
        "country",
        "status",
        "submitted_at",
        "decided_at",
        "evidence_count",
    ]
    list_filter = ["status", "organization__country", IncomeGroupFilter, "submitted_at"]
    search_fields = ["organization__name", "organization__slug", "created_by__email"]
    list_select_related = ["organization"]
    date_hierarchy = "submitted_at"
    inlines = [EvidenceInline, ApplicationEventInline]
    readonly_fields = [
        "organization",
        "organization_facts",
        "criteria",
        "status",
        "created_by",
        "lowest_monthly_wage",
        "wage_currency",
        "total_workers",
        "impact_workers",
        "impact_description",
        "code_signed_by",
        "code_signed_at",
        "submitted_at",
        "decided_at",
        "decided_by",
        "reviewer_note",
        "label",
    ]
    fieldsets = [
        (None, {"fields": ["organization", "organization_facts", "status", "created_by"]}),
        (
            "Criteria, judged on what an approval would verify",
            {"fields": ["criteria"]},
        ),
        (
            "The provider's answers",
            {
                "fields": [
                    "lowest_monthly_wage",
                    "wage_currency",
                    "total_workers",
                    "impact_workers",
                    "impact_description",
                    "code_signed_by",
                    "code_signed_at",
                ]
            },
        ),
        (
            "Recorded by the reviewer",
            {"fields": list(application_services.REVIEWER_FIELDS)},
        ),
        (
            "Decision",
            {"fields": ["submitted_at", "decided_at", "decided_by", "reviewer_note", "label"]},
        ),
    ]
    actions = [
        action_with_note(_approve, description="Approve and grant the label"),
        action_with_note(_reject, description="Reject"),
        action_with_note(_request_changes, description="Request changes"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(evidence_total=Count("evidence"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(ordering="organization__country")
    def country(self, application):
        return application.organization.country.name

    @admin.display(description="evidence", ordering="evidence_total")
    def evidence_count(self, application):
        return application.evidence_total

    @admin.display(description="organization's facts")
    def organization_facts(self, application):
        o = application.organization
        return format_html(
            "{}, {} · founded {} · {} employees · {}% locally owned",
            o.city,
            o.country.name,
            o.year_founded,
            o.employee_count,
            o.local_ownership_percent,
        )

    @admin.display(description="criteria")
    def criteria(self, application):
        results = fact_selectors.facts_criteria(fact_selectors.candidate_facts(application))
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong> {}: {}</li>",
                (("✓ Met" if r.passed else "✗ Not met", r.title, r.explanation) for r in results),
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        # A reviewer who belongs to the organization may look but not record anything.
        if obj is not None and account_selectors.is_member(
            user=request.user, organization_id=obj.organization_id
        ):
            return [*self.readonly_fields, *application_services.REVIEWER_FIELDS]
        return self.readonly_fields

    def save_through_service(self, request, obj, form, change):
        # Only what the reviewer records (the benchmark, evidence dates) is editable here.
        recorded = {name: form.cleaned_data[name] for name in application_services.REVIEWER_FIELDS}
        for text in ("benchmark_currency", "benchmark_source"):
            recorded[text] = recorded[text] or ""
        application_services.application_record_benchmark(
            application=obj, by=request.user, **recorded
        )


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "application", "valid_until", "uploaded_at"]
    list_filter = ["kind", "valid_until", "uploaded_at"]
    search_fields = ["original_name", "application__organization__name"]
    list_select_related = ["application__organization"]
    fields = [
        "application",
        "kind",
        "original_name",
        "content_type",
        "size",
        "valid_until",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "application", "from_status", "to_status", "actor_display"]
    list_filter = ["to_status", "created_at"]
    search_fields = ["application__organization__name", "reason", "actor_name", "actor__email"]
    list_select_related = ["application__organization", "actor"]
    fields = ["application", "from_status", "to_status", "actor_display", "reason", "created_at"]
    readonly_fields = fields
