from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from accounts.models import User
from core import formats
from core.exceptions import ApplicationError, validated
from core.transitions import move
from marketplace.models import (
    Bid,
    BidEvent,
    BidMilestone,
    BidStatus,
    BudgetType,
    InvitationStatus,
    Job,
    JobStatus,
    NotificationKind,
    Visibility,
)
from marketplace.services import stats
from marketplace.services.common import provider_membership, require_job_buyer
from marketplace.transitions import BID_TRANSITIONS
from notifications.services import notify

BID_FIELDS = ("price", "delivery_days", "proposal", "weekly_hour_limit")


def bid_transition(*, bid: Bid, to: str, by: User | str, reason: str = "") -> Bid:
    """The only place a bid's status changes; the caller holds the job's and the bid's row
    locks (locked_bid)."""
    was_live = bid.status != BidStatus.WITHDRAWN
    move(obj=bid, to=to, by=by, reason=reason, allowed=BID_TRANSITIONS, history=BidEvent)
    if was_live and to == BidStatus.WITHDRAWN:
        stats.live_bids_add(job=bid.job, delta=-1)
    return bid


def locked_bid(bid_id: int, *, job: Job | None = None) -> Bid:
    """The bid's row, locked after its job's row: every service that changes a bid locks the
    job first, then the bid, so two of them never wait on each other in a circle."""
    if job is None:
        job_id = Bid.objects.values_list("job_id", flat=True).get(pk=bid_id)
        job = Job.objects.select_for_update().get(pk=job_id)
    bid = Bid.objects.select_for_update().get(pk=bid_id, job=job)
    bid.job = job
    return bid


def _require_open_for_bids(job: Job) -> None:
    if job.status != JobStatus.OPEN:
        raise ApplicationError(
            _("This job is {status} and no longer takes bids.").format(
                status=job.get_status_display().lower()
            )
        )
    if job.bid_deadline <= timezone.now():
        raise ApplicationError(
            _("The bid deadline passed on {moment}; bids are no longer accepted.").format(
                moment=formats.moment(job.bid_deadline)
            )
        )


def _check_milestones(milestones: list[dict], price: Decimal, currency: str) -> None:
    if not milestones:
        return
    today = timezone.localdate()
    if any(m["due_date"] < today for m in milestones):
        raise ApplicationError(
            _("A milestone cannot be due in the past."),
            fields={"milestones": _("Choose due dates from today on.")},
        )
    total = sum((m["amount"] for m in milestones), Decimal("0"))
    if total != price:
        raise ApplicationError(
            _("The milestones add up to {total}, not to the bid's price of {price}.").format(
                total=formats.money(total, currency), price=formats.money(price, currency)
            ),
            fields={"milestones": _("Milestone amounts must add up to the price.")},
        )


