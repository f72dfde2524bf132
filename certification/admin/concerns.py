"""Certification in Django admin. Country data and label history are read-only here: country
data comes from `load_country_incomes`, and label statuses change only through the services."""

from django import forms
from django.contrib import admin

from certification.admin.findings import FindingForm, finding_form_page
from certification.models import (
    Concern,
    ConcernEvent,
)
from certification.services import concerns as concern_services
from core.admin import ReadOnlyAdminMixin, action_with_note, run_on_each

# --- Concerns -----------------------------------------------------------------------------


def uphold_and_suspend(concern, *, by, note):
    concern_services.concern_decide(
        concern=concern, by=by, uphold=True, action="suspend", note=note
    )


def uphold_and_revoke(concern, *, by, note):
    concern_services.concern_decide(concern=concern, by=by, uphold=True, action="revoke", note=note)


def dismiss(concern, *, by, note):
    concern_services.concern_decide(concern=concern, by=by, uphold=False, action=None, note=note)


class UpholdWithFindingForm(FindingForm):
    note = forms.CharField(
        label="Note on the concern",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept in the concern's history and told to the organization.",
    )


UPHOLD_WITH_FINDING = "Uphold and record a finding"


@admin.action(description=UPHOLD_WITH_FINDING, permissions=["change"])
def uphold_with_finding(modeladmin, request, queryset):
    """Ask for the finding and a note, then uphold each selected concern with it."""
    form = UpholdWithFindingForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        finding = dict(form.cleaned_data)
        note = finding.pop("note")
        run_on_each(
            modeladmin,
            request,
            queryset,
            lambda concern, by: concern_services.concern_decide(
                concern=concern, by=by, uphold=True, action="finding", note=note, finding=finding
            ),
            done=UPHOLD_WITH_FINDING,
        )
        return None
    return finding_form_page(modeladmin, request, queryset, form=form, title=UPHOLD_WITH_FINDING)


class ConcernEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ConcernEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor_display", "reason"]
    readonly_fields = fields


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    """Reviewers decide concerns through the actions, each asking for a note; what the
    public sent and the organization's answer are never edited. A sanction waits until the
    organization has answered or its time to answer is over (the service refuses before)."""

    list_display = [
        "__str__",
        "organization",
        "label_status",
        "status",
        "created_at",
        "answer_due",
        "answered_at",
    ]
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
        "answer_due",
        "answer",
        "answered_at",
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
        uphold_with_finding,
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
