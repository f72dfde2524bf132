from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, User
from core.exceptions import ApplicationError, validated
from marketplace.models import (
    Bid,
    BidMilestone,
    BidStatus,
    InvitationStatus,
    Job,
    JobStatus,
    NotificationKind,
    Visibility,
)
from marketplace.services.common import (
    organization_users,
    provider_membership,
    require_job_buyer,
)
from marketplace.transitions import bid_can_move
from notifications.services import notify

BID_FIELDS = ("price", "delivery_days", "proposal")


def bid_transition(*, bid: Bid, to: str, reason: str = "") -> Bid:
    """The only place a bid's status changes."""
    if not bid_can_move(bid.status, to):
        raise ApplicationError(
            f"A bid that is {bid.get_status_display().lower()} cannot become "
            f"{BidStatus(to).label.lower()}.",
            code="invalid_transition",
        )
    bid.status = to
    if to == BidStatus.DECLINED:
        bid.decline_reason = reason
    bid.save(update_fields=["status", "decline_reason", "updated_at"])
    return bid


def _require_open_for_bids(job: Job) -> None:
    if job.status != JobStatus.OPEN:
        raise ApplicationError(
            f"This job is {job.get_status_display().lower()} and no longer takes bids."
        )
    if job.bid_deadline <= timezone.now():
        raise ApplicationError(
            f"The bid deadline passed on {job.bid_deadline:%d %b %Y at %H:%M} UTC; "
            "bids are no longer accepted."
        )


def _check_milestones(milestones: list[dict], price: Decimal, currency: str) -> None:
    if not milestones:
        return
    total = sum((m["amount"] for m in milestones), Decimal("0"))
    if total != price:
        raise ApplicationError(
            f"The milestones add up to {total:,.2f} {currency}, "
            f"not to the bid's price of {price:,.2f} {currency}.",
            fields={"milestones": "Milestone amounts must add up to the price."},
        )


def _save_milestones(bid: Bid, milestones: list[dict]) -> None:
    bid.milestones.all().delete()
    rows = [BidMilestone(bid=bid, **m) for m in milestones]
    for row in rows:
        validated(row)
    BidMilestone.objects.bulk_create(rows)


@transaction.atomic
def bid_submit(
    *,
    job: Job,
    by: User,
    price: Decimal,
    delivery_days: int,
    proposal: str,
    milestones: list[dict] | None = None,
) -> Bid:
    """A provider organization's member bids; the buyer is told."""
    membership = provider_membership(by)
    organization = membership.organization
    job = Job.objects.select_for_update().get(pk=job.pk)
    if Membership.objects.filter(user_id=job.buyer_id, organization=organization).exists():
        raise ApplicationError("You cannot bid on a job posted by your own organization.")
    invitation = job.invitations.filter(organization=organization).first()
    if job.visibility == Visibility.INVITE_ONLY and invitation is None:
        raise ApplicationError("This job takes bids from invited providers only.")
    _require_open_for_bids(job)
    if job.bids.filter(organization=organization).exclude(status=BidStatus.WITHDRAWN).exists():
        raise ApplicationError(
            f"{organization} already has a bid on this job; edit it instead of bidding again."
        )
    milestones = milestones or []
    _check_milestones(milestones, price, job.currency)
    bid = Bid(
        job=job,
        organization=organization,
        submitted_by=by,
        price=price,
        currency=job.currency,
        delivery_days=delivery_days,
        proposal=proposal,
    )
    validated(bid)
    try:
        with transaction.atomic():
            bid.save()
    except IntegrityError as error:
        raise ApplicationError(f"{organization} already has a bid on this job.") from error
    _save_milestones(bid, milestones)
    if invitation is not None and invitation.status == InvitationStatus.PENDING:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.save(update_fields=["status", "updated_at"])
    notify(
        recipients=[job.buyer],
        kind=NotificationKind.NEW_BID,
        message=f"{organization} bid {bid.price} {bid.currency} on “{job}”.",
        url=job.get_absolute_url() + "bids/",
    )
    return bid


def _require_bid_member(bid: Bid, user: User) -> None:
    if not Membership.objects.filter(user=user, organization_id=bid.organization_id).exists():
        raise ApplicationError(
            "Only members of the bidding organization can change this bid.",
            code="permission_denied",
        )


@transaction.atomic
def bid_update(*, bid: Bid, by: User, milestones: list[dict] | None = None, **fields) -> Bid:
    _require_bid_member(bid, by)
    bid = Bid.objects.select_for_update(of=("self",)).select_related("job").get(pk=bid.pk)
    if bid.status != BidStatus.ACTIVE:
        raise ApplicationError(
            f"A bid that is {bid.get_status_display().lower()} cannot be edited."
        )
    _require_open_for_bids(bid.job)
    unknown = set(fields) - set(BID_FIELDS)
    if unknown:
        raise TypeError(f"Unknown bid fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(bid, name, value)
    kept = milestones is None  # leave the milestones as they are
    if kept:
        milestones = list(bid.milestones.values("title", "amount", "due_date"))
    _check_milestones(milestones, bid.price, bid.currency)
    validated(bid)
    bid.save()
    if not kept:
        _save_milestones(bid, milestones)
    return bid


@transaction.atomic
def bid_withdraw(*, bid: Bid, by: User) -> Bid:
    _require_bid_member(bid, by)
    bid = Bid.objects.select_for_update(of=("self",)).select_related("job").get(pk=bid.pk)
    if bid.job.status != JobStatus.OPEN:
        raise ApplicationError("A bid can be withdrawn only while the job is open.")
    return bid_transition(bid=bid, to=BidStatus.WITHDRAWN)


@transaction.atomic
def bid_decline(*, bid: Bid, by: User, reason: str) -> Bid:
    """The buyer turns a bid down; the provider sees the reason."""
    require_job_buyer(bid.job, by)
    if not reason.strip():
        raise ApplicationError(
            "Give the provider a reason for declining.", fields={"reason": "Required."}
        )
    bid = Bid.objects.select_for_update(of=("self",)).select_related("job").get(pk=bid.pk)
    bid_transition(bid=bid, to=BidStatus.DECLINED, reason=reason)
    notify(
        recipients=organization_users(bid.organization_id),
        kind=NotificationKind.BID_DECLINED,
        message=f"Your bid on “{bid.job}” was declined: {reason}",
        url=bid.job.get_absolute_url(),
    )
    return bid


@transaction.atomic
def bid_shortlist(*, bid: Bid, by: User, shortlisted: bool) -> Bid:
    require_job_buyer(bid.job, by)
    if bid.status != BidStatus.ACTIVE:
        raise ApplicationError("Only an active bid can be shortlisted.")
    bid.shortlisted = shortlisted
    bid.save(update_fields=["shortlisted", "updated_at"])
    return bid
