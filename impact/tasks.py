from celery import shared_task

from impact import services


@shared_task(acks_late=True)
def refresh_platform_summary() -> str:
    """Hourly: recompute the figures of the public /impact/ page."""
    summary = services.platform_summary_refresh()
    return f"Platform figures computed at {summary.computed_at:%Y-%m-%d %H:%M} UTC."
