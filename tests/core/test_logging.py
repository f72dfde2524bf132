"""What the console shows: each line once, and a refused request without a traceback."""

import logging

import pytest
from django.urls import reverse


def _handlers_reached_from(name: str) -> list[logging.Handler]:
    logger, handlers = logging.getLogger(name), []
    while logger is not None:
        handlers += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
        logger = logger.parent if logger.propagate else None
    return handlers


@pytest.mark.parametrize("name", ["django", "django.request", "django.db.backends", "fairbid"])
def test_a_line_is_printed_by_one_handler(name):
    assert len(_handlers_reached_from(name)) == 1


@pytest.mark.django_db
def test_a_forbidden_request_is_one_line_without_a_traceback(client, provider_member, caplog):
    client.force_login(provider_member)  # a member, not the owner

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("accounts:organization_edit"))

    assert response.status_code == 403
    [record] = [record for record in caplog.records if record.name == "django.request"]
    assert record.exc_info is None
    assert record.getMessage().startswith("Forbidden")
