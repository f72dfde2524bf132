import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import (
    BuyerFactory,
    MembershipFactory,
    ProviderFactory,
    ProviderOrganizationFactory,
    ReviewerFactory,
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
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
