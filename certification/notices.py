"""What Fairbid tells a label's owners, as plain text from plain values. No ORM here."""

from datetime import date

from certification.models import LabelStatus, SuspensionCause
from core.formats import day

LABEL_STATUS_WORDS = {
    LabelStatus.ACTIVE: "active",
    LabelStatus.EXPIRING: "expiring soon",
    LabelStatus.EXPIRED: "expired",
    LabelStatus.SUSPENDED: "suspended",
    LabelStatus.REVOKED: "revoked",
}


def _what_restores(*, to: str, cause: str, valid_until: date) -> str:
    """What would bring the label back (or keep it), for the owner's notice."""
    until = day(valid_until)
    if to == LabelStatus.SUSPENDED:
        return SUSPENSION_REMEDIES[cause or SuspensionCause.REVIEWER]
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


# What lifts a suspension, by its cause.
SUSPENSION_REMEDIES = {
    SuspensionCause.DATA: (
        "It becomes active again at the next nightly check once every criterion named above "
        "holds on the verified facts, for example when the World Bank classifies the country "
        "as a low- or lower-middle-income economy again; editing your profile does not "
        "change it."
    ),
    SuspensionCause.EVIDENCE: (
        "Apply for certification again with current documents from your label page; a "
        "reviewer's approval renews the label and lifts the suspension."
    ),
    SuspensionCause.FACTS: (
        "A reviewer lifts the suspension once they accept facts under which every criterion "
        "holds; contact Fairbid's certification reviewers if the verified facts are wrong."
    ),
    SuspensionCause.REVIEWER: (
        "A reviewer suspended it and only a reviewer lifts it; contact Fairbid's "
        "certification reviewers to resolve the reason above."
    ),
}


def label_status_notice(*, to: str, reason: str, cause: str, valid_until: date) -> str:
    """The owner's notice of a change: the new status, the reason, what would restore it."""
    head = f"Your Fairbid label is now {LABEL_STATUS_WORDS[to]}."
    tail = _what_restores(to=to, cause=cause, valid_until=valid_until)
    return f"{head} Reason: {reason} {tail}"


def expiry_reminder(*, valid_until: date, today: date) -> str:
    """The owner's reminder that the label ends soon, and how to keep it."""
    left = (valid_until - today).days
    when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
    return (
        f"Your Fairbid label ends {when}, on {day(valid_until)}. To keep it "
        "without a gap, apply for certification again before then."
    )


# What to upload for each verified fact of the profile.
FACT_EVIDENCE = {
    "country": "a registration certificate or business licence showing the country the "
    "organization is now based in",
    "employee_count": "a current payroll summary showing the number of employees",
    "local_ownership_percent": "the current register of the organization's owners and their shares",
}
FACT_NAMES = {
    "country": "the country",
    "employee_count": "the number of employees",
    "local_ownership_percent": "the local ownership share",
}


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def facts_changed(*, changed: list[str]) -> str:
    """The owner changed verified facts in the profile: what happens, and what to upload."""
    names = _listed([FACT_NAMES[name] for name in changed])
    uploads = _listed([FACT_EVIDENCE[name] for name in changed])
    return (
        f"You changed {names} in your organization's profile. Your Fairbid label keeps "
        "resting on the facts a reviewer verified until a reviewer checks the change. Please "
        f"keep ready {uploads}: the reviewer will ask you for it to verify the change."
    )


def facts_accepted(*, note: str) -> str:
    return (
        "A reviewer verified the changes to your organization's facts; your Fairbid label "
        f"now rests on them. Reviewer's note: {note}"
    )


def facts_refused(*, note: str) -> str:
    return (
        "A reviewer did not accept the changes to your organization's facts; your Fairbid "
        f"label keeps resting on the facts verified before. Reviewer's note: {note}"
    )
