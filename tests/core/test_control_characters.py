"""Names and one-line fields refuse control characters; paragraphs keep line breaks; an email
header or the badge never breaks on a name stored before the rule."""

from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts import services as account_services
from accounts.models import Organization
from accounts.tasks import send_invitation_email
from core.exceptions import ApplicationError
from core.text import header_safe, validate_paragraphs, validate_single_line, xml_safe
from tests.factories import InvitationFactory, LabelFactory


@pytest.mark.parametrize(
    "text", ["Fair\ntrade", "Fair\x0btrade", "Fair\x1btrade", "a\x00b", "a\u2028b"]
)
def test_a_single_line_refuses_control_characters_and_line_breaks(text):
    with pytest.raises(ValidationError):
        validate_single_line(text)


@pytest.mark.parametrize("text", ["Kampala", "Coopérative Ñandú 合作社 🌍", ""])
def test_a_single_line_takes_any_script(text):
    validate_single_line(text)


def test_paragraphs_keep_line_breaks_and_tabs_but_refuse_other_control_characters():
    validate_paragraphs("First line,\r\nsecond\tline.")
    for text in ["a\x00b", "a\x1bb", "a\x0bb", "a\ud800b"]:
        with pytest.raises(ValidationError):
            validate_paragraphs(text)


def test_a_header_never_holds_a_line_break():
    assert header_safe("Join Bad\r\nBcc: x@example.com\x1b") == "Join Bad Bcc: x@example.com"


def test_xml_safe_leaves_out_what_xml_cannot_hold():
    assert xml_safe("A\x0bB\x1bC\ufffeD\tE") == "ABCD\tE"


@pytest.mark.django_db
def test_an_organization_name_with_a_line_break_is_refused_with_its_reason(provider_owner):
    organization = provider_owner.memberships.get().organization
    with pytest.raises(ApplicationError) as refusal:
        account_services.organization_update(
            organization=organization, by=provider_owner, name="Firm\nBcc: x@example.com"
        )
    assert "name" in refusal.value.fields
    organization.refresh_from_db()
    assert "\n" not in organization.name


@pytest.mark.django_db
def test_an_invitation_from_an_organization_with_a_stored_line_break_is_sent(db):
    invitation = InvitationFactory()
    Organization.objects.filter(pk=invitation.organization_id).update(name="Firm\nBcc: x@x.org")
    send_invitation_email(invitation.pk)
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


@pytest.mark.django_db
def test_the_badge_stays_valid_xml_whatever_the_stored_name(client):
    label = LabelFactory()
    Organization.objects.filter(pk=label.organization_id).update(name="Firm\x0b\x1b <&> Ltd")
    response = client.get(f"/labels/{label.code}/badge.svg")
    assert response.status_code == 200
    title = ElementTree.fromstring(response.content).find("{http://www.w3.org/2000/svg}title")
    assert "Firm <&> Ltd" in title.text
