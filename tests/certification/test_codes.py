"""Label codes people can read over the phone, type, and mistype safely."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from certification import codes
from certification.selectors import labels as label_selectors
from certification.services.labels import label_grant
from tests.factories import LabelFactory, ProviderOrganizationFactory

CODE_SHAPE = r"^FB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}[0-9A-HJKMNP-TV-Z U]$"


def test_a_new_code_is_short_and_checks_itself():
    code = codes.new_code()

    assert len(code) == 12
    assert codes.normalized(code) == code


@given(st.integers(min_value=0, max_value=6), st.sampled_from(codes.ALPHABET))
def test_one_mistyped_symbol_is_caught(position, symbol):
    code = codes.new_code()
    body = code.replace("FB-", "").replace("-", "")
    if body[position] == symbol:
        return
    typo = body[:position] + symbol + body[position + 1 :]

    assert codes.normalized("FB" + typo) is None


def test_a_code_is_read_as_people_type_it():
    code = codes.new_code()
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")

    assert codes.normalized(typed) == code


@pytest.mark.django_db
def test_a_granted_label_gets_a_phone_friendly_code_and_old_codes_still_resolve(
    client, reviewer, incomes
):
    label = label_grant(organization=ProviderOrganizationFactory(), by=reviewer)
    old = LabelFactory(code="9kebIi4yrw_vczODHbMnuQ")

    assert codes.normalized(label.code) == label.code
    assert label_selectors.label_by_code(label.code.lower()).pk == label.pk
    assert client.get(reverse("certification:label_detail", args=[old.code])).status_code == 200
    typed = label.code.lower()
    assert client.get(reverse("certification:label_detail", args=[typed])).status_code == 200


@pytest.mark.django_db
def test_a_certified_owner_sees_the_badge_snippet_with_a_copy_button_instead_of_apply(
    client, provider_owner
):
    label = LabelFactory(organization=provider_owner.memberships.get().organization)
    client.force_login(provider_owner)

    body = client.get(reverse("certification:overview")).content.decode()

    assert "Apply for the label" not in body
    assert 'data-copy-target="badge-snippet-' in body
    assert f"/labels/{label.code}/badge.svg" in body
    assert "js/copy.js" in body
