"""Queueing Celery tasks from services, and making up scheduled runs that were lost."""

import logging

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

from core import scheduled

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Queue task(*args) once the current transaction commits.

    Only for work the database already records as pending (an unsent email, say), which a
    periodic sweep picks up: when the broker cannot take the message the change still stands
    and the person who made it sees no error.
    """

    def send():
        try:
            task.apply_async(args=args, retry=False)
        except OperationalError:
            logger.warning(
                "The broker refused %s%r; the periodic sweep will do it.", task.name, args
            )

    transaction.on_commit(send)


@shared_task
def catch_up_scheduled_runs() -> list[str]:
    """Every few minutes: queue again each scheduled task whose last run was lost."""
    return scheduled.catch_up()
