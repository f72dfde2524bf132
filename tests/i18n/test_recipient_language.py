"""Notifications and their emails are written in the recipient's language; each email has a
greeting, the facts, one action and the way to change email settings."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.models import NotificationKind
from marketplace.services import bids as bid_services
from notifications import services
from notifications.models import Notification
from tests.factories import BuyerFactory, JobFactory

pytestmark = pytest.mark.django_db


def _email_to(user):
    [email] = [email for email in mail.outbox if email.to == [user.email]]
    return email


def test_a_new_bid_is_told_in_the_buyers_language_with_the_amount_as_it_reads_there(
    django_capture_on_commit_callbacks, provider_owner
):
    buyer = BuyerFactory(language="fr", first_name="Amélie")
    job = JobFactory(buyer=buyer, currency="EUR", title="Traduire un site")
    organization = provider_owner.memberships.get().organization

    with django_capture_on_commit_callbacks(execute=True):
        bid_services.bid_submit(
            job=job,
            by=provider_owner,
            price=Decimal("1150"),
            delivery_days=10,
            proposal="We translate it.",
        )

    notification = Notification.objects.get(recipient=buyer)
    assert (
        notification.message
        == f"{organization} a proposé 1\u202f150,00 EUR pour « Traduire un site »."
    )
    assert notification.subject == f"Nouvelle offre sur « Traduire un site » de {organization}"
    email = _email_to(buyer)
    assert email.subject == f"[Fairbid] {notification.subject}"
    assert email.body.startswith("Bonjour Amélie")
    assert "1\u202f150,00 EUR" in email.body
    assert "Comparer les offres : http" in email.body
    assert f"{reverse('notifications:open', args=[notification.pk])}" in email.body
    assert reverse("accounts:preferences") in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert "Comparer les offres</a>" in html
    assert reverse("accounts:preferences") in html


def test_each_recipient_reads_the_same_event_in_their_own_language(
    django_capture_on_commit_callbacks,
):
    job = JobFactory(title="Logo")
    spanish, english = BuyerFactory(language="es"), BuyerFactory(language="")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[spanish, english],
            kind=NotificationKind.JOB_INVITATION,
            message=_invited(job),
            subject=_invited(job),
        )

    assert (
        Notification.objects.get(recipient=spanish).message == "Está invitado a ofertar en «Logo»."
    )
    assert (
        Notification.objects.get(recipient=english).message == "You are invited to bid on “Logo”."
    )
    assert _email_to(spanish).body.startswith("Hola, ")
    assert _email_to(english).body.startswith("Hello ")


def _invited(job):
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy

    return format_lazy(gettext_lazy("You are invited to bid on “{job}”."), job=job)


def test_a_person_who_turned_emails_off_gets_the_notification_but_no_email(
    django_capture_on_commit_callbacks,
):
    quiet = BuyerFactory(notification_emails=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[quiet], kind=NotificationKind.NEW_BID, message="A bid")

    assert mail.outbox == []
    assert Notification.objects.get(recipient=quiet).emailed_at is not None


def test_preferences_store_language_and_email_choice(client, buyer):
    client.force_login(buyer)

    response = client.post(
        reverse("accounts:preferences"), {"language": "fr", "notification_emails": ""}
    )

    assert response.status_code == 302
    buyer.refresh_from_db()
    assert (buyer.language, buyer.notification_emails) == ("fr", False)
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert "Vos préférences sont enregistrées." in page
    assert '<html lang="fr">' in page


def test_preferences_refuse_an_unknown_language_and_keep_the_form(client, buyer):
    client.force_login(buyer)

    response = client.post(reverse("accounts:preferences"), {"language": "xx"})

    assert response.status_code == 400
    buyer.refresh_from_db()
    assert buyer.language == ""


def test_preferences_need_a_login(client):
    response = client.get(reverse("accounts:preferences"))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_pages_read_in_french_and_spanish(client, buyer):
    assert (
        "Missions ouvertes"
        in client.get(reverse("marketplace:job_list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
    assert (
        "Trabajos abiertos"
        in client.get(reverse("marketplace:job_list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    )
