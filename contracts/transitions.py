"""The allowed moves of a contract and of a milestone. Pure: no database."""

from contracts.models import ContractStatus, MilestoneStatus, TimesheetStatus

CONTRACT_TRANSITIONS = {
    ContractStatus.ACTIVE: {ContractStatus.COMPLETED, ContractStatus.ENDED},
    ContractStatus.COMPLETED: set(),
    ContractStatus.ENDED: set(),
}

M = MilestoneStatus
MILESTONE_TRANSITIONS = {
    # Cancelled: the contract ended before anything was paid for this milestone.
    M.PENDING: {M.FUNDED, M.CANCELLED},
    # Refunded from every state that holds money and was not yet approved: both sides agreed
    # to end the contract early.
    # Approved once funded: an hourly week whose hours the buyer already approved.
    M.FUNDED: {M.SUBMITTED, M.APPROVED, M.DISPUTED, M.REFUNDED},
    M.SUBMITTED: {M.CHANGES_REQUESTED, M.APPROVED, M.DISPUTED, M.REFUNDED},
    M.CHANGES_REQUESTED: {M.SUBMITTED, M.DISPUTED, M.REFUNDED},
    # Approval releases the money in the same transaction.
    M.APPROVED: {M.RELEASED},
    # A mediator decides: all to the provider, all back to the buyer, or a split.
    M.DISPUTED: {M.RELEASED, M.REFUNDED, M.SPLIT},
    M.RELEASED: set(),
    M.REFUNDED: set(),
    M.SPLIT: set(),
    M.CANCELLED: set(),
}

T = TimesheetStatus
TIMESHEET_TRANSITIONS = {
    T.SUBMITTED: {T.APPROVED, T.DISPUTED},
    # Back to submitted when the provider corrects the hours; approved (for all or part of
    # them) or refused when a mediator decides.
    T.DISPUTED: {T.SUBMITTED, T.APPROVED, T.REFUSED},
    T.APPROVED: set(),
    T.REFUSED: set(),
}
