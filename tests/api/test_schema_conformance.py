"""Generated requests against every operation of the live schema, as a buyer and as a
provider: no server error, no status code, content type or body the schema does not allow."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as account_services
from tests.factories import BidFactory, JobFactory, LabelFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The schema as the running application serves it (generating it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def marketplace_data(buyer, provider_owner):
    """Objects for generated ids to find now and then."""
    job = JobFactory(buyer=buyer)
    BidFactory(job=job, organization=provider_owner.memberships.get().organization)
    LabelFactory(organization=provider_owner.memberships.get().organization)


@pytest.fixture
def same_connection():
    """Keep the test's database connection across in-process requests, as Django's test
    client does: the WSGI handler would otherwise close it when each request finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(monkeypatch):
    for throttle in (AnonRateThrottle, UserRateThrottle):
        monkeypatch.setattr(
            throttle, "THROTTLE_RATES", {**throttle.THROTTLE_RATES, throttle.scope: None}
        )


def _token_header(user) -> dict:
    _, key = account_services.api_token_create(user=user, name="conformance")
    return {"Authorization": f"Token {key}"}


@pytest.fixture
def as_buyer(buyer, marketplace_data, unthrottled, same_connection):
    return _token_header(buyer)


@pytest.fixture
def as_provider(provider_owner, marketplace_data, unthrottled, same_connection):
    return _token_header(provider_owner)


GENERATION = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@pytest.mark.django_db
@schema.parametrize()
@GENERATION
def test_api_conforms_to_its_schema_for_a_buyer(case, as_buyer):
    case.call_and_validate(headers=as_buyer, checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@GENERATION
def test_api_conforms_to_its_schema_for_a_provider(case, as_provider):
    case.call_and_validate(headers=as_provider, checks=CHECKS)
