from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from conversations import services, tasks
from conversations.models import Digest, EmailOutcome, PendingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _colleague_wants_no_email(provider_owner):
    """provider_member's colleague takes part too; these tests follow the others' emails."""
    services.email_preference_set(user=provider_owner, mode="none")


def later(settings, minutes=1):
    return time_machine.travel(
        timezone.now() + settings.CONVERSATIONS_DIGEST_AFTER + timedelta(minutes=minutes)
    )


def test_unread_messages_go_out_as_one_digest_per_person_after_a_few_minutes(
    job, conversation, buyer, provider_member, other_provider, settings
):
    other = services.conversation_start(job=job, by=other_provider, text="Is Luganda needed?")
    services.message_post(conversation=conversation, by=provider_member, text="And the format?")

    assert tasks.send_message_digests() == 0  # too soon
    with later(settings):
        assert tasks.send_message_digests() == 1

    [email] = mail.outbox
    assert email.to == [buyer.email]
    assert email.subject == "[Fairbid] 3 new messages"
    for text in ("Are the interviews recorded in stereo?", "And the format?", "Is Luganda needed?"):
        assert text in email.body
    for conversation_ in (conversation, other):
        assert f"{settings.SITE_URL}{conversation_.get_absolute_url()}" in email.body
    assert Digest.objects.get().emails.count() == 3


def test_a_second_run_or_a_lost_broker_message_sends_nothing_twice(conversation, buyer, settings):
    with later(settings):
        assert tasks.send_message_digests() == 1
        assert tasks.send_message_digests() == 0
        assert tasks.send_message_emails([e.pk for e in PendingEmail.objects.all()]) == 0

    assert len(mail.outbox) == 1


def test_messages_read_before_the_digest_is_due_are_not_emailed(conversation, buyer, settings):
    services.conversation_mark_read(conversation=conversation, user=buyer)

    with later(settings):
        assert tasks.send_message_digests() == 0

    assert mail.outbox == []
    assert PendingEmail.objects.get().outcome == EmailOutcome.ALREADY_READ


def test_withdrawn_messages_are_not_emailed(conversation, provider_member, settings):
    services.message_withdraw(message=conversation.messages.get(), by=provider_member)

    with later(settings):
        tasks.send_message_digests()

    assert mail.outbox == []
    assert PendingEmail.objects.get().outcome == EmailOutcome.NOT_SHOWN


def test_the_author_and_people_who_want_no_email_get_none(
    conversation, buyer, provider_member, provider_owner, settings
):
    services.message_post(conversation=conversation, by=buyer, text="Stereo.")

    recipients = set(PendingEmail.objects.values_list("recipient__email", "message__text"))
    assert recipients == {
        (buyer.email, "Are the interviews recorded in stereo?"),
        (provider_member.email, "Stereo."),
    }


def test_people_who_want_each_message_get_it_as_the_message_commits(
    conversation, buyer, provider_member, django_capture_on_commit_callbacks, settings
):
    services.email_preference_set(user=provider_member, mode="immediate")

    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(conversation=conversation, by=buyer, text="Stereo, 48 kHz.")

    [email] = mail.outbox
    assert email.to == [provider_member.email]
    assert email.subject.startswith("[Fairbid] New message about")
    assert "Stereo, 48 kHz." in email.body


def test_an_immediate_email_the_broker_lost_goes_out_with_the_next_sweep(
    conversation, buyer, provider_member, settings
):
    services.email_preference_set(user=provider_member, mode="immediate")
    services.message_post(conversation=conversation, by=buyer, text="Stereo.")  # never queued

    with later(settings):
        tasks.send_message_digests()

    # The buyer read the question by answering it: only the answer is emailed.
    assert [email.to for email in mail.outbox] == [[provider_member.email]]


def test_a_mail_server_failure_leaves_the_rest_for_the_next_run(
    conversation, buyer, provider_member, provider_owner, settings, monkeypatch
):
    services.email_preference_set(user=provider_owner, mode="digest")
    services.message_post(conversation=conversation, by=provider_member, text="Also: mono?")

    sent = EmailBackend.send_messages
    calls = []

    def fail_second(self, messages):
        calls.append(messages)
        if len(calls) == 2:
            raise SMTPServerDisconnected("gone")
        return sent(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", fail_second)
    with later(settings):
        with pytest.raises(SMTPServerDisconnected):
            services.message_emails_send(due_before=timezone.now())
        [first] = mail.outbox
        left = PendingEmail.objects.filter(done_at__isnull=True)
        assert {email.recipient.email for email in left} - set(first.to) == {
            email.recipient.email for email in left
        }
        assert left.exists()
        services.message_emails_send(due_before=timezone.now())

    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [buyer.email, provider_owner.email]
    )
    assert PendingEmail.objects.filter(done_at__isnull=True).count() == 0
