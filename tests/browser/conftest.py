"""Browser tests: Debian's Chromium, driven by pytest-playwright, against Django's live server.

No browser is ever downloaded: Playwright launches /usr/bin/chromium. Each person in a journey
gets a browser context of their own (their own cookies), and every page they reach is checked
by axe (see pages.py). Every browser context reports the Content-Security-Policy violations its
pages meet, and any violation fails the test.
"""

import os

import pytest

from tests.browser import pages
from tests.browser.pages import AccessibilityAudit, Visitor
from tests.conftest import CHROMIUM

# Playwright's sync API runs an asyncio event loop in the test thread, which makes Django's
# ORM refuse to run there. The tests only read through the ORM (the outbox, a few lookups),
# while the live server thread does the writing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Fail a step within seconds instead of Playwright's default 30 s.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


# Runs in every page before its own scripts; the browser fires the event for each thing the
# page's Content-Security-Policy blocks (an inline script or style, a source elsewhere). What
# the page's markup or scripts do has their address as source file; scripts the tests evaluate
# have none (axe-core copies @import-ed style sheets into <style> elements, which the policy
# rightly blocks), so those are not the page's violations.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  if (!event.sourceFile) {
    return;
  }
  window.reportCspViolation(
    `${event.documentURI}: ${event.effectiveDirective} blocked ${event.blockedURI}`
    + (event.sample ? ` (${event.sample})` : "")
  );
});
"""


@pytest.fixture
def csp_violations() -> list[str]:
    """The Content-Security-Policy violations the test's browsers reported."""
    return []


@pytest.fixture
def new_context(new_context, csp_violations):
    def new_context_reporting_csp_violations(**context_args):
        context = new_context(**context_args)
        context.expose_function("reportCspViolation", lambda report: csp_violations.append(report))
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        return context

    yield new_context_reporting_csp_violations
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def accessibility_audit():
    return AccessibilityAudit()


@pytest.fixture
def journey_language(request):
    """The language the journey's browsers ask for (English unless a test is parametrized
    with `indirect=["journey_language"]`); the steps look for Fairbid's words in it."""
    pages.JOURNEY["language"] = getattr(request, "param", "en")
    yield pages.JOURNEY["language"]
    pages.JOURNEY["language"] = "en"


@pytest.fixture
def visit(new_context, accessibility_audit, live_server, journey_language):
    """Open a browser for one person: `visit(viewport={"width": 360, "height": 740})`."""

    def open_browser(**context_args) -> Visitor:
        context = new_context(locale=journey_language, **context_args)
        context.set_default_timeout(TIMEOUT_MS)
        return Visitor(context.new_page(), accessibility_audit)

    return open_browser
