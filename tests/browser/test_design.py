"""The design system's components (docs/design.md): each renders without an accessibility
problem of any impact, fits a 360 px phone without sideways scrolling, and, under
`make screenshots`, is photographed for the design page."""

from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory

from certification.models import LabelStatus
from tests.browser.pages import SCREENSHOTS, AccessibilityAudit

pytestmark = [pytest.mark.requires_chromium, pytest.mark.django_db]

SHOWCASE = Path(__file__).parent / "design" / "components.html"
DESIGN_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "design"
SHOWCASE_PATH = "/design-components/"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


class SampleJobForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, help_text="What you need, in a line.")
    budget_type = forms.ChoiceField(
        label="Budget type",
        choices=[("fixed", "Fixed price"), ("hourly", "Hourly rate")],
        widget=forms.RadioSelect,
    )
    currency = forms.ChoiceField(label="Currency", choices=[("USD", "USD"), ("EUR", "EUR")])
    prefer_certified = forms.BooleanField(label="Prefer certified providers", required=False)


def render_showcase() -> str:
    request = RequestFactory().get(SHOWCASE_PATH)
    request.user = AnonymousUser()
    form = SampleJobForm({"title": "", "budget_type": "fixed", "currency": "USD"})
    form.is_valid()
    context = {
        "form": form,
        "label_statuses": [status.value for status in LabelStatus],
        "page": Paginator(range(60), 20).page(2),
        "query": "",
    }
    return engines["django"].from_string(SHOWCASE.read_text()).render(context, request)


@pytest.fixture
def showcase(page, live_server):
    html = render_showcase()
    page.route(
        f"**{SHOWCASE_PATH}", lambda route: route.fulfill(body=html, content_type="text/html")
    )
    return f"{live_server.url}{SHOWCASE_PATH}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_component_is_accessible_and_fits_the_screen(page, showcase, viewport):
    page.set_viewport_size(viewport)
    page.goto(showcase)

    AccessibilityAudit(impacts=AccessibilityAudit.ALL_IMPACTS).check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if SCREENSHOTS:
        suffix = "" if viewport is DESKTOP else "-360"
        DESIGN_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for section in page.locator("section.component").all():
            name = section.get_attribute("id")
            section.screenshot(path=DESIGN_SCREENSHOTS / f"{name}{suffix}.png")
        page.locator(".site-header").screenshot(path=DESIGN_SCREENSHOTS / f"navigation{suffix}.png")


def test_the_phone_menu_opens_without_javascript(browser, showcase):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(showcase)
    menu = page.get_by_role("navigation", name="Main")
    assert not menu.get_by_role("link", name="Providers").is_visible()

    menu.locator("summary").click()

    assert menu.get_by_role("link", name="Providers").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if SCREENSHOTS:
        page.screenshot(path=DESIGN_SCREENSHOTS / "navigation-menu-360.png")
    context.close()
