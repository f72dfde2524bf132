"""The public's concerns about a label: raised by anyone (anonymously, or with an email for an
acknowledgement and the outcome), answered by the organization, decided by a reviewer."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from accounts.models import User
from certification import notices, tasks, transitions
from certification.models import (
    CURRENT_STATUSES,
    Concern,
    ConcernEmail,
    ConcernEmailKind,
    ConcernEvent,
    ConcernStatus,
    Label,
    LabelStatus,
    NotificationKind,
)
from certification.selectors import concerns as concern_selectors
from certification.services import findings as finding_services
from certification.services import labels as label_services
from certification.services import reviewers as reviewer_services
from core import formats
from core.exceptions import ApplicationError, validated
from core.tasks import enqueue_on_commit
from core.transitions import move
from notifications.services import notify

CONCERN_ACTIONS = {"suspend": LabelStatus.SUSPENDED, "revoke": LabelStatus.REVOKED}
# An upheld concern's sanctions: a suspension, a revocation or a finding.
SANCTIONS = frozenset({*CONCERN_ACTIONS, "finding"})


def _reviewers():
    return User.objects.filter(
        groups__name=reviewer_services.REVIEWER_GROUP_NAME, is_staff=True, is_active=True
    )


def _email_the_raiser(concern: Concern, kind: str) -> None:
    """Write the email's row, to be sent after commit; none for an anonymous concern."""
    if concern.contact_email:
        email = ConcernEmail.objects.create(concern=concern, kind=kind)
        enqueue_on_commit(tasks.send_concern_emails, [email.pk])


def _tell_owners(label: Label, message) -> None:
    notify(
        recipients=account_selectors.owners_of([label.organization_id])[label.organization_id],
        kind=NotificationKind.LABEL_CONCERN,
        message=message,
        subject=format_lazy(gettext_lazy("A concern about your label {code}"), code=label.code),
        action=gettext_lazy("See your label"),
        url=reverse("certification:overview"),
    )


@transaction.atomic
def concern_raise(
    *, label: Label, text: str, contact_email: str = "", evidence_url: str = ""
) -> Concern:
    """Anyone's concern about a label in force or suspended. Reviewers are told; so is the
    organization, without the raiser's identity, which may answer for
    CERTIFICATION_CONCERN_ANSWER_DAYS; the raiser, if they gave an email, is acknowledged."""
    today = timezone.localdate()
    status = transitions.effective_status(
        status=label.status, valid_until=label.valid_until, today=today
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
            language=translation.get_language() or "",
            answer_due=today + timedelta(days=settings.CERTIFICATION_CONCERN_ANSWER_DAYS),
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
    _tell_owners(
        label,
        notices.concern_raised(code=label.code, text=concern.text, answer_due=concern.answer_due),
    )
    _email_the_raiser(concern, ConcernEmailKind.ACKNOWLEDGEMENT)
    return concern


@transaction.atomic
def concern_answer(*, concern: Concern, by: User, answer: str) -> Concern:
    """The organization's owner answers an open concern about its label, once, until the
    concern's answer_due; the reviewer deciding it reads the answer."""
    concern = Concern.objects.select_for_update().select_related("label").get(pk=concern.pk)
    if not account_selectors.is_owner(user=by, organization_id=concern.label.organization_id):
        raise ApplicationError(
            _("Only the organization's owner can answer a concern."), code="permission_denied"
        )
    if concern.status != ConcernStatus.OPEN:
        raise ApplicationError(_("This concern is already decided."))
    if concern.answered_at is not None:
        raise ApplicationError(_("Your organization already answered this concern."))
    if not concern_selectors.answer_time_open(concern, today=timezone.localdate()):
        raise ApplicationError(
            _("The time to answer this concern ended on {day}.").format(
                day=formats.day(concern.answer_due)
            )
        )
    concern.answer = (answer or "").strip()
    concern.answered_at, concern.answered_by = timezone.now(), by
    validated(concern)
    concern.save(update_fields=["answer", "answered_at", "answered_by"])
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


def _check_decision(*, by: User, uphold: bool, action: str | None, note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            _("Please write a note on your decision."), fields={"note": _("Required.")}
        )
    if action is not None and action not in SANCTIONS:
        raise TypeError(f"Unknown action {action!r}; expected suspend, revoke, finding or None.")
    if action is not None and not uphold:
        raise ApplicationError(_("Only an upheld concern can sanction the label."))
    if not by.has_perm("certification.change_concern"):
        raise ApplicationError(
            _("Only certification reviewers decide concerns."), code="permission_denied"
        )
    return note


def _check_open_and_heard(concern: Concern, *, by: User, action: str | None) -> None:
    """The concern is open, the reviewer is not of the organization, and before a sanction
    the organization has answered or its time to answer is over."""
    if account_selectors.is_member(user=by, organization_id=concern.label.organization_id):
        raise ApplicationError(
            _("You cannot decide a concern about an organization you belong to."),
            code="permission_denied",
        )
    if concern.status != ConcernStatus.OPEN:
        raise ApplicationError(
            _("This concern is already {status}.").format(
                status=concern.get_status_display().lower()
            ),
            code="invalid_transition",
        )
    if action is not None and concern_selectors.answer_time_open(
        concern, today=timezone.localdate()
    ):
        raise ApplicationError(
            _(
                "The organization may answer this concern until {day}. A concern is upheld "
                "with a suspension, a revocation or a finding only once the organization has "
                "answered or that day has passed; you may dismiss it, or uphold it without a "
                "sanction, now."
            ).format(day=formats.day(concern.answer_due)),
            code="not_heard",
        )


def _sanction(concern: Concern, *, by: User, action: str, note: str, finding: dict | None):
    if action == "finding":
        finding_services.finding_record(label=concern.label, by=by, **(finding or {}))
        return
    label_services.label_transition(
        label=concern.label,
        to=CONCERN_ACTIONS[action],
        reason=f"Concern #{concern.pk} upheld: {note}",
        by=by,
    )


def concern_decide(
    *,
    concern: Concern,
    by: User,
    uphold: bool,
    action: str | None = None,
    note: str,
    finding: dict | None = None,
) -> Concern:
    """A reviewer upholds or dismisses an open concern, with a note. Upholding may sanction
    the label (action "suspend", "revoke", or "finding" with the finding's fields), once the
    organization was heard. The organization is told; so is the raiser, by email."""
    note = _check_decision(by=by, uphold=uphold, action=action, note=note)
    to = ConcernStatus.UPHELD if uphold else ConcernStatus.DISMISSED
    with transaction.atomic():
        locked = Concern.objects.select_for_update().select_related("label").get(pk=concern.pk)
        _check_open_and_heard(locked, by=by, action=action)
        if action is not None:
            _sanction(locked, by=by, action=action, note=note, finding=finding)
        concern_transition(concern=locked, to=to, by=by, reason=note)
        _tell_owners(locked.label, notices.concern_decided(upheld=uphold, note=note))
        _email_the_raiser(locked, ConcernEmailKind.OUTCOME)
    for name in ("status", "decision_note", "decided_by", "decided_at"):
        setattr(concern, name, getattr(locked, name))
    return concern
