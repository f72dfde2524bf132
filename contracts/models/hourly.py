"""An hourly contract's weeks: the provider logs the hours of a week with a note, the buyer
approves them or disputes them, and approved hours × the rate become an amount due, funded
and released like a milestone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contracts.models.contracts import Contract, Milestone
from core.models import HistoryEvent, TimeStampedModel


class TimesheetStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for the buyer")
    APPROVED = "approved", _("Approved")
    DISPUTED = "disputed", _("Disputed by the buyer")
    REFUSED = "refused", _("Refused by a mediator")


class Timesheet(TimeStampedModel):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="timesheets")
    week_start = models.DateField(_("week starting (Monday)"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    note = models.TextField(_("what was done"), max_length=2000)
    status = models.CharField(
        max_length=16, choices=TimesheetStatus.choices, default=TimesheetStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    dispute_reason = models.TextField(blank=True, max_length=2000)
    # The amount due once the week is approved: hours × the contract's rate.
    milestone = models.OneToOneField(
        Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="timesheet"
    )

    class Meta:
        ordering = ["-week_start"]
        verbose_name = _("timesheet")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "week_start"], name="one_timesheet_per_contract_week"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="timesheet_hours_positive"),
            models.CheckConstraint(
                condition=Q(status="approved", milestone__isnull=False)
                | (~Q(status="approved") & Q(milestone__isnull=True)),
                name="timesheet_amount_due_once_approved",
            ),
        ]

    def __str__(self):
        return str(_("Week of %(day)s") % {"day": self.week_start})


class TimesheetEvent(HistoryEvent):
    timesheet = models.ForeignKey(Timesheet, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=32, choices=TimesheetStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=TimesheetStatus.choices)

    class Meta(HistoryEvent.Meta):
        indexes = [models.Index(fields=["timesheet", "created_at"], name="timesheet_event_by_row")]
