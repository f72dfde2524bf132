"""Contracts' data: the contract and its milestones, and the money that comes in for them
and goes out. One module a topic; Django finds the models through the names below."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from contracts.models.contracts import (
    FINISHED_STATUSES,
    HELD_STATUSES,
    AutoApprovalReminder,
    Contract,
    ContractEvent,
    ContractKind,
    ContractStatus,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    Submission,
    SubmissionFile,
)
from contracts.models.disputes import Dispute, DisputeFile, Outcome, Side
from contracts.models.hourly import Timesheet, TimesheetEvent, TimesheetStatus
from contracts.models.money import (
    DocumentCounter,
    DocumentKind,
    Funding,
    OutgoingKind,
    OutgoingPayment,
    PaymentMethod,
    Receipt,
    ReceivedPayment,
)


class NotificationKind(models.TextChoices):
    """What contracts tell people about (registered with the notifications app)."""

    CONTRACT_STARTED = "contract_started", _("Contract started")
    MILESTONE_FUNDED = "milestone_funded", _("Milestone funded")
    PAYMENT_RECEIVED = "payment_received", _("Payment received")
    MILESTONE_SUBMITTED = "milestone_submitted", _("Milestone submitted")
    CHANGES_REQUESTED = "milestone_changes_requested", _("Changes requested")
    MILESTONE_RELEASED = "milestone_released", _("Milestone released")
    MILESTONE_REFUNDED = "milestone_refunded", _("Milestone refunded")
    PAYOUT_SENT = "payout_sent", _("Payout sent")
    AUTO_APPROVAL_REMINDER = "auto_approval_reminder", _("Milestone approves itself soon")
    CONTRACT_END_PROPOSED = "contract_end_proposed", _("Ending the contract proposed")
    CONTRACT_ENDED = "contract_ended", _("Contract ended")
    DISPUTE_OPENED = "dispute_opened", _("Dispute opened")
    DISPUTE_ANSWERED = "dispute_answered", _("Dispute answered")
    DISPUTE_DECIDED = "dispute_decided", _("Dispute decided")
    TIMESHEET_SUBMITTED = "timesheet_submitted", _("Hours logged")
    TIMESHEET_APPROVED = "timesheet_approved", _("Hours approved")
    TIMESHEET_DISPUTED = "timesheet_disputed", _("Hours disputed")


__all__ = [
    "AutoApprovalReminder",
    "FINISHED_STATUSES",
    "HELD_STATUSES",
    "Contract",
    "ContractEvent",
    "Dispute",
    "DisputeFile",
    "DocumentCounter",
    "DocumentKind",
    "ContractKind",
    "ContractStatus",
    "Funding",
    "Milestone",
    "MilestoneEvent",
    "MilestoneStatus",
    "NotificationKind",
    "Outcome",
    "OutgoingKind",
    "OutgoingPayment",
    "PaymentMethod",
    "Receipt",
    "ReceivedPayment",
    "Side",
    "Timesheet",
    "TimesheetEvent",
    "TimesheetStatus",
    "Submission",
    "SubmissionFile",
]
