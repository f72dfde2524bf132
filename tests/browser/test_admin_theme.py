"""Django admin, where reviewers work, wears Fairbid's colours, and keeps Django's dark theme
for those who choose it or whose system prefers it (static/css/admin.css)."""

import pytest

from tests.browser.pages import AccessibilityAudit

pytestmark = [pytest.mark.requires_chromium, pytest.mark.django_db]

FAIRBID_GREEN = "rgb(31, 95, 63)"
# The log-in page stands on the darkened background: Fairbid's paper tone, or Django's dark grey.
FAIRBID_PAPER = "rgb(245, 244, 239)"
DJANGO_DARK_GREY = "rgb(33, 33, 33)"


def admin_colours(page, live_server, *, system_scheme, chosen_theme) -> dict:
    page.emulate_media(color_scheme=system_scheme)
    url = f"{live_server.url}/admin/login/"
    page.goto(url)
    if chosen_theme:
        page.evaluate(f"localStorage.setItem('theme', '{chosen_theme}')")
        page.goto(url)
    AccessibilityAudit().check(page)  # the contrasts hold in either theme
    return page.evaluate(
        """() => ({
            header: getComputedStyle(document.querySelector('#header')).backgroundColor,
            body: getComputedStyle(document.body).backgroundColor,
        })"""
    )


@pytest.mark.parametrize(
    ("system_scheme", "chosen_theme"),
    [("light", None), ("light", "auto"), ("light", "light"), ("dark", "light")],
)
def test_the_light_admin_is_in_fairbids_colours(page, live_server, system_scheme, chosen_theme):
    colours = admin_colours(
        page, live_server, system_scheme=system_scheme, chosen_theme=chosen_theme
    )
    assert colours == {"header": FAIRBID_GREEN, "body": FAIRBID_PAPER}


@pytest.mark.parametrize(
    ("system_scheme", "chosen_theme"), [("dark", None), ("dark", "auto"), ("light", "dark")]
)
def test_the_dark_admin_is_djangos_dark_theme_under_fairbids_header(
    page, live_server, system_scheme, chosen_theme
):
    colours = admin_colours(
        page, live_server, system_scheme=system_scheme, chosen_theme=chosen_theme
    )
    assert colours == {"header": FAIRBID_GREEN, "body": DJANGO_DARK_GREY}
