"""Staff log in to Django admin through the site's own log-in (allauth): rate-limited like
everyone's, and with a second factor when FAIRBID_STAFF_REQUIRE_MFA holds them to one."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, BuyerFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _refused_by_rate_limit(response) -> bool:
    """allauth's limits: too many failures for an address or from an IP (the form says so),
    or too many attempts from an IP (429)."""
    return response.status_code == 429 or (
        "Too many failed login attempts" in response.content.decode()
    )


def test_admin_sends_people_to_the_sites_log_in_and_back(client, staff):
    to_admin_login = client.get("/admin/")
    assert to_admin_login.url == "/admin/login/?next=/admin/"

    to_site_login = client.get(to_admin_login.url)
    assert to_site_login.url == f"{LOGIN}?next=%2Fadmin%2F"

    logged_in = client.post(to_site_login.url, {"login": staff.email, "password": PASSWORD})
    assert logged_in.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_log_in_takes_no_password_itself(client, staff):
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert not _logged_in(client)


def test_admin_log_in_never_sends_people_to_another_site(client):
    response = client.get("/admin/login/", {"next": "https://elsewhere.example/"})

    assert response.url == f"{LOGIN}?next=%2Fadmin%2F"


def test_people_who_are_not_staff_are_refused_after_logging_in(client):
    buyer = BuyerFactory()
    client.force_login(buyer)

    assert client.get("/admin/").url == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_thirty_wrong_passwords_are_stopped_and_the_right_one_waits_until_the_limit_lapses(
    client, staff
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login_url = client.get("/admin/login/?next=/admin/").url
        answers = [
            client.post(login_url, {"login": staff.email, "password": f"guess-{n}"})
            for n in range(30)
        ]
        assert sum(map(_refused_by_rate_limit, answers)) == 25

        right_password = client.post(login_url, {"login": staff.email, "password": PASSWORD})
        assert _refused_by_rate_limit(right_password)
        assert not _logged_in(client)
        assert client.get("/admin/").status_code == 302

        clock.shift(timedelta(minutes=6))
        after_the_limit = client.post(login_url, {"login": staff.email, "password": PASSWORD})
        assert after_the_limit.url == "/admin/"
        assert client.get("/admin/").status_code == 200


# --- A second factor for staff ---------------------------------------------------------------


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _with_authenticator_app(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_staff_without_a_second_factor_set_one_up_before_they_reach_admin(client, staff, settings):
    settings.FAIRBID_STAFF_REQUIRE_MFA = True
    logged_in = client.post(f"{LOGIN}?next=/admin/", {"login": staff.email, "password": PASSWORD})

    sent_away = client.get(logged_in.url)
    assert sent_away.url == reverse("mfa_activate_totp")

    # allauth asks for the password again before a second factor is added.
    confirm = client.get(sent_away.url)
    assert confirm.url.startswith(reverse("account_reauthenticate"))
    assert "Staff use a second factor" in client.get(confirm.url).content.decode()
    confirmed = client.post(confirm.url, {"password": PASSWORD})
    set_up = client.get(confirmed.url)
    assert 'src="data:image/svg+xml;base64,' in set_up.content.decode()  # the QR code
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})

    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_staff_with_an_authenticator_app_give_its_code_at_log_in_and_reach_admin(
    client, staff, settings
):
    settings.FAIRBID_STAFF_REQUIRE_MFA = True
    secret = _with_authenticator_app(staff)

    password_step = client.post(
        f"{LOGIN}?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert password_step.url == reverse("mfa_authenticate")
    assert not _logged_in(client)

    code_step = client.post(password_step.url, {"code": _current_code(secret)})

    assert code_step.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_staff_reach_admin_without_a_second_factor(client, staff, settings):
    settings.FAIRBID_STAFF_REQUIRE_MFA = False
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200
