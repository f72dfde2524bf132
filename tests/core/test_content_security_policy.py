"""Content-Security-Policy on every HTML page (django-csp): Fairbid's own files only, nothing
inline, no framing; the embeddable badge keeps its own policy. The policy in production is
checked in tests/config/test_settings.py; Chromium's verdict on every page of the journeys in
tests/browser."""

import re

import pytest
from django.urls import reverse

from tests.factories import LabelFactory

pytestmark = pytest.mark.django_db

STRICT_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
)
INLINE_CODE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle=|\son[a-z]+=", re.I)


def assert_strict_policy(response):
    policy = response["Content-Security-Policy"]
    for directive in STRICT_DIRECTIVES:
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "http" not in policy  # no source on another site
    assert not INLINE_CODE.findall(response.content.decode()), INLINE_CODE.findall(
        response.content.decode()
    )


def test_public_pages_carry_the_strict_policy_and_no_inline_code(client):
    label = LabelFactory()

    for path in [
        "/",
        reverse("account_login"),
        reverse("certification:label_detail", args=[label.code]),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response)


def test_the_admin_carries_the_strict_policy_and_no_inline_code(admin_client):
    for name in ["admin:index", "admin:accounts_user_changelist", "admin:accounts_user_add"]:
        response = admin_client.get(reverse(name))
        assert response.status_code == 200, name
        assert_strict_policy(response)


def test_the_api_docs_load_their_start_up_script_as_a_file(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert_strict_policy(page)
    script_url = re.search(r'<script src="(/api/docs/\?[^"]+)"', page.content.decode()).group(1)

    script = client.get(script_url.replace("&amp;", "&"))

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_the_badge_keeps_its_own_policy_for_embedding(client):
    label = LabelFactory()

    response = client.get(reverse("certification:label_badge_svg", args=[label.code]))

    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
