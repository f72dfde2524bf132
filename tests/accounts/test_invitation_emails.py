"""An invitation's email is never lost and never sent twice: it is recorded unsent with the
invitation, sent by a worker, and swept up when the broker lost its message."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services, tasks
from accounts.models import Invitation, InvitationStatus
from tests.conftest import start_real_worker, stop_worker, wait_for
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_the_sweep_sends_each_unsent_invitation_once_when_it_is_old_enough():
    invitation = InvitationFactory()

    assert tasks.send_pending_invitation_emails() == 0  # too recent: its task may still run
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert tasks.send_pending_invitation_emails() == 1
        assert tasks.send_pending_invitation_emails() == 0
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_the_task_and_the_sweep_together_send_an_invitation_once():
    invitation = InvitationFactory()

    assert tasks.send_invitation_email(invitation.pk) == 1
    assert tasks.send_invitation_email(invitation.pk) == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert tasks.send_pending_invitation_emails() == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "state",
    [
        {"status": InvitationStatus.REVOKED},
        {"status": InvitationStatus.ACCEPTED},
        {"expired": True},
    ],
    ids=["revoked", "accepted", "expired"],
)
def test_an_invitation_revoked_used_or_expired_before_its_email_is_never_sent(state):
    invitation = InvitationFactory(**state)

    assert tasks.send_invitation_email(invitation.pk) == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert tasks.send_pending_invitation_emails() == 0
    assert mail.outbox == []


def test_a_mail_server_failing_leaves_the_invitation_for_the_next_try(monkeypatch):
    invitation = InvitationFactory()

    def refuse(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", refuse)
    with pytest.raises(ConnectionRefusedError):
        services.invitation_emails_send(ids=[invitation.pk])
    invitation.refresh_from_db()
    assert invitation.sent_at is None

    monkeypatch.undo()
    assert services.invitation_emails_send(ids=[invitation.pk]) == 1
    assert len(mail.outbox) == 1


@pytest.mark.requires_postgres
@pytest.mark.requires_redis
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_an_invitation_is_made_and_emailed_once_it_is_back(
    client, provider_owner, broker_outage
):
    client.force_login(provider_owner)

    with broker_outage():
        response = client.post(
            reverse("accounts:invitation_create"), {"email": "colleague@example.com"}, follow=True
        )

    assert response.status_code == 200
    assert "An invitation is on its way to colleague@example.com." in response.content.decode()
    invitation = Invitation.objects.get(email="colleague@example.com")
    assert invitation.sent_at is None

    # The broker is back, without the message it refused: the sweep, from beat, makes up for it.
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(minutes=3)
    )
    worker = start_real_worker()
    try:
        tasks.send_pending_invitation_emails.delay()
        wait_for(
            lambda: Invitation.objects.get(pk=invitation.pk).sent_at is not None,
            worker=worker,
            what="the sweep to email the invitation",
        )
        sent_at = Invitation.objects.get(pk=invitation.pk).sent_at
        tasks.send_pending_invitation_emails.delay()
        tasks.send_invitation_email.delay(invitation.pk)
        probe = InvitationFactory()  # the solo worker takes tasks in order: this one is last
        tasks.send_invitation_email.delay(probe.pk)
        wait_for(
            lambda: Invitation.objects.get(pk=probe.pk).sent_at is not None,
            worker=worker,
            what="the repeated sweep and task",
        )
    finally:
        stop_worker(worker)
    assert Invitation.objects.get(pk=invitation.pk).sent_at == sent_at
