"""The Content-Security-Policy in Chromium: a blocked inline style is reported (so the journeys,
which fail on any report, would notice one), and the API docs render under the policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.requires_chromium, pytest.mark.django_db(transaction=True)]

FLUSH_EVENTS = "() => new Promise((resolve) => setTimeout(resolve, 100))"


def test_an_inline_style_is_blocked_and_reported(visit, csp_violations):
    visitor = visit()
    visitor.goto("/")

    visitor.page.evaluate(
        "() => document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>')"
    )
    visitor.page.evaluate(FLUSH_EVENTS)

    assert len(csp_violations) == 1
    assert "style-src-elem blocked inline" in csp_violations[0]
    csp_violations.clear()


def test_the_api_docs_render_under_the_policy(visit):
    page = visit().page

    response = page.goto("/api/docs/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="Fairbid API")).to_be_visible()
    expect(page.get_by_text("/api/v1/jobs/", exact=True).first).to_be_visible()
    page.evaluate(FLUSH_EVENTS)
