"""A revoked label never claims a validity: its page and the register only say it was revoked."""

import pytest
from django.urls import reverse

from tests.factories import LabelFactory

pytestmark = pytest.mark.django_db


def test_a_revoked_labels_page_does_not_say_valid_until(client, incomes):
    label = LabelFactory(revoked=True)

    html = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()

    assert "This label was revoked." in html
    assert "Valid until" not in html


def test_a_label_in_force_still_says_until_when(client, incomes):
    label = LabelFactory()

    html = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()

    assert "Valid until" in html


def test_the_register_gives_no_validity_for_a_revoked_label(client):
    LabelFactory(revoked=True)
    LabelFactory()

    html = client.get(reverse("certification:label_register")).content.decode()

    assert html.count("valid until") == 1
