import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from tests.factories import (
    BuyerFactory,
    MembershipFactory,
    ProviderFactory,
    ProviderOrganizationFactory,
    ReviewerFactory,
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parents[1]
# Debian's Chromium, which the browser tests drive; no browser is ever downloaded.
CHROMIUM = "/usr/bin/chromium"


def _redis_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 2):
            return True
    except OSError:
        return False


def _missing_service(marker_name: str) -> str | None:
    """Why the service a marker names is unavailable, or None when it is there."""
    if marker_name == "requires_postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgresql://..."
    if marker_name == "requires_redis":
        broker = settings.CELERY_BROKER_URL
        if not broker.startswith("redis://"):
            return "needs Redis: set CELERY_BROKER_URL=redis://..."
        if not _redis_answers(broker):
            return f"needs Redis, but {broker} does not answer"
    if marker_name == "requires_chromium" and not os.access(CHROMIUM, os.X_OK):
        return f"needs Chromium at {CHROMIUM}: apt-get install chromium"
    return None


def pytest_runtest_setup(item):
    for marker in item.iter_markers():
        reason = _missing_service(marker.name)
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def buyer(db):
    return BuyerFactory()


@pytest.fixture
def provider_owner(db):
    """A provider user who owns a provider organization."""
    return MembershipFactory(owner=True).user


@pytest.fixture
def provider_member(db, provider_owner):
    """A second member of provider_owner's organization."""
    organization = provider_owner.memberships.get().organization
    return MembershipFactory(organization=organization).user


@pytest.fixture
def other_provider(db):
    return MembershipFactory(owner=True, organization=ProviderOrganizationFactory()).user


@pytest.fixture
def provider_without_organization(db):
    return ProviderFactory()


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its language active in the thread; each test starts in English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def database_url_of_the_test_database() -> str:
    db = connection.settings_dict
    return (
        f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def start_real_worker() -> subprocess.Popen:
    """A Celery worker started with the same command as production, in its own process, on
    the test database and the test broker."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_of_the_test_database(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    return subprocess.Popen(
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


def stop_worker(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.fixture
def real_worker():
    """A Celery worker in its own process (start_real_worker), stopped after the test."""
    worker = start_real_worker()
    yield worker
    stop_worker(worker)


@pytest.fixture
def tasks_go_to_the_broker():
    """Send tasks to the broker instead of running them inline, as outside tests."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = eager


def _forget_broker_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_outage(monkeypatch, tasks_go_to_the_broker):
    """A context manager: inside it, tasks go to a broker that refuses every connection
    (nothing listens on port 1), as when Redis is down; after it, the real broker is back."""

    @contextmanager
    def outage():
        try:
            with monkeypatch.context() as patch:
                # Celery reads CELERY_BROKER_URL from the environment before its settings.
                patch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
                _forget_broker_connections()
                yield
        finally:
            _forget_broker_connections()

    return outage


def wait_for(condition, *, worker, seconds=60, what="the worker to finish"):
    """Poll condition() until it holds; fail with the worker's output if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and worker.poll() is None:
        if condition():
            return
        time.sleep(0.25)
    if condition():
        return
    worker.send_signal(signal.SIGTERM)
    output = worker.communicate(timeout=20)[0]
    pytest.fail(f"Waited {seconds} s for {what}. The worker's output:\n{output}")


@pytest.fixture
def people(buyer, provider_member, other_provider):
    """Someone in each of tests.utils.JOB_ROLES around a job of `buyer`."""
    return {
        "anonymous": None,
        "buyer": buyer,
        "other_buyer": BuyerFactory(),
        "provider_member": provider_member,
        "other_provider": other_provider,
        "staff": ReviewerFactory(),
    }


@pytest.fixture
def as_role(client, people):
    """Log the test client in as someone in a role of tests.utils.JOB_ROLES (out for anonymous)."""

    def log_in(role):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        return client

    return log_in
