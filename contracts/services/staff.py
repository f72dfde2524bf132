"""The finance and mediators' groups, and what their members may do in Django admin."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

FINANCE_GROUP_NAME = "Finance"
MEDIATORS_GROUP_NAME = "Mediators"

_LOOK_UP_CONTRACTS = [
    ("accounts", "view_organization"),
    ("accounts", "view_user"),
    ("contracts", "view_contract"),
    ("contracts", "view_milestone"),
    ("contracts", "view_funding"),
    ("contracts", "view_receivedpayment"),
    ("contracts", "view_outgoingpayment"),
    ("contracts", "view_receipt"),
]
# Finance records what arrives with a reference and what it sends; nothing more.
FINANCE_PERMISSIONS = [
    *_LOOK_UP_CONTRACTS,
    ("ledger", "view_account"),
    ("ledger", "view_transaction"),
    ("ledger", "view_entry"),
    ("contracts", "record_payment"),
    ("contracts", "record_sent"),
]
# Mediators read the contract, its submissions and the dispute, and decide.
MEDIATORS_PERMISSIONS = [
    *_LOOK_UP_CONTRACTS,
    ("contracts", "view_dispute"),
    ("contracts", "decide_dispute"),
]

GROUPS = {FINANCE_GROUP_NAME: FINANCE_PERMISSIONS, MEDIATORS_GROUP_NAME: MEDIATORS_PERMISSIONS}


def staff_groups_sync(*, using: str = "default") -> None:
    """Create the groups, or bring their permissions back to exactly the defined sets."""
    with transaction.atomic(using=using):
        for name, wanted in GROUPS.items():
            group, _created = Group.objects.using(using).get_or_create(name=name)
            group.permissions.set(
                [
                    Permission.objects.using(using).get(
                        content_type__app_label=app_label, codename=codename
                    )
                    for app_label, codename in wanted
                ]
            )


def in_group(user, name: str) -> bool:
    return user.is_active and user.is_staff and user.groups.filter(name=name).exists()
