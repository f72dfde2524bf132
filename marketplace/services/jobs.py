from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from accounts.models import Organization, OrganizationKind, User
from certification.selectors import labels as label_selectors
from core import formats
from core.exceptions import ApplicationError, validated
from core.transitions import move
from marketplace import selectors
from marketplace.models import (
    Bid,
    BidStatus,
    Delivery,
    InvitationStatus,
    Job,
    JobEvent,
    JobInvitation,
    JobStatus,
    NotificationKind,
)
from marketplace.services import stats
from marketplace.services.bids import bid_transition, locked_bid
from marketplace.services.common import (
    job_refresh_search_document,
    provider_membership,
    require_awarded_provider,
    require_job_buyer,
)
from marketplace.services.files import delivery_files_attach
from marketplace.signals import award_accepted
from marketplace.transitions import BRIEF_EDITABLE, JOB_TRANSITIONS
from notifications.services import notify

JOB_FIELDS = (
    "title",
    "description",
    "category",
    "skills",
    "budget_type",
    "budget_min",
    "budget_max",
    "currency",
    "bid_deadline",
    "delivery_date",
    "prefer_certified",
    "visibility",
)


def _normalize_skills(skills: str) -> str:
    seen = {}
    for skill in skills.split(","):
        skill = " ".join(skill.split())
        if skill and skill.lower() not in seen:
            seen[skill.lower()] = skill
    return ", ".join(seen.values())


