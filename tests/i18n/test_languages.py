"""Which language a person reads Fairbid in: the browser's by default, the switcher's choice
after that, and a signed-in person's stored choice wherever they log in."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts import services as account_services
from accounts.models import User
from core import formats
from core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def _lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_fairbid_speaks_english_french_and_spanish():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "es", "fr"]


def test_a_visitor_gets_the_browsers_language(client):
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")) == "fr"
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")) == "es"
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de")) == "en"


def test_every_page_offers_the_switcher_without_javascript(client):
    page = client.get(reverse("marketplace:job_list")).content.decode()

    assert f'action="{reverse("accounts:language")}"' in page
    assert 'name="language" value="fr"' in page
    assert "Español" in page


def test_a_visitor_switches_language_and_returns_to_the_page(client):
    response = client.post(
        reverse("accounts:language"), {"language": "fr", "next": "/jobs/?page=2"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/jobs/?page=2"
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")) == "fr"


def test_the_switcher_never_redirects_elsewhere(client):
    response = client.post(
        reverse("accounts:language"), {"language": "fr", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_a_signed_in_persons_choice_is_stored_and_follows_them_to_a_new_browser(client, buyer):
    client.force_login(buyer)

    client.post(reverse("accounts:language"), {"language": "es", "next": "/"})

    buyer.refresh_from_db()
    assert buyer.language == "es"
    client.logout()
    client.cookies.clear()
    client.force_login(buyer)
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr")) == "es"


def test_a_language_fairbid_does_not_speak_is_not_stored(client, buyer):
    client.force_login(buyer)

    client.post(reverse("accounts:language"), {"language": "de", "next": "/"})

    buyer.refresh_from_db()
    assert buyer.language == ""
    with pytest.raises(ApplicationError):
        account_services.user_language_set(user=buyer, language="xx")


def test_the_switcher_answers_only_post(client):
    assert client.get(reverse("accounts:language")).status_code == 405


def test_sign_up_stores_the_language_the_person_signed_up_in(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "ana@example.com",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            "first_name": "Ana",
            "last_name": "Pérez",
            "role": "provider",
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )

    assert User.objects.get(email="ana@example.com").language == "es"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,250.50 USD"), ("fr", "1\u202f250,50 USD"), ("es", "1.250,50 USD")],
)
def test_money_is_written_with_its_currency_as_the_language_groups_digits(language, expected):
    with translation.override(language):
        assert formats.money(Decimal("1250.5"), "USD") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "5 March 2026"), ("fr", "5 mars 2026"), ("es", "5 de marzo de 2026")],
)
def test_a_day_is_written_in_the_language(language, expected):
    with translation.override(language):
        assert formats.day(date(2026, 3, 5)) == expected


def test_a_lazy_amount_is_written_in_the_language_active_when_read():
    amount = formats.money_lazy(Decimal("1000"), "EUR")

    with translation.override("fr"):
        assert str(amount) == "1\u202f000,00 EUR"
    with translation.override("en"):
        assert str(amount) == "1,000.00 EUR"
    assert formats.moment(datetime(2026, 3, 5, 14, 30, tzinfo=UTC)) == "5 March 2026 at 14:30 UTC"
