"""A verified fact the owner changes after approval waits for a reviewer: it flags the label,
and only a reviewer's acceptance puts it into the snapshot the label rests on."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from accounts import selectors as account_selectors
from accounts.models import Organization, User
from certification import criteria, notices, transitions
from certification.models import (
    CURRENT_STATUSES,
    FactChange,
    FactChangeStatus,
    Label,
    LabelStatus,
    NotificationKind,
    SuspensionCause,
)
from certification.selectors import facts as fact_selectors
from certification.services import facts as facts_services
from certification.services import labels as label_services
from certification.services import reviewers as reviewer_services
from core.exceptions import ApplicationError, validated
from notifications.services import notify

# The profile's facts a snapshot holds.
PROFILE_FACTS = ("country", "employee_count", "local_ownership_percent")


def fact_change_note(*, organization: Organization, by: User) -> FactChange | None:
    """The profile's verified facts changed: flag the organization's current label for a
    reviewer and tell the owner what to upload. Called inside the profile's transaction.
    Back to the verified values, the pending change is withdrawn."""
    label = (
        Label.objects.select_for_update()
        .filter(organization=organization, status__in=sorted(CURRENT_STATUSES))
        .first()
    )
    facts = fact_selectors.current_facts(label) if label is not None else None
    if facts is None:
        return None  # no label, or nothing verified yet: an approval judges the profile
    values = {name: getattr(organization, name) for name in PROFILE_FACTS}
    differing = [name for name in PROFILE_FACTS if getattr(facts, name) != values[name]]
    pending = label.fact_changes.select_for_update().filter(status=FactChangeStatus.PENDING)
    change = pending.first()
    if not differing:
        if change is not None:
            change.status = FactChangeStatus.WITHDRAWN
            change.decided_at = timezone.now()
            change.save(update_fields=["status", "decided_at", "updated_at"])
        return None
    is_new = change is None
    change = change or FactChange(label=label)
    for name, value in values.items():
        setattr(change, name, value)
    validated(change)
    change.save()
    owners = account_selectors.owners_of([organization.pk])[organization.pk]
    notify(
        recipients=owners,
        kind=NotificationKind.LABEL_FACTS_CHANGED,
        message=notices.facts_changed(changed=differing),
        subject=gettext_lazy("Your changed facts await a reviewer"),
        action=gettext_lazy("See your label"),
        url=reverse("certification:overview"),
    )
    if is_new:
        notify(
            recipients=reviewer_services.reviewers(),
            kind=NotificationKind.LABEL_FACTS_CHANGED,
            message=format_lazy(
                gettext_lazy(
                    "{organization} changed verified facts of the label {code}; they await "
                    "your verification."
                ),
                organization=organization,
                code=label.code,
            ),
            subject=format_lazy(
                gettext_lazy("Changed facts to verify for the label {code}"), code=label.code
            ),
            action=gettext_lazy("Verify the change"),
            url=reverse("admin:certification_factchange_change", args=[change.pk]),
        )
    return change


def _locked_pending(change: FactChange, by: User) -> tuple[FactChange, Label]:
    reviewer_services.require_reviewer(
        by,
        organization_id=change.label.organization_id,
        permission="certification.change_factchange",
    )
    label = Label.objects.select_for_update().get(pk=change.label_id)
    change = FactChange.objects.select_for_update().get(pk=change.pk)
    if change.status != FactChangeStatus.PENDING:
        raise ApplicationError(
            gettext("This change was already decided: %(status)s.")
            % {"status": change.get_status_display().lower()}
        )
    return change, label


def _decided(change: FactChange, *, to: str, by: User, note: str) -> None:
    change.status, change.decided_by, change.decided_at = to, by, timezone.now()
    change.decision_note = note
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            gettext("Please write a note on your decision."), fields={"note": gettext("Required.")}
        )
    return note


@transaction.atomic
def fact_change_accept(*, change: FactChange, by: User, note: str) -> FactChange:
    """A reviewer verified the changed facts: they enter the snapshot (history kept). If a
    criterion then fails, the label is suspended until a later accepted change makes every
    criterion hold again, which alone lifts such a suspension."""
    note = _require_note(note)
    change, label = _locked_pending(change, by)
    facts = facts_services.facts_record(
        label=label,
        values={name: getattr(change, name) for name in PROFILE_FACTS},
        by=by,
        reason=gettext("Changed facts accepted: %(note)s") % {"note": note},
    )
    _decided(change, to=FactChangeStatus.ACCEPTED, by=by, note=note)
    results = fact_selectors.facts_criteria(facts)
    computed = [result for result in results if result.kind == criteria.COMPUTED]
    if not criteria.all_passed(computed) and label.status != LabelStatus.SUSPENDED:
        label_services.label_transition(
            label=label,
            to=LabelStatus.SUSPENDED,
            by=by,
            reason=gettext("A reviewer verified a changed fact: %(failing)s")
            % {"failing": criteria.failing_explanations(computed)},
            cause=SuspensionCause.FACTS,
        )
    elif (
        criteria.all_passed(results)
        and label.status == LabelStatus.SUSPENDED
        and label.suspension_cause == SuspensionCause.FACTS
    ):
        label_services.label_transition(
            label=label,
            to=transitions.status_by_date(
                valid_until=label.valid_until,
                today=timezone.localdate(),
                warning_days=label_services.expiry_warning_days(),
            ),
            by=by,
            reason=gettext("A reviewer verified the changed facts; every criterion holds again."),
        )
    else:
        _tell_owner(label, notices.facts_accepted(note=note))
    return change


@transaction.atomic
def fact_change_refuse(*, change: FactChange, by: User, note: str) -> FactChange:
    """A reviewer does not accept the changed facts: the label keeps resting on the verified
    ones, and the owner is told why."""
    note = _require_note(note)
    change, label = _locked_pending(change, by)
    _decided(change, to=FactChangeStatus.REFUSED, by=by, note=note)
    _tell_owner(label, notices.facts_refused(note=note))
    return change


def _tell_owner(label: Label, message: Promise) -> None:
    notify(
        recipients=account_selectors.owners_of([label.organization_id])[label.organization_id],
        kind=NotificationKind.LABEL_FACTS_CHANGED,
        message=message,
        subject=gettext_lazy("A reviewer decided on your changed facts"),
        action=gettext_lazy("See your label"),
        url=reverse("certification:overview"),
    )
