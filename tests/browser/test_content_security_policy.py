"""The Content-Security-Policy in Chromium: inline code in a page is blocked and reported (so
the journeys, which fail on any report, would notice some), and the API docs render under the
policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.requires_chromium, pytest.mark.django_db(transaction=True)]

FLUSH_EVENTS = "() => new Promise((resolve) => setTimeout(resolve, 100))"


def test_inline_code_in_a_page_is_blocked_and_reported(visit, live_server, csp_violations):
    """The home page as Fairbid serves it (with its policy), plus an inline style and script."""
    visitor = visit()

    def with_inline_code(route):
        response = route.fetch()
        body = response.text().replace(
            "</head>",
            "<style>body { color: red }</style><script>document.title = 'x'</script></head>",
        )
        route.fulfill(response=response, body=body)

    visitor.page.route(f"{live_server.url}/", with_inline_code)
    visitor.page.goto("/")
    visitor.page.evaluate(FLUSH_EVENTS)

    assert visitor.page.title() != "x"
    assert sorted(report.split(": ", 1)[1] for report in csp_violations) == [
        "script-src-elem blocked inline",
        "style-src-elem blocked inline",
    ]
    csp_violations.clear()


def test_the_api_docs_render_under_the_policy(visit):
    page = visit().page

    response = page.goto("/api/docs/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="Fairbid API")).to_be_visible()
    expect(page.get_by_text("/api/v1/jobs/", exact=True).first).to_be_visible()
    page.evaluate(FLUSH_EVENTS)
