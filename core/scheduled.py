"""Scheduled runs that must not be lost.

Beat sends a task once at its hour; a worker killed while running it loses the message with
some brokers despite late acknowledgement, and nothing would run it again until the next
time. A task listed in settings.SCHEDULED_RUNS records when it starts and when it succeeds;
a frequent check queues it again when its last success is too old and no run can still be
going, and /healthz reports the last success, answering 503 once it is older still.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.utils import timezone

from core.models import ScheduledRun


@dataclass(frozen=True)
class RunPolicy:
    # Queue the task again once its last success is older than this.
    catch_up_after: timedelta
    # /healthz answers 503 once the last success is older than this.
    unhealthy_after: timedelta
    # The name of the field /healthz reports the last success in.
    health_field: str


def run_started(task: str) -> None:
    ScheduledRun.objects.update_or_create(task=task, defaults={"started_at": timezone.now()})


def run_succeeded(task: str) -> None:
    ScheduledRun.objects.update_or_create(task=task, defaults={"succeeded_at": timezone.now()})


@contextmanager
def recorded_run(task: str) -> Iterator[None]:
    """Record the start of a run of the task, and its success if the block finishes."""
    run_started(task)
    yield
    run_succeeded(task)


def _policies() -> dict[str, RunPolicy]:
    return {task: RunPolicy(**policy) for task, policy in settings.SCHEDULED_RUNS.items()}


def _runs() -> dict[str, ScheduledRun]:
    return {run.task: run for run in ScheduledRun.objects.filter(task__in=settings.SCHEDULED_RUNS)}


def _may_still_run(task: str, run: ScheduledRun | None, now: datetime) -> bool:
    """Whether a started run of the task can still be going: no worker runs a task past its
    hard time limit."""
    if run is None or run.started_at is None:
        return False
    if run.succeeded_at is not None and run.succeeded_at >= run.started_at:
        return False
    own_limit = getattr(current_app.tasks.get(task), "time_limit", None)  # where registered
    time_limit = own_limit or current_app.conf.task_time_limit
    return now - run.started_at < timedelta(seconds=time_limit)


def overdue_tasks(*, now: datetime | None = None) -> list[str]:
    """The tasks whose last success is older than their policy allows (or who never
    succeeded) and of which no run can still be going."""
    now = now or timezone.now()
    runs = _runs()
    overdue = []
    for task, policy in _policies().items():
        run = runs.get(task)
        last = run.succeeded_at if run else None
        if (last is None or now - last > policy.catch_up_after) and not _may_still_run(
            task, run, now
        ):
            overdue.append(task)
    return overdue


def catch_up(*, now: datetime | None = None) -> list[str]:
    """Queue every overdue task again; returns their names."""
    overdue = overdue_tasks(now=now)
    for task in overdue:
        current_app.send_task(task)
    return overdue


@dataclass(frozen=True)
class LastSuccess:
    field: str
    at: datetime | None
    healthy: bool


def last_successes(*, now: datetime | None = None) -> list[LastSuccess]:
    """For /healthz: each scheduled run's last success, and whether it is recent enough. One
    that never ran yet is healthy: the catch-up check runs it within minutes of the start."""
    now = now or timezone.now()
    runs = _runs()
    report = []
    for task, policy in _policies().items():
        at = runs[task].succeeded_at if task in runs else None
        report.append(
            LastSuccess(policy.health_field, at, at is None or now - at <= policy.unhealthy_after)
        )
    return report
