"""allauth's emails and the invitation read like Fairbid's other emails, in the reader's
language, with an HTML version whose one button is the email's link."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services as account_services
from tests.factories import BuyerFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, language):
    return client.post(
        reverse("account_signup"),
        {
            "email": "ana@example.com",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            "first_name": "Ana",
            "last_name": "Pérez",
            "role": "buyer",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_the_confirmation_email_greets_by_name_with_a_button_in_the_signup_language(client):
    _sign_up(client, "fr")

    [email] = mail.outbox
    assert email.subject == "[Fairbid] Confirmez votre adresse e-mail"
    assert email.body.startswith("Bonjour Ana,")
    assert "— Fairbid, le commerce équitable pour les services" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert ">Confirmez votre adresse e-mail</a>" in html


def test_the_confirmation_email_in_english(client):
    _sign_up(client, "en")

    [email] = mail.outbox
    assert email.subject == "[Fairbid] Please Confirm Your Email Address"
    assert email.body.startswith("Hello Ana,")
    assert ">Confirm your email address</a>" in email.alternatives[0][0]


def test_a_password_reset_email_has_its_link_as_the_button(client):
    BuyerFactory(email="bo@example.com", first_name="Bo")

    client.post(reverse("account_reset_password"), {"email": "bo@example.com"})

    [email] = mail.outbox
    assert email.body.startswith("Hello Bo,")
    html = email.alternatives[0][0]
    assert ">Choose a new password</a>" in html
    assert "/accounts/password/reset/key/" in html


def test_an_invitation_is_written_in_the_inviters_language(
    provider_owner, django_capture_on_commit_callbacks
):
    provider_owner.language = "es"
    provider_owner.save()
    organization = provider_owner.memberships.get().organization

    with django_capture_on_commit_callbacks(execute=True):
        account_services.invitation_create(
            organization=organization, by=provider_owner, email="colega@example.com"
        )

    [email] = mail.outbox
    assert email.subject == f"[Fairbid] Le invitamos a unirse a {organization}"
    assert email.body.startswith("Hola:")
    html = email.alternatives[0][0]
    assert '<html lang="es">' in html
    assert ">Aceptar la invitación</a>" in html
