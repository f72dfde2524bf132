"""Submitted work the buyer does not answer is approved by itself after
CONTRACTS_AUTO_APPROVE_DAYS, and the buyer is reminded CONTRACTS_AUTO_APPROVE_REMINDER_DAYS
before. Run by a beat task; each milestone in its own transaction, re-checked under its lock,
so a dispute or an approval that gets there first wins and nothing moves twice."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.models import AutoApprovalReminder, Milestone, MilestoneStatus, NotificationKind
from contracts.services.milestones import approve_and_release, locked_milestone
from core import formats
from notifications.services import interpolated, notify

TASK = "contracts.tasks.auto_approve_milestones"


def approval_due(milestone: Milestone) -> datetime:
    return milestone.submitted_at + timedelta(days=settings.CONTRACTS_AUTO_APPROVE_DAYS)


def _submitted_before(moment: datetime):
    return Milestone.objects.filter(
        status=MilestoneStatus.SUBMITTED, submitted_at__lte=moment
    ).order_by("submitted_at", "pk")


def milestones_auto_approve(*, now: datetime | None = None) -> int:
    """Approve and release every submission left unanswered past the set time."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CONTRACTS_AUTO_APPROVE_DAYS)
    approved = 0
    for milestone_id in _submitted_before(cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            milestone = locked_milestone(milestone_id)
            if milestone.status != MilestoneStatus.SUBMITTED or approval_due(milestone) > now:
                continue  # answered, disputed or resubmitted since the list was read
            approve_and_release(
                milestone=milestone,
                by=TASK,
                reason=_("Approved automatically: the buyer did not answer within %(days)s days.")
                % {"days": settings.CONTRACTS_AUTO_APPROVE_DAYS},
            )
            approved += 1
    return approved


def auto_approval_reminders_send(*, now: datetime | None = None) -> int:
    """Remind buyers of submissions that approve themselves soon: once per submission and
    reminder day; a late run sends only the nearest reminder."""
    now = now or timezone.now()
    days = sorted(settings.CONTRACTS_AUTO_APPROVE_REMINDER_DAYS, reverse=True)
    earliest = now - timedelta(days=settings.CONTRACTS_AUTO_APPROVE_DAYS - days[0])
    sent = 0
    for milestone in _submitted_before(earliest).select_related("contract__job", "contract__buyer"):
        left = approval_due(milestone) - now
        if left <= timedelta(0):
            continue
        reached = [day for day in days if left <= timedelta(days=day)]
        if reached and _remember(milestone, reached):
            _remind(milestone, approval_due(milestone))
            sent += 1
    return sent


def _remember(milestone: Milestone, reached: list[int]) -> bool:
    """Record the reminders reached; False when the nearest one was already sent."""
    try:
        with transaction.atomic():
            AutoApprovalReminder.objects.create(
                milestone=milestone,
                submission_round=milestone.submission_round,
                days_before=min(reached),
            )
    except IntegrityError:
        return False
    for day in reached:
        AutoApprovalReminder.objects.get_or_create(
            milestone=milestone, submission_round=milestone.submission_round, days_before=day
        )
    return True


def _remind(milestone: Milestone, due: datetime) -> None:
    contract = milestone.contract
    notify(
        recipients=[contract.buyer],
        kind=NotificationKind.AUTO_APPROVAL_REMINDER,
        message=interpolated(
            gettext_lazy(
                "“%(milestone)s” of “%(job)s” is approved automatically on %(when)s and its "
                "money released, unless you approve it, ask for changes or open a dispute before."
            ),
            {"milestone": milestone, "job": contract.job, "when": formats.moment(due)},
        ),
        url=contract.get_absolute_url(),
    )
