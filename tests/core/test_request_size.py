"""A request declaring a body larger than any form or upload takes is refused (413) before
anything reads it: no view, no CSRF check, no upload handler."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

HUNDRED_MB = 100 * 1024 * 1024


def _post_declaring(client, path, length, **extra):
    # The test client's payload refuses to be read past its 9 bytes: any code reading the
    # declared body would fail the test.
    return client.generic(
        "POST",
        path,
        b"name=file",
        content_type="multipart/form-data; boundary=fairbid",
        CONTENT_LENGTH=str(length),
        **extra,
    )


def test_a_declared_100_mb_upload_is_refused_before_its_body_is_read(client):
    response = _post_declaring(client, "/jobs/1/files/", HUNDRED_MB)

    assert response.status_code == 413
    assert "too large: at most 26.0\xa0MB can be sent at once" in response.content.decode()


def test_the_api_refuses_it_in_its_error_format(client):
    response = _post_declaring(client, "/api/v1/jobs/", HUNDRED_MB)

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_the_refusal_is_written_in_the_visitors_language():
    client = Client(headers={"accept-language": "fr"})

    response = _post_declaring(client, "/jobs/1/files/", HUNDRED_MB)

    assert response.status_code == 413
    assert "Trop volumineux" in response.content.decode()


def test_a_request_within_the_limit_goes_on_to_the_view(client):
    response = client.post("/jobs/1/files/", {"files": []})

    assert settings.REQUEST_MAX_BYTES > settings.FILES_MAX_BYTES_TOGETHER
    assert response.status_code == 302  # to the log-in page, as for any anonymous post


def test_the_reverse_proxy_refuses_at_the_same_size():
    nginx = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()

    megabytes = re.search(r"^\s*client_max_body_size (\d+)m;", nginx, re.M).group(1)

    assert int(megabytes) * 1024 * 1024 == settings.REQUEST_MAX_BYTES
