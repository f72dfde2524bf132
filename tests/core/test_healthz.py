import pytest
from django.db import OperationalError
from django.urls import reverse

from core import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_both_services_up(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "last_recompute": None,
    }


def test_healthz_is_503_when_the_broker_does_not_answer(client, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment first. Nothing listens on port 1.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "unavailable",
        "last_recompute": None,
    }


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
