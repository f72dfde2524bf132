from celery import shared_task

from marketplace.services import stats


@shared_task(acks_late=True)
def fold_published_reviews() -> int:
    """Every few minutes: count in their providers' stats the sealed reviews whose review
    period has ended (idempotent: a counted review is marked)."""
    return stats.provider_reviews_fold_due()
