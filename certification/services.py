from django.contrib.auth.models import Group, Permission
from django.db import transaction

REVIEWER_GROUP_NAME = "Certification reviewers"

# What a certification reviewer may do in Django admin, and nothing more: look up the
# organizations and people behind an application.
REVIEWER_PERMISSIONS = [
    ("accounts", "view_organization"),
    ("accounts", "view_membership"),
    ("accounts", "view_user"),
]


def reviewer_group_sync(*, using: str = "default") -> Group:
    """Create the reviewers' group, or bring its permissions back to exactly the defined set."""
    with transaction.atomic(using=using):
        group, _ = Group.objects.using(using).get_or_create(name=REVIEWER_GROUP_NAME)
        permissions = [
            Permission.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
            for app_label, codename in REVIEWER_PERMISSIONS
        ]
        group.permissions.set(permissions)
    return group
