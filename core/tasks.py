"""Queueing Celery tasks from services."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

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
