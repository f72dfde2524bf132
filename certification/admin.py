"""Certification in Django admin. Country data and label history are read-only here: country
data comes from `load_country_incomes`, and label statuses change only through the services."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accounts import selectors as account_selectors
from certification import selectors
from certification.models import (
    Application,
    ApplicationEvent,
    Concern,
    ConcernEvent,
    CountryIncomeLoad,
    Economy,
    Evidence,
    IncomeClassification,
    IncomeGroup,
    IncomeGroupChange,
    Label,
    LabelEvent,
    LabelExpiryReminder,
    LabelStatus,
)
from certification.services import applications as application_services
from certification.services import concerns as concern_services
from certification.services import labels as label_services
from core.admin import ReadOnlyAdminMixin, ServiceSaveAdminMixin, action_with_note


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
    fields = ["created_at", "from_status", "to_status", "reason", "actor_display"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]


def _revoke(label, *, by, note):
    label_services.label_transition(label=label, to=LabelStatus.REVOKED, reason=note, by=by)


@admin.register(Label)
class LabelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # Statuses change through certification.services.labels (reviewers' actions come with the
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
    actions = [action_with_note(_revoke, description="Revoke the label", permission="revoke")]

    def has_revoke_permission(self, request):
        return request.user.has_perm("certification.change_application")


@admin.register(LabelEvent)
class LabelEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "label", "from_status", "to_status", "actor_display"]
    list_filter = ["to_status", "from_status", "actor_task", "created_at"]
    search_fields = ["label__code", "label__organization__name", "reason", "actor__email"]
    list_select_related = ["label__organization", "actor"]
    date_hierarchy = "created_at"
    fields = ["label", "from_status", "to_status", "reason", "actor_display", "created_at"]
    readonly_fields = fields


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
            fiscal_year=selectors.newest_fiscal_year(), income_group=self.value()
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
        ("Criteria, as they stand now", {"fields": ["criteria"]}),
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
            {"fields": ["living_wage_benchmark", "benchmark_currency", "benchmark_source"]},
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
        results = selectors.criteria_breakdown(application.organization)
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
        # Only the reviewer's benchmark is editable here.
        application_services.application_record_benchmark(
            application=obj,
            by=request.user,
            living_wage_benchmark=form.cleaned_data["living_wage_benchmark"],
            benchmark_currency=form.cleaned_data["benchmark_currency"] or "",
            benchmark_source=form.cleaned_data["benchmark_source"] or "",
        )


# --- Concerns -----------------------------------------------------------------------------


def uphold_and_suspend(concern, *, by, note):
    concern_services.concern_decide(
        concern=concern, by=by, uphold=True, action="suspend", note=note
    )


def uphold_and_revoke(concern, *, by, note):
    concern_services.concern_decide(concern=concern, by=by, uphold=True, action="revoke", note=note)


def dismiss(concern, *, by, note):
    concern_services.concern_decide(concern=concern, by=by, uphold=False, action=None, note=note)


class ConcernEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ConcernEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor_display", "reason"]
    readonly_fields = fields


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    """Reviewers decide concerns through the actions, each asking for a note; what the
    public sent is never edited."""

    list_display = ["__str__", "organization", "label_status", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = [
        "label__code",
        "label__organization__name",
        "text",
        "evidence_url",
        "contact_email",
    ]
    list_select_related = ["label__organization"]
    date_hierarchy = "created_at"
    fields = [
        "label",
        "organization",
        "label_status",
        "text",
        "evidence_url",
        "contact_email",
        "created_at",
        "status",
        "decision_note",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    inlines = [ConcernEventInline]
    actions = [
        action_with_note(uphold_and_suspend, description="Uphold and suspend the label"),
        action_with_note(uphold_and_revoke, description="Uphold and revoke the label"),
        action_with_note(dismiss, description="Dismiss"),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The actions need it; a concern's own page is only to read.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="organization", ordering="label__organization__name")
    def organization(self, concern):
        return concern.label.organization

    @admin.display(description="label status")
    def label_status(self, concern):
        return concern.label.get_status_display()


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


@admin.register(LabelExpiryReminder)
class LabelExpiryReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["label", "days_before", "valid_until", "sent_at"]
    list_filter = ["days_before", "sent_at"]
    search_fields = ["label__code", "label__organization__name"]
    list_select_related = ["label__organization"]
