from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from conversations import selectors, services
from conversations.models import MessageReport
from core.admin import ReadOnlyAdmin, action_with_note


def _hide(report, *, by, note):
    services.message_hide(message=report.message, by=by, reason=note)


_hide.__name__ = "hide_message"


@admin.register(MessageReport)
class MessageReportAdmin(ReadOnlyAdmin):
    """Reported messages, for staff to read and, where needed, hide with a reason. Staff may
    then open the conversation from the link (read-only)."""

    list_display = [
        "message_text",
        "author",
        "conversation_link",
        "reason",
        "reported_by",
        "created_at",
        "hidden",
    ]
    list_filter = ["created_at", "message__hidden_at"]
    search_fields = ["message__text", "reason", "reported_by__email"]
    actions = [action_with_note(_hide, description=_("Hide the message"), permission="view")]

    def get_queryset(self, request):
        return selectors.reported_messages()

    @admin.display(description=_("message"))
    def message_text(self, report):
        return report.message.text[:200]

    @admin.display(description=_("author"))
    def author(self, report):
        return report.message.author

    @admin.display(description=_("conversation"))
    def conversation_link(self, report):
        conversation = report.message.conversation
        return format_html('<a href="{}">{}</a>', conversation.get_absolute_url(), conversation)

    @admin.display(description=_("hidden"), boolean=True)
    def hidden(self, report):
        return report.message.hidden_at is not None
