"""The label's state machine: which status may follow which, and what the nightly check wants.

Pure rules; certification.services.labels.label_transition is the only place that applies them.
"""

from datetime import date

from certification.models import CURRENT_STATUSES, ApplicationStatus, ConcernStatus, LabelStatus

S = LabelStatus

# Every allowed move of a label's status. Beyond the plain life of a label:
# - active → expired: a label the nightly check finds already past its end (the check did not
#   run for a while) ends at once instead of passing through "expiring" on the same night;
# - suspended → expired: a suspension does not outlive the label's validity;
# - suspended → expiring: lifted within the warning window before the end;
# - expiring → active: the end moved away again (a renewal extending the label).
ALLOWED: dict[str, frozenset[str]] = {
    S.ACTIVE: frozenset({S.EXPIRING, S.EXPIRED, S.SUSPENDED, S.REVOKED}),
    S.EXPIRING: frozenset({S.ACTIVE, S.EXPIRED, S.SUSPENDED, S.REVOKED}),
    S.SUSPENDED: frozenset({S.ACTIVE, S.EXPIRING, S.EXPIRED, S.REVOKED}),
    S.EXPIRED: frozenset({S.REVOKED}),
    S.REVOKED: frozenset(),
}


def effective_status(*, status: str, valid_until: date, today: date) -> str:
    """What a label is today, whatever the nightly check has recorded so far: a current label
    past its last day has expired, the day after that last day."""
    if status in CURRENT_STATUSES and today > valid_until:
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
) -> str:
    """The status the nightly check wants for a label.

    criteria_hold is None when it cannot be judged (no country data loaded): then only the
    dates count. A suspension is lifted only when the nightly check itself imposed it.
    """
    if status not in CURRENT_STATUSES:
        return status
    by_date = status_by_date(valid_until=valid_until, today=today, warning_days=warning_days)
    if by_date == S.EXPIRED:
        return S.EXPIRED
    if status == S.SUSPENDED:
        return by_date if (auto_suspended and criteria_hold is True) else S.SUSPENDED
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
