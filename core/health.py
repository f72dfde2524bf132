"""Liveness checks of the services Fairbid depends on, for /healthz."""

import logging

from celery import current_app as celery_app
from django.db import connection

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return False


def broker_ok(*, timeout: float = 2.0) -> bool:
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            broker.default_channel  # noqa: B018 - opening a channel proves the broker serves us
        return True
    except Exception:
        logger.exception("Health check: the Celery broker does not answer.")
        return False
