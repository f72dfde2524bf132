"""The label's state machine: which status may follow which, and what the nightly check wants.

Pure rules; certification.services.labels.label_transition is the only place that applies them.
"""

from datetime import date

from certification.models import (
    CURRENT_STATUSES,
    AppealStatus,
    ApplicationStatus,
    ConcernStatus,
    LabelStatus,
)

S = LabelStatus

# Every allowed move of a label's status. Beyond the plain life of a label:
# - active → expired: a label the nightly check finds already past its end (the check did not
#   run for a while) ends at once instead of passing through "expiring" on the same night;
# - suspended → expired: a suspension does not outlive the label's validity;
# - suspended → expiring: lifted within the warning window before the end;
# - expiring → active: the end moved away again (a renewal extending the label).
ALLOWED: dict[str, frozenset[str]] = {
    S.ACTIVE: frozenset({S.EXPIRING, S.EXPIRED, S.SUSPENDED, S.REVOKED, S.TRANSITION}),
    S.EXPIRING: frozenset({S.ACTIVE, S.EXPIRED, S.SUSPENDED, S.REVOKED, S.TRANSITION}),
    # The country graduated; eligible again, the label returns to its dates.
    S.TRANSITION: frozenset({S.ACTIVE, S.EXPIRING, S.EXPIRED, S.SUSPENDED, S.REVOKED}),
    S.SUSPENDED: frozenset({S.ACTIVE, S.EXPIRING, S.EXPIRED, S.REVOKED, S.TRANSITION}),
    S.EXPIRED: frozenset({S.REVOKED}),
    S.REVOKED: frozenset(),
}


def effective_status(
    *, status: str, valid_until: date, today: date, transition_until: date | None = None
) -> str:
    """What a label is today, whatever the nightly check has recorded so far: a current label
    past its last day (for a label in transition, the end of its grace period) has expired,
    the day after that last day."""
    last_day = transition_until if status == S.TRANSITION and transition_until else valid_until
    if status in CURRENT_STATUSES and today > last_day:
        return S.EXPIRED
    return status


def status_by_date(*, valid_until: date, today: date, warning_days: int) -> str:
    """Active, expiring (within warning_days of its last day) or expired (past it)."""
    if today > valid_until:
        return S.EXPIRED
    if (valid_until - today).days <= warning_days:
        return S.EXPIRING
    return S.ACTIVE


def recompute_target(
    *,
    status: str,
    valid_until: date,
    today: date,
    criteria_hold: bool | None,
    auto_suspended: bool,
    warning_days: int,
    graduated: bool = False,
    transition_until: date | None = None,
) -> str:
    """The status the nightly check wants for a label.

    criteria_hold is None when it cannot be judged (no country data loaded): then only the
    dates count. graduated: the only criterion failing is the World Bank's classification of
    the country, which left eligibility; the label goes into transition, not suspension. A
    suspension is lifted only when the nightly check itself imposed it.
    """
    if status not in CURRENT_STATUSES:
        return status
    if status == S.TRANSITION:
        if today > (transition_until or valid_until):
            return S.EXPIRED
        if graduated or criteria_hold is None:
            return S.TRANSITION
        if criteria_hold is False:
            return S.SUSPENDED
        return status_by_date(valid_until=valid_until, today=today, warning_days=warning_days)
    by_date = status_by_date(valid_until=valid_until, today=today, warning_days=warning_days)
    if by_date == S.EXPIRED:
        return S.EXPIRED
    if status == S.SUSPENDED:
        if not (auto_suspended and (criteria_hold is True or graduated)):
            return S.SUSPENDED
        return S.TRANSITION if graduated else by_date
    if graduated:
        return S.TRANSITION
    if criteria_hold is False:
        return S.SUSPENDED
    return by_date


# --- Applications ---------------------------------------------------------------------------

A = ApplicationStatus

APPLICATION_ALLOWED: dict[str, frozenset[str]] = {
    A.DRAFT: frozenset({A.SUBMITTED}),
    A.SUBMITTED: frozenset({A.IN_REVIEW}),
    A.IN_REVIEW: frozenset({A.CHANGES_REQUESTED, A.APPROVED, A.REJECTED}),
    A.CHANGES_REQUESTED: frozenset({A.SUBMITTED}),
    A.APPROVED: frozenset(),
    A.REJECTED: frozenset(),
}


# --- Concerns -----------------------------------------------------------------------------

# A concern is decided once: upheld or dismissed.
CONCERN_ALLOWED: dict[str, frozenset[str]] = {
    ConcernStatus.OPEN: frozenset({ConcernStatus.UPHELD, ConcernStatus.DISMISSED}),
    ConcernStatus.UPHELD: frozenset(),
    ConcernStatus.DISMISSED: frozenset(),
}


# --- Appeals ------------------------------------------------------------------------------

# An appeal is decided once: the decision appealed is upheld or overturned.
APPEAL_ALLOWED: dict[str, frozenset[str]] = {
    AppealStatus.OPEN: frozenset({AppealStatus.UPHELD, AppealStatus.OVERTURNED}),
    AppealStatus.UPHELD: frozenset(),
    AppealStatus.OVERTURNED: frozenset(),
}

# What an overturned appeal undoes, beyond the ordinary tables above, where a revocation and
# a rejection are final: nothing else moves a label or an application back.
# - a revoked label returns to the status it had before (by its dates, if they passed);
LABEL_RESTORED_ON_APPEAL: dict[str, frozenset[str]] = {
    **{status: frozenset() for status in LabelStatus},
    S.REVOKED: frozenset({S.ACTIVE, S.EXPIRING, S.TRANSITION, S.SUSPENDED, S.EXPIRED}),
}
# - a rejected application is reviewed again.
APPLICATION_REOPENED_ON_APPEAL: dict[str, frozenset[str]] = {
    **{status: frozenset() for status in ApplicationStatus},
    A.REJECTED: frozenset({A.IN_REVIEW}),
}


def restored_status(
    *, before: str, valid_until: date, transition_until: date | None, today: date, warning_days: int
) -> str:
    """What a revoked label becomes when the revocation is overturned: the status it had
    before, or what its dates make of that status today."""
    if before == S.TRANSITION and transition_until and today <= transition_until:
        return S.TRANSITION
    if before in (S.SUSPENDED, S.EXPIRED):
        return S.EXPIRED if today > valid_until else before
    return status_by_date(valid_until=valid_until, today=today, warning_days=warning_days)
