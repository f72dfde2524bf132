from django.db import IntegrityError, transaction

from accounts.models import User
from core.exceptions import ApplicationError, validated
from marketplace.models import Job, JobStatus, NotificationKind, Review, ReviewDirection
from marketplace.selectors import review_direction_for
from marketplace.services.common import organization_users
from notifications.services import notify


@transaction.atomic
def review_create(*, job: Job, by: User, rating: int, text: str) -> Review:
    """After completion, the buyer and the provider each leave one review of the other."""
    job = Job.objects.select_related("awarded_bid").get(pk=job.pk)
    if job.status != JobStatus.COMPLETED:
        raise ApplicationError("Reviews open once the job is completed.")
    direction = review_direction_for(job, by)
    if direction is None:
        raise ApplicationError(
            "Only the job's buyer and its provider can review it.", code="permission_denied"
        )
    if job.reviews.filter(direction=direction).exists():
        raise ApplicationError("You already reviewed this job.")
    review = Review(
        job=job,
        direction=direction,
        author=by,
        provider_id=job.awarded_bid.organization_id,
        rating=rating,
        text=text,
    )
    validated(review)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        raise ApplicationError("You already reviewed this job.") from error
    recipients = (
        organization_users(job.awarded_bid.organization_id)
        if direction == ReviewDirection.OF_PROVIDER
        else [job.buyer]
    )
    notify(
        recipients=recipients,
        kind=NotificationKind.NEW_REVIEW,
        message=f"You received a {rating}-star review for “{job}”.",
        url=job.get_absolute_url(),
    )
    return review
