from celery import shared_task

from contracts.services import auto_approval, hourly


@shared_task(acks_late=True)
def auto_approve_milestones() -> dict:
    """Hourly: remind buyers of submissions that approve themselves soon, then approve those
    and the hourly contracts' weeks left unanswered past the set time. Idempotent: each move
    is checked under its lock."""
    return {
        "reminded": auto_approval.auto_approval_reminders_send(),
        "approved": auto_approval.milestones_auto_approve(),
        "timesheets": hourly.timesheets_auto_approve(),
    }