def _check_hour_limit(job: Job, weekly_hour_limit: int | None) -> None:
    """An hourly bid says how many hours a week the firm works at most; a fixed price has no
    such limit."""
    if job.budget_type == BudgetType.HOURLY and weekly_hour_limit is None:
        raise ApplicationError(
            _("Say how many hours a week, at most, your firm will work on this job."),
            fields={"weekly_hour_limit": _("Required on an hourly job.")},
        )
    if job.budget_type == BudgetType.FIXED and weekly_hour_limit is not None:
        raise ApplicationError(
            _("A fixed-price bid has no weekly hour limit."),
            fields={"weekly_hour_limit": _("Only on an hourly job.")},
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
    weekly_hour_limit: int | None = None,
) -> Bid:
    """A provider organization's member bids; the buyer is told."""
    membership = provider_membership(by)
    organization = membership.organization
    job = Job.objects.select_for_update().get(pk=job.pk)
    if account_selectors.is_member(user=job.buyer, organization_id=organization.pk):
        raise ApplicationError(_("You cannot bid on a job posted by your own organization."))
    invitation = job.invitations.filter(organization=organization).first()
    if job.visibility == Visibility.INVITE_ONLY and invitation is None:
        raise ApplicationError(_("This job takes bids from invited providers only."))
    _require_open_for_bids(job)
    if job.bids.filter(organization=organization).exclude(status=BidStatus.WITHDRAWN).exists():
        raise ApplicationError(
            _(
                "{organization} already has a bid on this job; edit it instead of bidding again."
            ).format(organization=organization)
        )
    milestones = milestones or []
    _check_milestones(milestones, price, job.currency)
    _check_hour_limit(job, weekly_hour_limit)
    bid = Bid(
        job=job,
        organization=organization,
        submitted_by=by,
        price=price,
        currency=job.currency,
        delivery_days=delivery_days,
        proposal=proposal,
        weekly_hour_limit=weekly_hour_limit,
    )
    validated(bid)
    try:
        with transaction.atomic():
            bid.save()
    except IntegrityError as error:
        raise ApplicationError(
            _("{organization} already has a bid on this job.").format(organization=organization)
        ) from error
    stats.live_bids_add(job=job, delta=1)
    _save_milestones(bid, milestones)
    if invitation is not None and invitation.status == InvitationStatus.PENDING:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.save(update_fields=["status", "updated_at"])
    notify(
        recipients=[job.buyer],
        kind=NotificationKind.NEW_BID,
        message=format_lazy(
            gettext_lazy("{organization} bid {price} on “{job}”."),
            organization=organization,
            price=formats.money_lazy(bid.price, bid.currency),
            job=job,
        ),
        subject=format_lazy(
            gettext_lazy("New bid on “{job}” from {organization}"),
            job=job,
            organization=organization,
        ),
        action=gettext_lazy("Compare the bids"),
        url=reverse("marketplace:bid_comparison", args=[job.pk]),
    )
    return bid


def _require_bid_member(bid: Bid, user: User) -> None:
    if not account_selectors.is_member(user=user, organization_id=bid.organization_id):
        raise ApplicationError(
            _("Only members of the bidding organization can change this bid."),
            code="permission_denied",
        )


@transaction.atomic
def bid_update(*, bid: Bid, by: User, milestones: list[dict] | None = None, **fields) -> Bid:
    _require_bid_member(bid, by)
    bid = locked_bid(bid.pk)
    if bid.status != BidStatus.ACTIVE:
        raise ApplicationError(
            _("A bid that is {status} cannot be edited.").format(
                status=bid.get_status_display().lower()
            )
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
    _check_hour_limit(bid.job, bid.weekly_hour_limit)
    validated(bid)
    bid.version += 1
    bid.save()
    if not kept:
        _save_milestones(bid, milestones)
    return bid


@transaction.atomic
def bid_withdraw(*, bid: Bid, by: User) -> Bid:
    _require_bid_member(bid, by)
    bid = locked_bid(bid.pk)
    if bid.job.status != JobStatus.OPEN:
        raise ApplicationError(_("A bid can be withdrawn only while the job is open."))
    return bid_transition(bid=bid, to=BidStatus.WITHDRAWN, by=by)


@transaction.atomic
def bid_decline(*, bid: Bid, by: User, reason: str) -> Bid:
    """The buyer turns a bid down; the provider sees the reason."""
    require_job_buyer(bid.job, by)
    if not reason.strip():
        raise ApplicationError(
            _("Give the provider a reason for declining."), fields={"reason": _("Required.")}
        )
    bid = locked_bid(bid.pk)
    bid_transition(bid=bid, to=BidStatus.DECLINED, by=by, reason=reason)
    bid.decline_reason = reason
    bid.save(update_fields=["decline_reason"])
    notify(
        recipients=account_selectors.members_of(bid.organization_id),
        kind=NotificationKind.BID_DECLINED,
        message=format_lazy(
            gettext_lazy("Your bid on “{job}” was declined: {reason}"),
            job=bid.job,
            reason=reason,
        ),
        subject=format_lazy(gettext_lazy("Your bid on “{job}” was declined"), job=bid.job),
        action=gettext_lazy("See the job"),
        url=bid.job.get_absolute_url(),
    )
    return bid


@transaction.atomic
def bid_shortlist(*, bid: Bid, by: User, shortlisted: bool) -> Bid:
    require_job_buyer(bid.job, by)
    if bid.status != BidStatus.ACTIVE:
        raise ApplicationError(_("Only an active bid can be shortlisted."))
    bid.shortlisted = shortlisted
    bid.save(update_fields=["shortlisted", "updated_at"])
    return bid
