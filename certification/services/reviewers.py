"""The certification reviewers' group and what its members may do in Django admin."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

REVIEWER_GROUP_NAME = "Certification reviewers"

# What a certification reviewer may do in Django admin, and nothing more: look up the
# organizations and people behind an application, the country data and the labels, and
# decide the public's concerns about labels.
REVIEWER_PERMISSIONS = [
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
]


def reviewer_group_sync(*, using: str = "default") -> Group:
    """Create the reviewers' group, or bring its permissions back to exactly the defined set."""
    with transaction.atomic(using=using):
        group, _created = Group.objects.using(using).get_or_create(name=REVIEWER_GROUP_NAME)
        permissions = [
            Permission.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
            for app_label, codename in REVIEWER_PERMISSIONS
        ]
        group.permissions.set(permissions)
    return group
