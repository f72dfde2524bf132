"""Certification in Django admin. Country data and label history are read-only here: country
data comes from `load_country_incomes`, and label statuses change only through the services."""

from django.contrib import admin

from certification import extensions
from certification.admin.facts import VerifiedFactsInline
from certification.admin.findings import FindingInline, record_finding
from certification.models import (
    FactChangeStatus,
    Label,
    LabelEvent,
    LabelExpiryReminder,
    LabelStatus,
)
from certification.selectors import facts as fact_selectors
from certification.services import labels as label_services
from core.admin import ReadOnlyAdminMixin, action_with_note


class LabelEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = LabelEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "reason", "actor_display"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]


class ReviewerQueueFilter(admin.SimpleListFilter):
    """Labels waiting for a reviewer's decision."""

    title = "waiting for a reviewer"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("facts", "Facts changed, awaiting verification"),
            ("unclassified", "Country unclassified by the World Bank for too long"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "facts":
            return queryset.filter(fact_changes__status=FactChangeStatus.PENDING)
        if self.value() == "unclassified":
            return queryset.filter(pk__in=fact_selectors.labels_for_reviewers_unclassified())
        return queryset


def _lift(label, *, by, note):
    label_services.label_lift_suspension(label=label, by=by, note=note)


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
    list_filter = [
        ReviewerQueueFilter,
        "status",
        "suspension_cause",
        "organization__country",
        "valid_until",
    ]
    search_fields = ["code", "organization__name", "organization__slug"]
    list_select_related = ["organization"]
    date_hierarchy = "valid_until"
    fields = [
        "code",
        "organization",
        "status",
        "status_reason",
        "auto_suspended",
        "suspension_cause",
        "facts_awaiting_verification",
        "finding_candidates",
        "valid_from",
        "valid_until",
        "last_checked_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [VerifiedFactsInline, FindingInline, LabelEventInline]
    actions = [
        record_finding,
        action_with_note(_lift, description="Lift the suspension", permission="revoke"),
        action_with_note(_revoke, description="Revoke the label", permission="revoke"),
    ]

    def has_record_finding_permission(self, request):
        return request.user.has_perm("certification.add_finding")

    @admin.display(description="facts changed, awaiting verification", boolean=True)
    def facts_awaiting_verification(self, label):
        return label.fact_changes.filter(status=FactChangeStatus.PENDING).exists()

    @admin.display(description="finding candidates from other apps")
    def finding_candidates(self, label):
        return "\n".join(extensions.finding_candidates(label)) or "—"

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


@admin.register(LabelExpiryReminder)
class LabelExpiryReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["label", "days_before", "valid_until", "sent_at"]
    list_filter = ["days_before", "sent_at"]
    search_fields = ["label__code", "label__organization__name"]
    list_select_related = ["label__organization"]
