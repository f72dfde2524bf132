import pytest
from django.urls import reverse

from conversations import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_hide_a_reported_message_from_admin_with_a_reason(client, conversation, buyer):
    message = conversation.messages.get()
    report = services.message_report(message=message, by=buyer, reason="Insulting")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:conversations_messagereport_changelist")

    listed = client.get(changelist)
    asked = client.post(changelist, {"action": "hide_message", "_selected_action": [report.pk]})
    done = client.post(
        changelist,
        {
            "action": "hide_message",
            "_selected_action": [report.pk],
            "apply": "1",
            "note": "Insults have no place here.",
        },
        follow=True,
    )

    assert "Are the interviews recorded in stereo?" in listed.content.decode()
    assert "Note" in asked.content.decode()
    assert "done for 1 reported message" in done.content.decode()
    message.refresh_from_db()
    assert message.hidden_reason == "Insults have no place here."


def test_staff_without_superuser_rights_cannot_reach_reports(client, conversation, buyer):
    services.message_report(message=conversation.messages.get(), by=buyer, reason="Spam")
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("admin:conversations_messagereport_changelist"))

    assert response.status_code == 403
