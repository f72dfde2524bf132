"""The public's concerns about a label, and the reviewers' decisions on them."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from accounts.models import User
from certification import transitions
from certification.models import (
    CURRENT_STATUSES,
    Concern,
    ConcernEvent,
    ConcernStatus,
    Label,
    LabelStatus,
    NotificationKind,
)
from certification.services import labels as label_services
from certification.services import reviewers as reviewer_services
from core.exceptions import ApplicationError, validated
from core.transitions import move
from notifications.services import notify

CONCERN_ACTIONS = {"suspend": LabelStatus.SUSPENDED, "revoke": LabelStatus.REVOKED}


def _reviewers():
    return User.objects.filter(
        groups__name=reviewer_services.REVIEWER_GROUP_NAME, is_staff=True, is_active=True
    )


@transaction.atomic
def concern_raise(
    *, label: Label, text: str, contact_email: str, evidence_url: str = ""
) -> Concern:
    """Anyone's concern about a label in force or suspended; reviewers are told of it."""
    status = transitions.effective_status(
        status=label.status, valid_until=label.valid_until, today=timezone.localdate()
    )
    if status not in CURRENT_STATUSES:
        raise ApplicationError(
            _(
                "This label is {label}; it certifies nothing any more, so "
                "there is no concern to raise about it."
            ).format(label=LabelStatus(status).label.lower())
        )
    concern = validated(
        Concern(
            label=label,
            text=(text or "").strip(),
            evidence_url=(evidence_url or "").strip(),
            contact_email=(contact_email or "").strip(),
        )
    )
    concern.save()
    notify(
        recipients=_reviewers(),
        kind=NotificationKind.LABEL_CONCERN,
        message=format_lazy(
            gettext_lazy("New concern #{number} about the label {code} of {organization}."),
            number=concern.pk,
            code=label.code,
            organization=label.organization,
        ),
        subject=format_lazy(gettext_lazy("New concern about the label {code}"), code=label.code),
        action=gettext_lazy("Review the concern"),
        url=reverse("admin:certification_concern_change", args=[concern.pk]),
    )
    return concern


def concern_transition(*, concern: Concern, to: str, by: User, reason: str = "") -> Concern:
    """The only place a concern's status changes; the caller holds its row lock. A concern
    leaves "open" only by a reviewer's decision, which it records with the reason."""
    concern.decided_by, concern.decided_at, concern.decision_note = by, timezone.now(), reason
    move(
        obj=concern,
        to=to,
        by=by,
        reason=reason,
        allowed=transitions.CONCERN_ALLOWED,
        history=ConcernEvent,
        fields=["decided_by", "decided_at", "decision_note"],
    )
    return concern


def concern_decide(
    *, concern: Concern, by: User, uphold: bool, action: str | None = None, note: str
) -> Concern:
    """A reviewer upholds or dismisses an open concern, with a note. Upholding may suspend
    or revoke the label (action "suspend" or "revoke"), the note going to its history."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            _("Please write a note on your decision."), fields={"note": _("Required.")}
        )
    if action is not None and action not in CONCERN_ACTIONS:
        raise TypeError(f"Unknown action {action!r}; expected suspend, revoke or None.")
    if action is not None and not uphold:
        raise ApplicationError(_("Only an upheld concern can suspend or revoke the label."))
    if not by.has_perm("certification.change_concern"):
        raise ApplicationError(
            _("Only certification reviewers decide concerns."), code="permission_denied"
        )
    to = ConcernStatus.UPHELD if uphold else ConcernStatus.DISMISSED
    with transaction.atomic():
        locked = Concern.objects.select_for_update().select_related("label").get(pk=concern.pk)
        if account_selectors.is_member(user=by, organization_id=locked.label.organization_id):
            raise ApplicationError(
                _("You cannot decide a concern about an organization you belong to."),
                code="permission_denied",
            )
        if locked.status != ConcernStatus.OPEN:
            raise ApplicationError(
                _("This concern is already {status}.").format(
                    status=locked.get_status_display().lower()
                ),
                code="invalid_transition",
            )
        if action is not None:
            label_services.label_transition(
                label=locked.label,
                to=CONCERN_ACTIONS[action],
                reason=f"Concern #{locked.pk} upheld: {note}",
                by=by,
            )
        concern_transition(concern=locked, to=to, by=by, reason=note)
    for name in ("status", "decision_note", "decided_by", "decided_at"):
        setattr(concern, name, getattr(locked, name))
    return concern
