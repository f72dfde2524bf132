"""What Fairbid tells a label's owners, as text from plain values. No ORM here.

The text is lazy: notify writes it in each owner's language."""

from datetime import date

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from certification.models import LabelStatus
from core.formats import day_lazy

LABEL_STATUS_WORDS = {
    LabelStatus.ACTIVE: _("active"),
    LabelStatus.EXPIRING: _("expiring soon"),
    LabelStatus.EXPIRED: _("expired"),
    LabelStatus.SUSPENDED: _("suspended"),
    LabelStatus.REVOKED: _("revoked"),
}


def _what_restores(*, to: str, auto_suspended: bool, valid_until: date) -> Promise:
    """What would bring the label back (or keep it), for the owner's notice."""
    if to == LabelStatus.SUSPENDED and auto_suspended:
        return _(
            "It becomes active again at the next nightly check once every criterion named "
            "above holds; if your profile is out of date, correct it."
        )
    if to == LabelStatus.SUSPENDED:
        return _(
            "A reviewer suspended it and only a reviewer lifts it; contact Fairbid's "
            "certification reviewers to resolve the reason above."
        )
    if to == LabelStatus.EXPIRED:
        return _("To hold the label again, apply for certification again.")
    if to == LabelStatus.REVOKED:
        return _(
            "A revoked label is not restored; contact Fairbid's certification reviewers if "
            "you believe this is a mistake."
        )
    if to == LabelStatus.EXPIRING:
        return format_lazy(
            _("Apply for certification again before {day} to keep the label without a gap."),
            day=day_lazy(valid_until),
        )
    return _("Nothing more is needed from you.")


def label_status_notice(
    *, to: str, reason: str, auto_suspended: bool, valid_until: date
) -> Promise:
    """The owner's notice of a change: the new status, the reason, what would restore it."""
    return format_lazy(
        _("Your Fairbid label is now {status}. Reason: {reason} {what_restores}"),
        status=LABEL_STATUS_WORDS[to],
        reason=reason,
        what_restores=_what_restores(to=to, auto_suspended=auto_suspended, valid_until=valid_until),
    )


def label_status_subject(*, to: str) -> Promise:
    return format_lazy(_("Your Fairbid label is now {status}"), status=LABEL_STATUS_WORDS[to])


def expiry_reminder(*, valid_until: date, today: date) -> Promise:
    """The owner's reminder that the label ends soon, and how to keep it."""
    left = (valid_until - today).days
    if left == 0:
        return format_lazy(
            _(
                "Your Fairbid label ends today, on {day}. To keep it without a gap, apply for "
                "certification again before then."
            ),
            day=day_lazy(valid_until),
        )
    return format_lazy(
        ngettext_lazy(
            "Your Fairbid label ends in {count} day, on {day}. To keep it without a gap, apply "
            "for certification again before then.",
            "Your Fairbid label ends in {count} days, on {day}. To keep it without a gap, "
            "apply for certification again before then.",
            left,
        ),
        count=left,
        day=day_lazy(valid_until),
    )


def expiry_reminder_subject(*, valid_until: date) -> Promise:
    return format_lazy(_("Your Fairbid label ends on {day}"), day=day_lazy(valid_until))
