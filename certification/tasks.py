from datetime import timedelta

from celery import shared_task

from certification.services import concern_emails as concern_email_services
from certification.services import recompute as recompute_services

# A concern's email is queued as its change commits; the sweep sends those the broker lost,
# once they are older than this.
SWEEP_AFTER = timedelta(minutes=2)


@shared_task(acks_late=True)
def recompute_labels() -> str:
    """Nightly: bring every current label's status in line with its dates and criteria,
    then remind the owners of labels ending soon and of verified evidence lapsing soon."""
    return recompute_services.labels_nightly(task="certification.tasks.recompute_labels")


@shared_task(acks_late=True)
def recompute_labels_for_countries(iso2_list: list[str]) -> str:
    """After new country income data: recompute the labels of organizations in these
    countries (ISO alpha-2 codes)."""
    return str(
        recompute_services.labels_recompute(
            countries=iso2_list, task="certification.tasks.recompute_labels_for_countries"
        )
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_concern_emails(email_ids: list[int]) -> int:
    """Send these emails to people who raised concerns, unless already sent; safe twice."""
    return concern_email_services.concern_emails_send(ids=email_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_pending_concern_emails() -> int:
    """Periodic: send the concern emails still pending, such as those queued while the broker
    was down."""
    return concern_email_services.concern_emails_send(older_than=SWEEP_AFTER)
