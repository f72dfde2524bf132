import pytest
from django.conf import settings
from django.core import mail

from accounts import services
from accounts.models import Invitation
from config.celery import app as celery_app
from tests.conftest import wait_for
from tests.factories import MembershipFactory


def test_every_scheduled_beat_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled
    assert scheduled <= set(celery_app.tasks)


@pytest.mark.requires_postgres
@pytest.mark.requires_redis
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_service_runs_on_a_real_worker(real_worker, tasks_go_to_the_broker):
    owner = MembershipFactory(owner=True).user
    organization = owner.memberships.get().organization

    invitation = services.invitation_create(
        organization=organization, by=owner, email="colleague@example.com"
    )

    wait_for(
        lambda: Invitation.objects.get(pk=invitation.pk).sent_at is not None,
        worker=real_worker,
        what="the invitation to be sent",
    )
    # Sent by the worker's process, not inline by this one.
    assert mail.outbox == []
