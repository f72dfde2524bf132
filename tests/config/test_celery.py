import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from accounts import services
from accounts.models import Invitation
from config.celery import app as celery_app
from tests.factories import MembershipFactory

ROOT = Path(__file__).resolve().parents[2]


def test_every_scheduled_beat_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled
    assert scheduled <= set(celery_app.tasks)


def _database_url_of_the_test_database() -> str:
    db = connection.settings_dict
    return (
        f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def real_worker():
    """A Celery worker started with the same command as production, in its own process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url_of_the_test_database(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    worker = subprocess.Popen(
        [
            ROOT / "bin" / "fairbid",
            "worker",
            "--pool",
            "solo",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield worker
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.fixture
def tasks_go_to_the_broker():
    """Send tasks to the broker instead of running them inline, as outside tests."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = eager


@pytest.mark.requires_postgres
@pytest.mark.requires_redis
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_service_runs_on_a_real_worker(real_worker, tasks_go_to_the_broker):
    owner = MembershipFactory(owner=True).user
    organization = owner.memberships.get().organization

    invitation = services.invitation_create(
        organization=organization, by=owner, email="colleague@example.com"
    )

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and real_worker.poll() is None:
        if Invitation.objects.get(pk=invitation.pk).sent_at is not None:
            break
        time.sleep(0.25)
    sent_at = Invitation.objects.get(pk=invitation.pk).sent_at
    if sent_at is None:
        real_worker.send_signal(signal.SIGTERM)
        output = real_worker.communicate(timeout=20)[0]
        pytest.fail(f"The worker did not send the invitation within 60 s. Its output:\n{output}")
    # Sent by the worker's process, not inline by this one.
    assert mail.outbox == []
