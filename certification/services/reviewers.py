"""The certification reviewers' group and what its members may do in Django admin."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext

from accounts import selectors as account_selectors
from accounts.models import User
from core.exceptions import ApplicationError

REVIEWER_GROUP_NAME = "Certification reviewers"

# What a certification reviewer may do in Django admin, and nothing more: look up the
# organizations and people behind an application, the country data and the labels, and
# decide the public's concerns about labels and the organizations' appeals.
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
    ("certification", "view_verifiedfacts"),
    ("certification", "view_factchange"),
    ("certification", "change_factchange"),
    ("certification", "view_finding"),
    ("certification", "add_finding"),
    ("certification", "view_appeal"),
    ("certification", "change_appeal"),
    ("certification", "view_appealevent"),
    ("certification", "view_appealfile"),
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


def reviewers():
    """The active certification reviewers, to be told of work waiting for them."""
    return User.objects.filter(groups__name=REVIEWER_GROUP_NAME, is_staff=True, is_active=True)


def require_reviewer(user: User, *, organization_id: int, permission: str) -> None:
    """A certification reviewer with the permission, who does not belong to the organization
    concerned; otherwise a refusal."""
    if not (user.is_staff and user.has_perm(permission)):
        raise ApplicationError(
            gettext("Only certification reviewers decide this."), code="permission_denied"
        )
    if account_selectors.is_member(user=user, organization_id=organization_id):
        raise ApplicationError(
            gettext("You belong to this organization, so another reviewer must decide."),
            code="permission_denied",
        )
