from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from marketplace.models import NotificationKind
from notifications import kinds, services, tasks
from notifications.models import Notification
from tests.factories import BuyerFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_a_notification_shows_in_the_navigation_and_opening_it_marks_it_read(client):
    buyer = BuyerFactory()
    client.force_login(buyer)
    services.notify(
        recipients=[buyer], kind=NotificationKind.NEW_BID, message="A bid arrived", url="/jobs/"
    )

    home = client.get(reverse("home")).content.decode()
    assert 'aria-label="1 unread"' in home

    notification = Notification.objects.get(recipient=buyer)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == "/jobs/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_another_persons_notification(client):
    (notification,) = services.notify(
        recipients=[BuyerFactory()], kind=NotificationKind.NEW_BID, message="Private"
    )
    client.force_login(ProviderFactory())

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 404


def test_mark_all_read_marks_only_ones_own(client):
    buyer, other = BuyerFactory(), BuyerFactory()
    services.notify(recipients=[buyer, other], kind=NotificationKind.NEW_BID, message="Hello")
    client.force_login(buyer)

    response = client.post(reverse("notifications:read"), follow=True)

    assert "1 notification marked as read." in response.content.decode()
    assert Notification.objects.get(recipient=other).read_at is None


def test_the_list_says_what_to_expect_when_empty(client):
    client.force_login(BuyerFactory())
    assert "No notifications yet" in client.get(reverse("notifications:list")).content.decode()


def test_a_message_of_any_length_is_kept_whole():
    reason = "Because " + "the scope changed. " * 600
    (notification,) = services.notify(
        recipients=[BuyerFactory()], kind=NotificationKind.BID_DECLINED, message=reason
    )
    notification.refresh_from_db()
    assert notification.message == reason


def test_email_goes_out_after_commit_and_is_marked_sent(django_capture_on_commit_callbacks):
    buyer = BuyerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[buyer], kind=NotificationKind.NEW_BID, message="A bid")

    [email] = mail.outbox
    assert email.to == [buyer.email]
    assert email.subject == "[Fairbid] New bid on your job"
    assert Notification.objects.get().emailed_at is not None


def test_broker_down_keeps_the_change_and_the_sweep_sends_the_email_once(
    django_capture_on_commit_callbacks,
):
    buyer = BuyerFactory()
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(tasks.send_notification_emails, "apply_async", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.notify(recipients=[buyer], kind=NotificationKind.NEW_BID, message="A bid")

    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None

    assert tasks.send_pending_notification_emails() == 0  # too recent: its task may still run
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert tasks.send_pending_notification_emails() == 1
        assert tasks.send_pending_notification_emails() == 0
    assert len(mail.outbox) == 1


def test_mail_server_failing_halfway_sends_the_rest_later_and_repeats_none():
    first, second = BuyerFactory(), BuyerFactory()
    services.notify(recipients=[first, second], kind=NotificationKind.NEW_BID, message="A bid")
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    original = mail.backends.locmem.EmailBackend.send_messages
    calls = []

    def fail_on_second(self, messages):
        calls.append(messages)
        if len(calls) == 2:
            raise ConnectionRefusedError("SMTP server down")
        return original(self, messages)

    with (
        mock.patch.object(mail.backends.locmem.EmailBackend, "send_messages", fail_on_second),
        pytest.raises(ConnectionRefusedError),
    ):
        services.notification_emails_send(ids=ids)

    assert [email.to for email in mail.outbox] == [[first.email]]
    assert services.notification_emails_send(ids=ids) == 1
    assert [email.to for email in mail.outbox] == [[first.email], [second.email]]


def test_a_kind_cannot_be_registered_with_two_names():
    class Clash(NotificationKind.__base__):
        NEW_BID = "new_bid", "Something else"

    with pytest.raises(ValueError, match="registered twice"):
        kinds.register(Clash)
    assert kinds.label("new_bid") == "New bid on your job"


def test_api_lists_own_notifications_and_marks_them_read(client):
    buyer = BuyerFactory()
    services.notify(recipients=[buyer, BuyerFactory()], kind=NotificationKind.NEW_BID, message="Hi")
    client.force_login(buyer)

    listed = client.get("/api/v1/notifications/").json()
    marked = client.post("/api/v1/notifications/read/", {}, content_type="application/json")

    assert [item["message"] for item in listed["results"]] == ["Hi"]
    assert marked.json() == {"marked_read": 1}


def test_staff_read_notifications_in_admin_but_cannot_write_them(admin_client):
    (notification,) = services.notify(
        recipients=[BuyerFactory()], kind=NotificationKind.NEW_BID, message="Hi"
    )
    change = reverse("admin:notifications_notification_change", args=[notification.pk])

    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"message": "Changed"}).status_code == 403
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    notification.refresh_from_db()
    assert notification.message == "Hi"


def test_notifying_inside_a_rolled_back_transaction_leaves_nothing():
    buyer = BuyerFactory()

    def notify_then_fail():
        with transaction.atomic():
            services.notify(recipients=[buyer], kind=NotificationKind.NEW_BID, message="Hi")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        notify_then_fail()
    assert not Notification.objects.exists()
