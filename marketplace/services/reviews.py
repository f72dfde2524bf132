from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import selectors as account_selectors
from accounts.models import User
from core.exceptions import ApplicationError, validated
from marketplace.models import Job, JobStatus, NotificationKind, Review, ReviewDirection
from marketplace.selectors import review_direction_for
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
        account_selectors.members_of(job.awarded_bid.organization_id)
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


@transaction.atomic
def review_hide(*, review: Review, by: User, reason: str) -> Review:
    """Staff hide a review that breaks the rules (abuse, private data); it stays stored with
    the reason, and its author is told."""
    if not by.has_perm("marketplace.change_review"):
        raise ApplicationError("Only staff may hide reviews.", code="permission_denied")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Say why the review is hidden.", fields={"reason": "Required."})
    review = Review.objects.select_for_update().select_related("job").get(pk=review.pk)
    if review.hidden_at is not None:
        raise ApplicationError("This review is already hidden.")
    review.hidden_at = timezone.now()
    review.hidden_reason = reason
    review.save(update_fields=["hidden_at", "hidden_reason"])
    notify(
        recipients=[review.author],
        kind=NotificationKind.REVIEW_HIDDEN,
        message=f"Your review of “{review.job}” was hidden by Fairbid's staff: {reason}",
        url=review.job.get_absolute_url(),
    )
    return review
