"""Appeals in admin: a reviewer who did not make the decision appealed upholds or overturns
it, with a note, through certification.services.appeals; what the organization sent is
never edited."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from certification.models import Appeal, AppealEvent
from certification.services import appeals as appeal_services
from core.admin import ReadOnlyAdminMixin, action_with_note


def uphold_decision(appeal, *, by, note):
    appeal_services.appeal_decide(appeal=appeal, by=by, overturn=False, note=note)


def overturn_decision(appeal, *, by, note):
    appeal_services.appeal_decide(appeal=appeal, by=by, overturn=True, note=note)


class AppealEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AppealEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor_display", "reason"]
    readonly_fields = fields


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Reviewers decide appeals through the actions, each asking for a note."""

    list_display = ["__str__", "subject", "status", "created_at", "decided_at"]
    list_filter = ["status", "subject", "created_at"]
    search_fields = ["organization__name", "statement"]
    list_select_related = ["organization"]
    fields = [
        "organization",
        "subject",
        "decision_appealed",
        "statement",
        "files_sent",
        "lodged_by",
        "created_at",
        "status",
        "decision_note",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    inlines = [AppealEventInline]
    actions = [
        action_with_note(
            uphold_decision,
            description="Uphold the decision appealed",
            note_help="Shown to the organization with the outcome and kept in the history.",
        ),
        action_with_note(
            overturn_decision,
            description="Overturn the decision appealed",
            note_help="Shown to the organization with the outcome and kept in the history.",
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The actions need it; an appeal's own page is only to read.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="decision appealed")
    def decision_appealed(self, appeal):
        decision = appeal.decision
        return format_html(
            "{} on {} by {}: {}",
            decision.get_to_status_display(),
            decision.created_at.date(),
            decision.actor_display,
            decision.reason,
        )

    @admin.display(description="files")
    def files_sent(self, appeal):
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("certification:appeal_file", args=[appeal_file.pk]), appeal_file.file.name)
                for appeal_file in appeal.files.select_related("file")
            ),
        )
        return links or "—"
