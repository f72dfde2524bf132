"""What every page shares: the navigation, and scripts only where a page uses them."""

import pytest
from django.urls import reverse

from tests.factories import BuyerFactory, MembershipFactory, ProviderOrganizationFactory

pytestmark = pytest.mark.django_db


def test_htmx_is_not_loaded_by_pages_that_do_not_use_it(client):
    for name in ("home", "marketplace:job_list", "marketplace:provider_directory"):
        assert "htmx" not in client.get(reverse(name)).content.decode()


def test_the_navigation_names_the_public_register_and_the_firms_own_label_apart(client):
    membership = MembershipFactory(organization=ProviderOrganizationFactory(), owner=True)
    client.force_login(membership.user)

    html = client.get(reverse("marketplace:job_list")).content.decode()

    assert ">Label register</a>" in html
    assert ">My firm's label</a>" in html
    assert ">Label</a>" not in html


def test_providers_are_not_offered_to_post_a_job_and_buyers_are(client):
    membership = MembershipFactory(organization=ProviderOrganizationFactory(), owner=True)
    client.force_login(membership.user)
    assert "Post a job" not in client.get(reverse("marketplace:job_list")).content.decode()

    client.force_login(BuyerFactory())
    assert "Post a job" in client.get(reverse("marketplace:job_list")).content.decode()


def test_log_in_is_worded_the_same_everywhere(client):
    html = client.get(reverse("account_login")).content.decode()

    assert "Log in" in html
    assert "Sign In" not in html
    assert "Sign in" not in html
