"""Certification in Django admin. Country data and label history are read-only here: country
data comes from `load_country_incomes`, and label statuses change only through the services."""

from django.contrib import admin

from certification.models import (
    Concern,
    ConcernEvent,
)
from certification.services import concerns as concern_services
from core.admin import ReadOnlyAdminMixin, action_with_note

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
