"""A worker killed by SIGKILL in the middle of the nightly recompute: the run is lost with it
(the broker does not hand the message to the next worker), /healthz says so, and the catch-up
check queues the run again, which the next worker carries out. Real processes on Redis."""

import signal
from datetime import timedelta

import psycopg2
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certification.models import LabelStatus
from certification.tasks import recompute_labels
from config.celery import app as celery_app
from core.models import ScheduledRun
from core.tasks import catch_up_scheduled_runs
from tests.conftest import (
    database_url_of_the_test_database,
    start_real_worker,
    stop_worker,
    wait_for,
)
from tests.factories import LabelFactory, load_shipped_incomes

pytestmark = [
    pytest.mark.requires_postgres,
    pytest.mark.requires_redis,
    pytest.mark.django_db(transaction=True),
]

RECOMPUTE = "certification.tasks.recompute_labels"


def _run() -> ScheduledRun | None:
    return ScheduledRun.objects.filter(task=RECOMPUTE).first()


def test_a_recompute_lost_with_a_killed_worker_is_made_up(client, request):
    load_shipped_incomes()
    yesterday = timezone.localdate() - timedelta(days=1)
    label = LabelFactory(valid_from=yesterday - timedelta(days=364), valid_until=yesterday)
    last_night = timezone.now() - timedelta(hours=30)
    ScheduledRun.objects.create(task=RECOMPUTE, started_at=last_night, succeeded_at=last_night)
    celery_app.control.purge()  # nothing but this test's run in the queue
    request.getfixturevalue("tasks_go_to_the_broker")

    # Hold the labels table so the worker stops inside the run, then kill it there.
    blocker = psycopg2.connect(database_url_of_the_test_database())
    worker = start_real_worker()
    try:
        blocker.cursor().execute("LOCK TABLE certification_label IN ACCESS EXCLUSIVE MODE")
        recompute_labels.delay()
        wait_for(lambda: _run().started_at > last_night, worker=worker, what="the run to start")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=20)
    finally:
        blocker.rollback()
        blocker.close()
        if worker.poll() is None:
            stop_worker(worker)

    run = _run()
    assert run.succeeded_at == last_night
    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    health = client.get(reverse("healthz"))
    assert health.status_code == 503
    assert health.json()["last_recompute"] == last_night.isoformat()

    worker = start_real_worker()
    try:
        # The next worker is not handed the lost message; until no run can still be going
        # (the task's hard time limit), the check leaves it alone too.
        assert catch_up_scheduled_runs() == []
        with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=True):
            assert catch_up_scheduled_runs() == [RECOMPUTE]
        wait_for(
            lambda: _run().succeeded_at > run.started_at,
            worker=worker,
            what="the made-up run to finish",
        )
    finally:
        stop_worker(worker)

    label.refresh_from_db()
    assert label.status == LabelStatus.EXPIRED
    health = client.get(reverse("healthz"))
    assert health.status_code == 200
    assert health.json()["last_recompute"] == _run().succeeded_at.isoformat()
