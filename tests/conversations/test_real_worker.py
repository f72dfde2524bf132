from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conversations import services, tasks
from conversations.models import Digest, EmailOutcome, PendingEmail
from tests.conftest import wait_for
from tests.factories import JobFactory


@pytest.mark.requires_postgres
@pytest.mark.requires_redis
@pytest.mark.django_db(transaction=True)
def test_digests_go_out_once_from_a_real_worker_on_redis(
    buyer, provider_member, provider_owner, real_worker, tasks_go_to_the_broker
):
    job = JobFactory(buyer=buyer)
    services.email_preference_set(user=provider_member, mode="immediate")
    conversation = services.conversation_start(job=job, by=provider_member, text="Stereo?")
    # The buyer's digest is due: the question is older than the digest's delay.
    PendingEmail.objects.update(created_at=timezone.now() - timedelta(hours=1))

    # The beat entry fires twice (a re-run, or a message delivered twice by the broker).
    tasks.send_message_digests.delay()
    tasks.send_message_digests.delay()
    # Then a colleague adds a line; provider_member wants each message at once. The solo
    # worker takes tasks in order, so once this email is sent both digest runs are done.
    services.message_post(conversation=conversation, by=provider_owner, text="Or mono?")
    answer = PendingEmail.objects.get(recipient=provider_member)

    wait_for(
        lambda: PendingEmail.objects.get(pk=answer.pk).done_at is not None,
        worker=real_worker,
        what="the immediate email and both digest runs",
    )

    question = PendingEmail.objects.get(recipient=buyer, message__text="Stereo?")
    assert question.outcome == EmailOutcome.SENT
    assert Digest.objects.filter(recipient=buyer).count() == 1
    assert Digest.objects.filter(recipient=provider_member).count() == 1
    assert PendingEmail.objects.get(pk=answer.pk).outcome == EmailOutcome.SENT
    assert mail.outbox == []  # sent by the worker's process, not this one
