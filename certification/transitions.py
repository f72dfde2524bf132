"""The label's state machine: which status may follow which, and what the nightly check wants.

Pure rules; certification.services.label_transition is the only place that applies them.
"""

from datetime import date

from certification.models import LabelStatus

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


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED[from_status]


def status_by_date(*, valid_until: date, today: date, warning_days: int) -> str:
    """Active, expiring (within warning_days of its last day) or expired (past it)."""
    if today > valid_until:
        return S.EXPIRED
    if (valid_until - today).days <= warning_days:
        return S.EXPIRING
    return S.ACTIVE
