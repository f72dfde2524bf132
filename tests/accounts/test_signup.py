import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from tests.factories import PASSWORD, BuyerFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, *, email, role):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "first_name": "Amina",
            "last_name": "Diallo",
            "role": role,
            "password1": "correct-horse-battery-42",
            "password2": "correct-horse-battery-42",
        },
    )


def _verification_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


@pytest.mark.parametrize(
    ("role", "home_text"),
    [(Role.BUYER, "Post your first service contract"), (Role.PROVIDER, "Set up your firm")],
)
def test_sign_up_verify_email_then_land_on_the_role_home(client, role, home_text):
    response = _sign_up(client, email="amina@example.com", role=role)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="amina@example.com")
    assert user.role == role
    assert user.get_full_name() == "Amina Diallo"
    assert len(mail.outbox) == 1

    # Unverified: logging in only resends the verification email.
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "amina@example.com", "password": "correct-horse-battery-42"},
    )
    assert response.url == reverse("account_email_verification_sent")

    link = _verification_link(mail.outbox[-1])
    assert client.get(link).status_code == 200
    response = client.post(link, follow=True)

    assert response.wsgi_request.user == user
    assert home_text in response.content.decode()


def test_sign_up_without_a_role_keeps_the_input_and_explains(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "amina@example.com",
            "first_name": "Amina",
            "last_name": "Diallo",
            "password1": "correct-horse-battery-42",
            "password2": "correct-horse-battery-42",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["role"] == ["This field is required."]
    assert 'value="amina@example.com"' in response.content.decode()
    assert not User.objects.filter(email="amina@example.com").exists()


def test_signing_up_with_a_taken_address_creates_nobody_and_tells_its_owner(client):
    BuyerFactory(email="taken@example.com")

    response = _sign_up(client, email="TAKEN@example.com", role=Role.BUYER)

    # Enumeration is prevented: the page looks like a normal sign-up, the owner is emailed.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    assert mail.outbox[0].to == ["taken@example.com"]


def test_repeated_failed_logins_are_rate_limited(client):
    user = BuyerFactory()
    url = reverse("account_login")

    for _ in range(5):
        response = client.post(url, {"login": user.email, "password": "wrong"})
        assert "Too many failed login attempts" not in response.content.decode()

    # The sixth attempt, even with the right password, is refused while the limit holds.
    response = client.post(url, {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_verified_user_logs_in_and_out(client):
    user = BuyerFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link(client):
    user = BuyerFactory()

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
