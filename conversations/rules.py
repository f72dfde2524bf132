"""Pure rules of conversations: plain values in, plain answers out (no database)."""

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from marketplace.models import JobStatus

# A provider may ask about a job that takes bids; the buyer may write to a firm it invited or
# that bid, while the job is open.
STARTS_BEFORE_AWARD = {JobStatus.OPEN}
# Once awarded, only the awarded organization may start a conversation (the contract's).
CONTRACT_STATUSES = {
    JobStatus.AWARDED,
    JobStatus.IN_PROGRESS,
    JobStatus.DELIVERED,
    JobStatus.COMPLETED,
}
# The others' conversations close when the award is accepted: until then the awarded firm may
# decline and the job open again, and the other bidders are not told anything yet.
CLOSING_STATUSES = CONTRACT_STATUSES - {JobStatus.AWARDED}


def closed_reason(
    *, job_status: str, awarded_organization_id: int | None, organization_id: int
) -> str:
    """Why a conversation is read-only now, or "" while people may write in it."""
    if job_status == JobStatus.CANCELLED:
        return _("The buyer cancelled this job, so this conversation is closed.")
    if job_status in CLOSING_STATUSES and awarded_organization_id != organization_id:
        return _("The job was awarded to another provider, so this conversation is closed.")
    return ""


def may_start(
    *,
    job_status: str,
    awarded_organization_id: int | None,
    organization_id: int,
    by_buyer: bool,
    invited_or_bid: bool,
) -> str:
    """Why a conversation of this job with this organization cannot be started, or ""."""
    if job_status in CONTRACT_STATUSES:
        if awarded_organization_id == organization_id:
            return ""
        return _("This job is no longer open, so no new conversation can start about it.")
    if job_status not in STARTS_BEFORE_AWARD:
        return _("Conversations start only about a job that is open for bids.")
    if by_buyer and not invited_or_bid:
        return _("You can write to providers you invited or that bid on this job.")
    return ""


def still_changeable(*, sent_at: datetime, now: datetime, window: timedelta) -> bool:
    """Whether a message sent at sent_at may still be edited or withdrawn."""
    return now - sent_at <= window
