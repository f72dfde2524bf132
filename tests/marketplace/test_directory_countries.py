"""The directory's country filter lists each providers' country once, by its common name."""

import pytest
from django.urls import reverse
from django.utils import translation

from marketplace import selectors
from tests.factories import ProviderOrganizationFactory

pytestmark = pytest.mark.django_db


def test_each_country_with_providers_is_offered_once():
    for name in ["Amani Studio", "Baraka Data", "Zuri Code"]:
        ProviderOrganizationFactory(name=name, country="KE")
    ProviderOrganizationFactory(name="Dhaka Desk", country="BD")

    assert selectors.provider_countries() == [("BD", "Bangladesh"), ("KE", "Kenya")]


def test_the_directory_filter_shows_the_choices_once(client):
    ProviderOrganizationFactory(name="Amani Studio", country="KE")
    ProviderOrganizationFactory(name="Baraka Data", country="KE")

    page = client.get(reverse("marketplace:provider_directory")).content.decode()

    assert page.count('<option value="KE"') == 1


@pytest.mark.parametrize(
    ("language", "names"),
    [("en", ["Bahamas", "Nauru"]), ("fr", ["Bahamas", "Nauru"]), ("es", ["Bahamas", "Nauru"])],
)
def test_countries_go_by_their_common_names(language, names):
    ProviderOrganizationFactory(name="Nassau Net", country="BS")
    ProviderOrganizationFactory(name="Yaren Works", country="NR")

    with translation.override(language):
        assert [name for _, name in selectors.provider_countries()] == names
