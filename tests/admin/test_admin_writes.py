"""Django admin never writes around a service: every registered model is read-only to staff,
or its saves go through the service that keeps its rules (proved by the service's side
effect), or it is Django's and allauth's own account administration."""

import importlib

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Staff administer log-ins here with Django's and allauth's own tools; no Fairbid rule lives
# on these rows (a user's role and deletion are locked below). allauth's second factors are
# among them: staff remove the authenticator of someone who lost their phone.
ACCOUNT_ADMINISTRATION = {
    "auth.Group",
    "account.EmailAddress",
    "accounts.User",
    "mfa.Authenticator",
}
# Saved through a service, with the test that proves the service's side effect.
SAVED_THROUGH_SERVICES = {
    "accounts.Organization": "tests.certification.test_fact_changes_recheck."
    "test_changing_the_country_in_admin_flags_the_label",
    "certification.Application": "tests.certification.test_admin."
    "test_benchmark_saved_in_admin_goes_through_its_service",
}
# Added and changed through a service, never deleted, with the test that proves it.
ADDED_THROUGH_SERVICES = {
    "impact.ExchangeRate": "tests.impact.test_exchange_rates."
    "test_staff_add_a_rate_in_admin_through_its_service",
}


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = User(is_staff=True, is_superuser=True, is_active=True)
    return request


def _permissions(model_admin, model):
    request = _superuser_request()
    add = model_admin.has_add_permission
    can_add = add(request, None) if "obj" in add.__code__.co_varnames else add(request)
    return {
        "add": can_add,
        "change": model_admin.has_change_permission(request, model()),
        "delete": model_admin.has_delete_permission(request, model()),
    }


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=lambda x: str(x))
def test_each_model_in_admin_is_read_only_unless_a_service_saves_it(model, model_admin):
    label = model._meta.label
    if label in ACCOUNT_ADMINISTRATION:
        return
    permissions = _permissions(model_admin, model)
    if label in ADDED_THROUGH_SERVICES:
        assert permissions == {"add": True, "change": True, "delete": False}
        return
    if label in SAVED_THROUGH_SERVICES:
        assert not permissions["add"]
        assert not permissions["delete"]
        assert permissions["change"]
        return
    assert permissions == {"add": False, "change": False, "delete": False}


def test_the_lists_above_name_registered_models_and_existing_proofs():
    registered = {model._meta.label for model in admin.site._registry}
    services = SAVED_THROUGH_SERVICES | ADDED_THROUGH_SERVICES
    assert registered >= ACCOUNT_ADMINISTRATION | set(services)
    for proof in services.values():
        module, name = proof.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name)), proof


def test_a_user_is_never_deleted_and_their_role_follows_their_organization(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    person = MembershipFactory(owner=True).user
    change = reverse("admin:accounts_user_change", args=[person.pk])

    page = client.get(change).content.decode()

    assert 'name="role"' not in page
    delete = client.get(reverse("admin:accounts_user_delete", args=[person.pk]))
    assert delete.status_code == 403
    assert User.objects.filter(pk=person.pk).exists()
