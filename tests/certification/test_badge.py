import pytest
from django.template.loader import render_to_string

BADGE = "certification/_label_badge.html"


@pytest.mark.parametrize(
    ("status", "text"),
    [
        ("active", "Fairbid certified"),
        ("expiring", "Certified · expiring soon"),
        ("suspended", "Label suspended"),
        ("expired", "Label expired"),
        ("revoked", "Label revoked"),
    ],
)
def test_the_badge_names_each_status_in_words(status, text):
    html = render_to_string(BADGE, {"status": status, "code": "abc123"})

    assert text in html
    assert f"label-badge--{status}" in html
    assert "abc123" in html


@pytest.mark.parametrize("status", ["suspended", "expired", "revoked"])
def test_a_badge_that_is_not_certified_never_says_certified(status):
    html = render_to_string(BADGE, {"status": status, "code": "abc123"})

    assert "certified" not in html.lower().replace("label-badge", "")


def test_without_a_label_the_badge_is_empty_or_says_not_certified():
    assert render_to_string(BADGE, {"status": None, "code": None}).strip() == ""
    html = render_to_string(BADGE, {"status": None, "show_uncertified": True})
    assert "Not certified" in html
