"""Demo contracts in progress: the finance and mediators' staff, and on each active contract
a first milestone funded by a recorded bank transfer and its work submitted, all through the
services. Safe to run again: a recorded transfer is found by its bank reference."""

from django.contrib.auth.models import Group

from accounts.models import Role, User
from contracts.models import Contract, ContractStatus, MilestoneStatus
from contracts.services import milestones as milestone_services
from contracts.services import money
from contracts.services.staff import FINANCE_GROUP_NAME, MEDIATORS_GROUP_NAME, staff_groups_sync
from demo.accounts import DEMO_PASSWORD

FINANCE = "finance@demo.fairbid.test"
STAFF = [
    (FINANCE, "Femi", "Okafor", FINANCE_GROUP_NAME),
    ("mediator@demo.fairbid.test", "Mele", "Tupou", MEDIATORS_GROUP_NAME),
]


def _staff(email, first_name, last_name, group_name) -> User:
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    user.first_name, user.last_name, user.role = first_name, last_name, Role.BUYER
    user.is_staff, user.is_superuser, user.is_active = True, False, True
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def seed(users: dict[str, User]) -> int:
    staff_groups_sync()
    finance = _staff(*STAFF[0])
    _staff(*STAFF[1])
    contracts = Contract.objects.filter(status=ContractStatus.ACTIVE, kind="fixed").order_by("pk")
    for contract in contracts:
        milestone = contract.milestones.select_related("funding").order_by("position").first()
        if milestone.status == MilestoneStatus.PENDING:
            money.payment_record(
                funding=milestone.funding,
                amount=milestone.funding.amount_due,
                bank_reference=f"DEMO-{milestone.funding.reference}",
                by=finance,
            )
            milestone.refresh_from_db()
        if milestone.status == MilestoneStatus.FUNDED:
            provider = contract.provider.memberships.order_by("pk").first().user
            milestone_services.milestone_submit(
                milestone=milestone,
                by=provider,
                message="The first part is done: files are on the shared drive.",
            )
    return contracts.count()
