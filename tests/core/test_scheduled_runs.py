"""A scheduled run lost with its worker is noticed and made up, and /healthz says how old the
last one is (core.scheduled, settings.SCHEDULED_RUNS)."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from celery import current_app
from django.urls import reverse
from django.utils import timezone

from certification.services import recompute as recompute_services
from core import scheduled
from core.models import ScheduledRun
from core.tasks import catch_up_scheduled_runs

pytestmark = pytest.mark.django_db

RECOMPUTE = "certification.tasks.recompute_labels"


def record(*, started_ago=None, succeeded_ago=None):
    now = timezone.now()
    ScheduledRun.objects.update_or_create(
        task=RECOMPUTE,
        defaults={
            "started_at": now - started_ago if started_ago is not None else None,
            "succeeded_at": now - succeeded_ago if succeeded_ago is not None else None,
        },
    )


def test_the_nightly_run_records_its_start_and_its_success():
    before = timezone.now()

    recompute_services.labels_nightly()

    run = ScheduledRun.objects.get(task=RECOMPUTE)
    assert before <= run.started_at <= run.succeeded_at


def test_a_run_judged_as_of_another_day_does_not_stand_for_todays():
    recompute_services.labels_nightly(today=timezone.localdate() - timedelta(days=3))

    assert not ScheduledRun.objects.exists()


def test_a_run_that_fails_records_its_start_only():
    with (
        mock.patch.object(recompute_services, "labels_recompute", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        recompute_services.labels_nightly()

    run = ScheduledRun.objects.get(task=RECOMPUTE)
    assert run.started_at is not None
    assert run.succeeded_at is None


@pytest.mark.parametrize(
    ("started_ago", "succeeded_ago", "overdue"),
    [
        (None, None, True),  # never ran: run it now
        (timedelta(hours=2), timedelta(hours=1, minutes=59), False),
        (timedelta(hours=24, minutes=59), timedelta(hours=24, minutes=58), False),
        (timedelta(hours=25, minutes=2), timedelta(hours=25, minutes=1), True),
        # Started a minute ago and not finished: it may still be running.
        (timedelta(minutes=1), timedelta(hours=30), False),
        # Started past the task's hard time limit and never finished: lost.
        (timedelta(minutes=6), timedelta(hours=30), True),
    ],
)
def test_a_run_is_overdue_when_its_last_success_is_too_old_and_none_can_be_going(
    started_ago, succeeded_ago, overdue
):
    if started_ago is not None:
        record(started_ago=started_ago, succeeded_ago=succeeded_ago)

    assert scheduled.overdue_tasks() == ([RECOMPUTE] if overdue else [])


def test_the_catch_up_queues_each_overdue_task_once_and_nothing_else():
    record(started_ago=timedelta(hours=30), succeeded_ago=timedelta(hours=30))

    with mock.patch.object(current_app, "send_task") as send_task:
        assert catch_up_scheduled_runs() == [RECOMPUTE]
    send_task.assert_called_once_with(RECOMPUTE)

    recompute_services.labels_nightly()
    with mock.patch.object(current_app, "send_task") as send_task:
        assert catch_up_scheduled_runs() == []
    send_task.assert_not_called()


def test_the_catch_up_check_is_on_beats_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.tasks.catch_up_scheduled_runs" in tasks
    assert set(settings.SCHEDULED_RUNS) <= tasks


def test_healthz_reports_the_last_recompute(client):
    assert client.get(reverse("healthz")).json()["last_recompute"] is None

    recompute_services.labels_nightly()
    succeeded_at = ScheduledRun.objects.get(task=RECOMPUTE).succeeded_at

    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["last_recompute"] == succeeded_at.isoformat()

    with time_machine.travel(succeeded_at + timedelta(hours=25, minutes=59)):
        assert client.get(reverse("healthz")).status_code == 200
    with time_machine.travel(succeeded_at + timedelta(hours=26, minutes=1)):
        late = client.get(reverse("healthz"))
    assert late.status_code == 503
    assert late.json()["status"] == "unavailable"
    assert late.json()["last_recompute"] == succeeded_at.isoformat()
