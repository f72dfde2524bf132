import pytest

from tests.browser.pages import AccessibilityAudit

pytestmark = pytest.mark.requires_chromium


def _show(page, main: str) -> None:
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Form</title></head>'
        f"<body><main><h1>Form</h1>{main}</main></body></html>"
    )


def test_audit_names_the_rule_its_impact_and_the_offending_element(page):
    _show(page, '<input type="text" name="city">')

    with pytest.raises(AssertionError) as failure:
        AccessibilityAudit().check(page)

    message = str(failure.value)
    assert "- label (critical): Form elements must have labels" in message
    assert '<input type="text" name="city">' in message


def test_audit_passes_a_labelled_form(page):
    _show(page, '<label for="city">City</label><input id="city" type="text" name="city">')

    AccessibilityAudit().check(page)
