"""A contract's life: made from an accepted award, completed when every milestone is
settled, or ended early when both sides agree (which refunds what is held)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from contracts.models import (
    FINISHED_STATUSES,
    HELD_STATUSES,
    Contract,
    ContractEvent,
    ContractKind,
    ContractStatus,
    Funding,
    Milestone,
    MilestoneEvent,
    NotificationKind,
)
from contracts.services import books
from contracts.transitions import CONTRACT_TRANSITIONS
from core.exceptions import ApplicationError, validated
from core.transitions import actor_fields, move
from marketplace.services import jobs as job_services
from notifications.services import interpolated, notify

# Unambiguous letters and digits for references read aloud or typed from a bank statement.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def contract_transition(*, contract: Contract, to: str, by, reason: str = "") -> Contract:
    """The only place a contract's status changes; the caller holds the contract's lock."""
    move(
        obj=contract,
        to=to,
        by=by,
        reason=reason,
        allowed=CONTRACT_TRANSITIONS,
        history=ContractEvent,
    )
    return contract


def locked_contract(contract_id: int) -> Contract:
    """Every service that changes a contract or its milestones locks the contract first."""
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("provider", "buyer", "job")
        .get(pk=contract_id)
    )


def new_reference() -> str:
    while True:
        reference = "FB-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Funding.objects.filter(reference=reference).exists():
            return reference


def milestone_add(*, contract: Contract, title: str, amount, due_date, by) -> Milestone:
    """A milestone of the contract, with its premium and its transfer instructions."""
    position = contract.milestones.count() + 1
    milestone = Milestone(
        contract=contract,
        position=position,
        title=title[:160],
        amount=amount,
        premium=books.premium_for(amount, contract.premium_percent),
        due_date=due_date,
    )
    validated(milestone)
    milestone.save()
    MilestoneEvent.objects.create(
        milestone=milestone, from_status="", to_status=milestone.status, **actor_fields(by)
    )
    Funding.objects.create(
        milestone=milestone,
        reference=new_reference(),
        amount_due=milestone.total,
        currency=contract.currency,
    )
    return milestone


def _parts_of(bid) -> list[tuple[str, object, object]]:
    parts = [(m.title, m.amount, m.due_date) for m in bid.milestones.all()]
    if parts:
        return parts
    due = timezone.localdate() + timedelta(days=bid.delivery_days)
    return [(_("The whole work"), bid.price, due)]


def _weekly_hour_limit(bid) -> int:
    """The bid's own limit; bids placed before bids carried one get the default."""
    return bid.weekly_hour_limit or settings.CONTRACTS_DEFAULT_WEEKLY_HOUR_LIMIT


@transaction.atomic
def contract_create_from_award(*, job, by) -> Contract:
    """The contract of an accepted award: the bid's price, currency and milestones (one for
    the whole price when the bid has none), and the premium the buyer added. Made once."""
    existing = Contract.objects.filter(job=job).first()
    if existing is not None:
        return existing
    bid = job.awarded_bid
    hourly = job.budget_type == ContractKind.HOURLY
    contract = Contract(
        job=job,
        bid=bid,
        buyer=job.buyer,
        provider=bid.organization,
        kind=ContractKind.HOURLY if hourly else ContractKind.FIXED,
        currency=bid.currency,
        price=bid.price,
        premium_percent=job.award_premium_percent,
        weekly_hour_limit=_weekly_hour_limit(bid) if hourly else None,
        platform_fee_percent=settings.CONTRACTS_PLATFORM_FEE_PERCENT,
    )
    validated(contract)
    contract.save()
    ContractEvent.objects.create(
        contract=contract, from_status="", to_status=contract.status, **actor_fields(by)
    )
    if not hourly:
        for title, amount, due_date in _parts_of(bid):
            milestone_add(contract=contract, title=title, amount=amount, due_date=due_date, by=by)
    notify(
        recipients=[job.buyer],
        kind=NotificationKind.CONTRACT_STARTED,
        message=interpolated(
            gettext_lazy(
                "Your contract with %(org)s for “%(job)s” has started. Fund the first milestone "
                "so the work can begin: the transfer instructions are on the contract."
            ),
            {"org": bid.organization, "job": job},
        ),
        url=contract.get_absolute_url(),
    )
    notify(
        recipients=account_selectors.members_of(bid.organization_id),
        kind=NotificationKind.CONTRACT_STARTED,
        message=interpolated(
            gettext_lazy(
                "Your contract for “%(job)s” has started. Start work on a milestone only once "
                "it is funded: Fairbid then holds the buyer's money for you."
            ),
            {"job": job},
        ),
        url=contract.get_absolute_url(),
    )
    return contract


def contract_complete_if_settled(*, contract: Contract, by) -> None:
    """A fixed-price contract whose milestones are all settled is completed."""
    if contract.kind != ContractKind.FIXED or contract.status != ContractStatus.ACTIVE:
        return
    if contract.milestones.exclude(status__in=sorted(FINISHED_STATUSES)).exists():
        return
    reason = _("Every milestone of the contract is settled.")
    contract_transition(contract=contract, to=ContractStatus.COMPLETED, by=by, reason=reason)
    job_services.job_close_under_contract(job=contract.job, by=by, completed=True, reason=reason)


def held_milestones(contract: Contract) -> list[Milestone]:
    return list(
        contract.milestones.select_for_update()
        .filter(status__in=sorted(HELD_STATUSES))
        .order_by("pk")
    )


def require_party(contract: Contract, user) -> str:
    """'buyer' or 'provider': the side the user acts for, or a refusal."""
    if contract.buyer_id == user.pk:
        return "buyer"
    if account_selectors.is_member(user=user, organization_id=contract.provider_id):
        return "provider"
    raise ApplicationError(
        _("Only the buyer and the provider of this contract can do this."),
        code="permission_denied",
    )


def require_buyer(contract: Contract, user) -> None:
    if contract.buyer_id != user.pk:
        raise ApplicationError(
            _("Only the buyer of this contract can do this."), code="permission_denied"
        )


def require_provider(contract: Contract, user) -> None:
    if not account_selectors.is_member(user=user, organization_id=contract.provider_id):
        raise ApplicationError(
            _("Only the provider of this contract can do this."), code="permission_denied"
        )


def require_active(contract: Contract) -> None:
    if contract.status != ContractStatus.ACTIVE:
        raise ApplicationError(
            _("This contract is %(status)s.") % {"status": contract.get_status_display().lower()},
            code="invalid_transition",
        )
