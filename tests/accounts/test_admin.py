import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_model_has_an_admin_list_that_searches_and_filters(client, superuser):
    membership = MembershipFactory(owner=True)
    InvitationFactory(organization=membership.organization)
    client.force_login(superuser)

    for model, model_admin in admin.site._registry.items():
        url = _changelist(model)
        assert client.get(url).status_code == 200, url
        if model_admin.search_fields:
            assert client.get(url, {"q": "firm"}).status_code == 200, url


def test_organization_admin_shows_members_inline(client, superuser):
    membership = MembershipFactory(owner=True)
    client.force_login(superuser)

    url = reverse("admin:accounts_organization_change", args=[membership.organization.pk])
    response = client.get(url)

    assert response.status_code == 200
    assert membership.user.email in response.content.decode()


def test_reviewer_can_look_up_organizations_but_not_change_them(client, reviewer):
    membership = MembershipFactory(owner=True)
    client.force_login(reviewer)

    assert client.get(_changelist(type(membership.organization))).status_code == 200
    change_url = reverse("admin:accounts_organization_change", args=[membership.organization.pk])
    response = client.post(change_url, {"name": "Renamed"})
    assert response.status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
