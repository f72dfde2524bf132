import pytest
from django.contrib.auth.models import Group, Permission

from certification.services.reviewers import REVIEWER_GROUP_NAME, reviewer_group_sync

pytestmark = pytest.mark.django_db


def _codenames(group):
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_migrate_creates_the_reviewers_group_with_only_the_permissions_it_needs():
    group = Group.objects.get(name=REVIEWER_GROUP_NAME)

    assert _codenames(group) == {
        ("accounts", "view_organization"),
        ("accounts", "view_membership"),
        ("accounts", "view_user"),
        ("certification", "view_economy"),
        ("certification", "view_incomeclassification"),
        ("certification", "view_incomegroupchange"),
        ("certification", "view_countryincomeload"),
        ("certification", "view_label"),
        ("certification", "view_labelevent"),
        ("certification", "view_application"),
        ("certification", "change_application"),
        ("certification", "view_evidence"),
        ("certification", "view_applicationevent"),
        ("certification", "view_concern"),
        ("certification", "change_concern"),
        ("certification", "view_verifiedfacts"),
        ("certification", "view_factchange"),
        ("certification", "change_factchange"),
        ("certification", "view_finding"),
        ("certification", "add_finding"),
        ("certification", "view_appeal"),
        ("certification", "change_appeal"),
        ("certification", "view_appealevent"),
        ("certification", "view_appealfile"),
    }


def test_sync_takes_away_a_permission_granted_by_hand():
    group = Group.objects.get(name=REVIEWER_GROUP_NAME)
    group.permissions.add(Permission.objects.get(codename="delete_user"))

    reviewer_group_sync()

    assert ("accounts", "delete_user") not in _codenames(group)