def _apply_fields(job: Job, fields: dict) -> None:
    unknown = set(fields) - set(JOB_FIELDS)
    if unknown:
        raise TypeError(f"Unknown job fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(job, name, value)
    job.skills = _normalize_skills(job.skills or "")
    if job.budget_type == "fixed" and job.budget_min is not None:
        job.budget_max = job.budget_min


def _check_dates(job: Job, *, now: datetime) -> None:
    errors = {}
    if job.bid_deadline <= now:
        errors["bid_deadline"] = "The bid deadline must be in the future."
    elif job.delivery_date < job.bid_deadline.date():
        errors["delivery_date"] = "Delivery cannot be expected before the bid deadline."
    if errors:
        raise ApplicationError(_("Please correct the dates."), fields=errors)


def job_transition(*, job: Job, to: str, by: User | str, reason: str = "") -> Job:
    """The only place a job's status changes; the caller holds the job's row lock."""
    move(obj=job, to=to, by=by, reason=reason, allowed=JOB_TRANSITIONS, history=JobEvent)
    if to == JobStatus.COMPLETED:
        stats.provider_job_completed(job=job)
    return job


def _locked(job: Job) -> Job:
    return Job.objects.select_for_update().get(pk=job.pk)


def _require_buyer_role(user: User) -> None:
    if not selectors.may_post_jobs(user):
        raise ApplicationError(
            _("Only buyers post jobs. Sign up as a buyer to hire providers."),
            code="permission_denied",
        )


@transaction.atomic
def job_create(*, buyer: User, publish: bool = False, **fields) -> Job:
    """Save a new job as a draft, or publish it at once."""
    _require_buyer_role(buyer)
    job = Job(buyer=buyer)
    _apply_fields(job, fields)
    validated(job)
    job.save()
    job_refresh_search_document(job)
    if publish:
        job_publish(job=job, by=buyer)
    return job


@transaction.atomic
def job_update(*, job: Job, by: User, **fields) -> Job:
    """Edit a draft or open job. Bidders keep seeing a job that becomes invite-only."""
    require_job_buyer(job, by)
    job = _locked(job)
    if job.status not in BRIEF_EDITABLE:
        raise ApplicationError(
            _("A job that is {status} can no longer be edited.").format(
                status=job.get_status_display().lower()
            )
        )
    if (
        "currency" in fields
        and fields["currency"] != job.currency
        and job.bids.exclude(status=BidStatus.WITHDRAWN).exists()
    ):
        raise ApplicationError(
            _("The currency cannot change once providers have bid."),
            fields={"currency": "Bids were already placed in " + job.currency + "."},
        )
    _apply_fields(job, fields)
    validated(job)
    if job.status == JobStatus.OPEN:
        _check_dates(job, now=timezone.now())
    job.save()
    job_refresh_search_document(job)
    return job


@transaction.atomic
def job_publish(*, job: Job, by: User) -> Job:
    require_job_buyer(job, by)
    job = _locked(job)
    if job.status != JobStatus.DRAFT:
        raise ApplicationError(
            _("This job is {status}; only a draft can be published.").format(
                status=job.get_status_display().lower()
            ),
            code="invalid_transition",
        )
    _check_dates(job, now=timezone.now())
    job.published_at = timezone.now()
    job.save(update_fields=["published_at"])
    return job_transition(job=job, to=JobStatus.OPEN, by=by)


@transaction.atomic
def job_cancel(*, job: Job, by: User, reason: str) -> Job:
    """The buyer cancels a job that is not under way, or staff cancel any job that is not
    finished; every live bidder is told why."""
    if not by.has_perm("marketplace.change_job"):
        require_job_buyer(job, by)
    if not reason.strip():
        raise ApplicationError(
            _("Say why the job is cancelled."), fields={"reason": _("Required.")}
        )
    job = _locked(job)
    job_transition(job=job, to=JobStatus.CANCELLED, by=by, reason=reason)
    bids = list(
        job.bids.select_for_update()
        .filter(status__in=[BidStatus.ACTIVE, BidStatus.AWARDED])
        .order_by("pk")
    )
    for bid in bids:
        bid_transition(bid=bid, to=BidStatus.NOT_SELECTED, by=by, reason="The job was cancelled.")
    notify(
        recipients=account_selectors.members_of(*(bid.organization_id for bid in bids)),
        kind=NotificationKind.JOB_CANCELLED,
        message=format_lazy(
            gettext_lazy("“{job}” was cancelled by the buyer: {reason}"), job=job, reason=reason
        ),
        subject=format_lazy(gettext_lazy("Job cancelled: “{job}”"), job=job),
        action=gettext_lazy("See the job"),
        url=job.get_absolute_url(),
    )
    return job


MAX_PREMIUM_PERCENT = Decimal("20")


def _check_premium(premium_percent: Decimal, bid: Bid) -> None:
    if premium_percent == 0:
        return
    if not Decimal("0") <= premium_percent <= MAX_PREMIUM_PERCENT:
        raise ApplicationError(
            "The fair-trade premium is from 0% to 20% of the price.",
            fields={"premium_percent": "Choose from 0 to 20."},
        )
    if not label_selectors.holds_label_in_force(bid.organization_id):
        raise ApplicationError(
            f"{bid.organization} does not carry the Fairbid label now, so no fair-trade "
            "premium can be added.",
            fields={"premium_percent": "Only for certified providers."},
        )


@transaction.atomic
def job_award(
    *,
    job: Job,
    bid_id: int,
    bid_version: int,
    by: User,
    premium_percent: Decimal = Decimal("0"),
) -> Job:
    """Award one bid, as the buyer saw it (bid_version: refused if the provider changed the
    bid since), with the fair-trade premium the buyer adds for a certified provider. The
    job's row and then the bid's are locked, so of two concurrent awards, or an award racing
    a withdrawal or a decline, exactly one wins."""
    require_job_buyer(job, by)
    job = _locked(job)
    if job.status != JobStatus.OPEN:
        raise ApplicationError(
            _("This job is {status}; only an open job can be awarded.").format(
                status=job.get_status_display().lower()
            )
        )
    try:
        bid = locked_bid(bid_id, job=job)
    except Bid.DoesNotExist:
        bid = None
    if bid is None or bid.status != BidStatus.ACTIVE:
        raise ApplicationError(_("Only an active bid on this job can be awarded."))
    if bid.version != bid_version:
        raise ApplicationError(
            _(
                "{organization} changed this bid after you opened the "
                "comparison; it now asks {price}. Review it again before awarding."
            ).format(organization=bid.organization, price=formats.money(bid.price, bid.currency)),
            code="invalid_transition",
        )
    _check_premium(premium_percent, bid)
    bid_transition(bid=bid, to=BidStatus.AWARDED, by=by)
    job_transition(job=job, to=JobStatus.AWARDED, by=by, reason=f"Awarded to {bid.organization}.")
    job.awarded_bid = bid
    job.award_premium_percent = premium_percent
    job.save(update_fields=["awarded_bid", "award_premium_percent"])
    # The other bids stay as they are until the award is accepted: the provider may still
    # decline it, and nobody is told "not selected" for a job that may open again.
    notify(
        recipients=account_selectors.members_of(bid.organization_id),
        kind=NotificationKind.BID_AWARDED,
        message=format_lazy(
            gettext_lazy("Your bid on “{job}” was awarded. Accept or decline the award."), job=job
        ),
        subject=format_lazy(gettext_lazy("Your bid on “{job}” was awarded"), job=job),
        action=gettext_lazy("Accept or decline the award"),
        url=job.get_absolute_url(),
    )
    return job


def _locked_with_award(job: Job) -> Job:
    return (
        Job.objects.select_for_update(of=("self",))
        .select_related("awarded_bid__organization")
        .get(pk=job.pk)
    )


@transaction.atomic
def award_accept(*, job: Job, by: User) -> Job:
    job = _locked_with_award(job)
    require_awarded_provider(job, by)
    job_transition(job=job, to=JobStatus.IN_PROGRESS, by=by, reason="Award accepted.")
    others = list(job.bids.select_for_update().filter(status=BidStatus.ACTIVE).order_by("pk"))
    for other in others:
        bid_transition(
            bid=other, to=BidStatus.NOT_SELECTED, by=by, reason="Another bid was awarded."
        )
    notify(
        recipients=[job.buyer],
        kind=NotificationKind.AWARD_ACCEPTED,
        message=format_lazy(
            gettext_lazy("{organization} accepted “{job}”. The work has started."),
            organization=job.awarded_bid.organization,
            job=job,
        ),
        subject=format_lazy(
            gettext_lazy("{organization} accepted the award for “{job}”"),
            organization=job.awarded_bid.organization,
            job=job,
        ),
        action=gettext_lazy("See the job"),
        url=job.get_absolute_url(),
    )
    notify(
        recipients=account_selectors.members_of(*(other.organization_id for other in others)),
        kind=NotificationKind.BID_NOT_SELECTED,
        message=format_lazy(gettext_lazy("“{job}” was awarded to another provider."), job=job),
        subject=format_lazy(gettext_lazy("“{job}” was awarded to another provider"), job=job),
        action=gettext_lazy("See the job"),
        url=job.get_absolute_url(),
    )
    award_accepted.send(sender=Job, job=job, by=by)
    return job


@transaction.atomic
def award_decline(*, job: Job, by: User, reason: str) -> Job:
    """The awarded provider says no: the job is open again for the other bids."""
    job = _locked_with_award(job)
    require_awarded_provider(job, by)
    if job.status != JobStatus.AWARDED:
        raise ApplicationError(_("Only an award that is not yet accepted can be declined."))
    if not reason.strip():
        raise ApplicationError(
            _("Say why you decline the award."), fields={"reason": _("Required.")}
        )
    declined = locked_bid(job.awarded_bid_id, job=job)
    bid_transition(bid=declined, to=BidStatus.AWARD_DECLINED, by=by, reason=reason)
    job_transition(job=job, to=JobStatus.OPEN, by=by, reason=reason)
    job.awarded_bid = None
    job.award_premium_percent = Decimal("0")
    job.save(update_fields=["awarded_bid", "award_premium_percent"])
    notify(
        recipients=[job.buyer],
        kind=NotificationKind.AWARD_DECLINED,
        message=format_lazy(
            gettext_lazy("{organization} declined “{job}”: {reason}. The job is open again."),
            organization=declined.organization,
            job=job,
            reason=reason,
        ),
        subject=format_lazy(
            gettext_lazy("{organization} declined the award for “{job}”"),
            organization=declined.organization,
            job=job,
        ),
        action=gettext_lazy("See the other bids"),
        url=job.get_absolute_url(),
    )
    return job


@transaction.atomic
def job_close_under_contract(*, job: Job, by: User | str, completed: bool, reason: str) -> Job:
    """The job's contract is settled (completed) or ended early by both sides (cancelled):
    the job follows, unless it is already finished."""
    job = _locked(job)
    if job.status in (JobStatus.COMPLETED, JobStatus.CANCELLED):
        return job
    to = JobStatus.COMPLETED if completed else JobStatus.CANCELLED
    return job_transition(job=job, to=to, by=by, reason=reason)


@transaction.atomic
def job_deliver(*, job: Job, by: User, message: str, uploads=()) -> Delivery:
    job = _locked_with_award(job)
    require_awarded_provider(job, by)
    if not message.strip():
        raise ApplicationError(_("Describe what you deliver."), fields={"message": _("Required.")})
    job_transition(job=job, to=JobStatus.DELIVERED, by=by)
    delivery = Delivery.objects.create(job=job, delivered_by=by, message=message)
    delivery_files_attach(delivery=delivery, by=by, uploads=uploads)
    notify(
        recipients=[job.buyer],
        kind=NotificationKind.DELIVERED,
        message=format_lazy(
            gettext_lazy("The work on “{job}” was delivered. Accept it or request a revision."),
            job=job,
        ),
        subject=format_lazy(gettext_lazy("The work on “{job}” was delivered"), job=job),
        action=gettext_lazy("Review the delivery"),
        url=job.get_absolute_url(),
    )
    return delivery


@transaction.atomic
def delivery_accept(*, job: Job, by: User) -> Job:
    require_job_buyer(job, by)
    job = _locked_with_award(job)
    job_transition(job=job, to=JobStatus.COMPLETED, by=by, reason="Delivery accepted.")
    notify(
        recipients=account_selectors.members_of(job.awarded_bid.organization_id),
        kind=NotificationKind.COMPLETED,
        message=format_lazy(
            gettext_lazy("The buyer accepted your delivery of “{job}”. The job is completed."),
            job=job,
        ),
        subject=format_lazy(gettext_lazy("Your delivery of “{job}” was accepted"), job=job),
        action=gettext_lazy("See the job and review the buyer"),
        url=job.get_absolute_url(),
    )
    return job


@transaction.atomic
def revision_request(*, job: Job, by: User, reason: str) -> Job:
    require_job_buyer(job, by)
    if not reason.strip():
        raise ApplicationError(_("Say what needs revising."), fields={"reason": _("Required.")})
    job = _locked_with_award(job)
    job_transition(job=job, to=JobStatus.IN_PROGRESS, by=by, reason=reason)
    latest_delivery = job.deliveries.first()
    latest_delivery.revision_reason = reason
    latest_delivery.save(update_fields=["revision_reason"])
    notify(
        recipients=account_selectors.members_of(job.awarded_bid.organization_id),
        kind=NotificationKind.REVISION_REQUESTED,
        message=format_lazy(
            gettext_lazy("The buyer asked for a revision of “{job}”: {reason}"),
            job=job,
            reason=reason,
        ),
        subject=format_lazy(gettext_lazy("Revision requested for “{job}”"), job=job),
        action=gettext_lazy("See what to revise"),
        url=job.get_absolute_url(),
    )
    return job


@transaction.atomic
def job_invite(*, job: Job, by: User, organization: Organization) -> JobInvitation:
    require_job_buyer(job, by)
    job = _locked(job)
    if job.status not in BRIEF_EDITABLE:
        raise ApplicationError(_("Providers can be invited only to a draft or open job."))
    if organization.kind != OrganizationKind.PROVIDER:
        raise ApplicationError(_("Only provider organizations can be invited to bid."))
    if account_selectors.is_member(user=by, organization_id=organization.pk):
        raise ApplicationError(_("You cannot invite your own organization."))
    invitation, created = JobInvitation.objects.get_or_create(job=job, organization=organization)
    if not created:
        raise ApplicationError(
            _("{organization} is already invited to this job.").format(organization=organization)
        )
    notify(
        recipients=account_selectors.members_of(organization.pk),
        kind=NotificationKind.JOB_INVITATION,
        message=format_lazy(gettext_lazy("You are invited to bid on “{job}”."), job=job),
        subject=format_lazy(gettext_lazy("Invitation to bid on “{job}”"), job=job),
        action=gettext_lazy("See the job and bid"),
        url=job.get_absolute_url(),
    )
    return invitation


@transaction.atomic
def job_invitation_decline(*, invitation: JobInvitation, by: User, reason: str) -> JobInvitation:
    membership = provider_membership(by)
    if membership.organization_id != invitation.organization_id:
        raise ApplicationError(
            _("This invitation is for another organization."), code="permission_denied"
        )
    if not reason.strip():
        raise ApplicationError(_("Say why you decline."), fields={"reason": _("Required.")})
    invitation = (
        JobInvitation.objects.select_for_update().select_related("job").get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.PENDING:
        raise ApplicationError(_("This invitation was already answered."))
    invitation.status = InvitationStatus.DECLINED
    invitation.decline_reason = reason
    invitation.save(update_fields=["status", "decline_reason", "updated_at"])
    notify(
        recipients=[invitation.job.buyer],
        kind=NotificationKind.INVITATION_DECLINED,
        message=format_lazy(
            gettext_lazy("{organization} declined to bid on “{job}”: {reason}"),
            organization=membership.organization,
            job=invitation.job,
            reason=reason,
        ),
        subject=format_lazy(
            gettext_lazy("{organization} declined your invitation to bid on “{job}”"),
            organization=membership.organization,
            job=invitation.job,
        ),
        action=gettext_lazy("See the job"),
        url=invitation.job.get_absolute_url(),
    )
    return invitation
