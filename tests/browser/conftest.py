"""Browser tests: Debian's Chromium, driven by pytest-playwright, against Django's live server.

No browser is ever downloaded: Playwright launches /usr/bin/chromium. Each person in a journey
gets a browser context of their own (their own cookies), and every page they reach is checked
by axe (see pages.py).
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
