"""The allowed moves of a job and of a bid. Pure: no database, trivially testable."""

from marketplace.models import BidStatus, JobStatus

JOB_TRANSITIONS = {
    JobStatus.DRAFT: {JobStatus.OPEN},
    JobStatus.OPEN: {JobStatus.AWARDED, JobStatus.CANCELLED},
    # Back to open when the awarded provider declines the award.
    JobStatus.AWARDED: {JobStatus.IN_PROGRESS, JobStatus.OPEN, JobStatus.CANCELLED},
    # Completed, or cancelled, straight from the work when its contract settles every
    # milestone, or both sides agree to end it early.
    JobStatus.IN_PROGRESS: {JobStatus.DELIVERED, JobStatus.COMPLETED, JobStatus.CANCELLED},
    # Back to in progress when the buyer asks for a revision.
    JobStatus.DELIVERED: {JobStatus.COMPLETED, JobStatus.IN_PROGRESS, JobStatus.CANCELLED},
    JobStatus.COMPLETED: set(),
    JobStatus.CANCELLED: set(),
}

# While a job is in one of these states its buyer may change the brief (its files, invitations).
BRIEF_EDITABLE = frozenset({JobStatus.DRAFT, JobStatus.OPEN})

BID_TRANSITIONS = {
    BidStatus.ACTIVE: {
        BidStatus.WITHDRAWN,
        BidStatus.DECLINED,
        BidStatus.AWARDED,
        BidStatus.NOT_SELECTED,
    },
    BidStatus.NOT_SELECTED: set(),
    # Not selected after all when the buyer cancels the awarded job.
    BidStatus.AWARDED: {BidStatus.AWARD_DECLINED, BidStatus.NOT_SELECTED},
    BidStatus.WITHDRAWN: set(),
    BidStatus.DECLINED: set(),
    BidStatus.AWARD_DECLINED: set(),
}
