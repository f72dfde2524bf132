"""Django admin, where reviewers work, wears Fairbid's colours, and keeps Django's dark theme
for those who choose it or whose system prefers it (static/css/admin.css). Staff log in on the
site's own log-in page, so the admin's pages are seen signed in."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.pages import AccessibilityAudit
from tests.factories import UserFactory

pytestmark = [pytest.mark.requires_chromium, pytest.mark.django_db(transaction=True)]

FAIRBID_GREEN = "rgb(31, 95, 63)"
# The darkened background (of the admin's modules and forms): Fairbid's paper tone, or Django's
# dark grey.
FAIRBID_PAPER = "rgb(245, 244, 239)"
DJANGO_DARK_GREY = "rgb(33, 33, 33)"


def admin_colours(page, live_server, *, system_scheme, chosen_theme) -> dict:
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": staff.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.emulate_media(color_scheme=system_scheme)
    url = f"{live_server.url}/admin/"
    page.goto(url)
    if chosen_theme:
        page.evaluate(f"localStorage.setItem('theme', '{chosen_theme}')")
        page.goto(url)
    AccessibilityAudit().check(page)  # the contrasts hold in either theme
    return page.evaluate(
        """() => {
            const darkened = document.createElement('div');
            darkened.style.background = 'var(--darkened-bg)';
            document.body.append(darkened);
            return {
                header: getComputedStyle(document.querySelector('#header')).backgroundColor,
                body: getComputedStyle(darkened).backgroundColor,
            };
        }"""
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
