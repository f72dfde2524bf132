"""What Fairbid tells a label's owners, as plain text from plain values. No ORM here."""

from datetime import date

from certification.models import LabelStatus

LABEL_STATUS_WORDS = {
    LabelStatus.ACTIVE: "active",
    LabelStatus.EXPIRING: "expiring soon",
    LabelStatus.EXPIRED: "expired",
    LabelStatus.SUSPENDED: "suspended",
    LabelStatus.REVOKED: "revoked",
}


def day_text(value: date) -> str:
    """A day as the label's texts write it: 5 March 2026."""
    return f"{value.day} {value:%B %Y}"


def _what_restores(*, to: str, auto_suspended: bool, valid_until: date) -> str:
    """What would bring the label back (or keep it), for the owner's notice."""
    until = day_text(valid_until)
    if to == LabelStatus.SUSPENDED and auto_suspended:
        return (
            "It becomes active again at the next nightly check once every criterion named "
            "above holds; if your profile is out of date, correct it."
        )
    if to == LabelStatus.SUSPENDED:
        return (
            "A reviewer suspended it and only a reviewer lifts it; contact Fairbid's "
            "certification reviewers to resolve the reason above."
        )
    if to == LabelStatus.EXPIRED:
        return "To hold the label again, apply for certification again."
    if to == LabelStatus.REVOKED:
        return (
            "A revoked label is not restored; contact Fairbid's certification reviewers if "
            "you believe this is a mistake."
        )
    if to == LabelStatus.EXPIRING:
        return f"Apply for certification again before {until} to keep the label without a gap."
    return "Nothing more is needed from you."


def label_status_notice(*, to: str, reason: str, auto_suspended: bool, valid_until: date) -> str:
    """The owner's notice of a change: the new status, the reason, what would restore it."""
    head = f"Your Fairbid label is now {LABEL_STATUS_WORDS[to]}."
    tail = _what_restores(to=to, auto_suspended=auto_suspended, valid_until=valid_until)
    return f"{head} Reason: {reason} {tail}"


def expiry_reminder(*, valid_until: date, today: date) -> str:
    """The owner's reminder that the label ends soon, and how to keep it."""
    left = (valid_until - today).days
    when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
    return (
        f"Your Fairbid label ends {when}, on {day_text(valid_until)}. To keep it "
        "without a gap, apply for certification again before then."
    )
