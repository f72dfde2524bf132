import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken
from core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def test_token_is_stored_hashed_and_authenticates(buyer):
    token, key = services.api_token_create(user=buyer, name="nightly import")

    assert key not in token.key_hash
    assert token.prefix == key[:8]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == buyer.email
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_or_wrong_token_is_refused_with_401(buyer):
    token, key = services.api_token_create(user=buyer, name="old script")
    services.api_token_revoke(token=token, by=buyer)
    client = APIClient()

    for header in (f"Token {key}", "Token not-a-key", "Bearer "):
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get("/api/v1/me/")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "authentication_failed"


def test_nobody_revokes_another_persons_token(buyer, provider_owner):
    token, _ = services.api_token_create(user=buyer, name="mine")

    with pytest.raises(ApplicationError, match="not yours"):
        services.api_token_revoke(token=token, by=provider_owner)


def test_account_page_shows_a_new_key_once_and_revokes(client, buyer):
    client.force_login(buyer)

    response = client.post(reverse("accounts:api_tokens"), {"name": "CI"})
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert key not in client.get(reverse("accounts:api_tokens")).content.decode()

    token = ApiToken.objects.get(user=buyer)
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert not token.is_active


def test_token_without_a_name_is_explained(client, buyer):
    client.force_login(buyer)

    response = client.post(reverse("accounts:api_tokens"), {"name": ""})

    assert response.context["form"].errors["name"] == ["This field is required."]
    assert not ApiToken.objects.exists()


def test_another_persons_token_cannot_be_revoked_through_the_page(client, buyer, provider_owner):
    token, _ = services.api_token_create(user=buyer, name="mine")
    client.force_login(provider_owner)

    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
