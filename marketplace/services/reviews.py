from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.models import User
from core import formats
from core.exceptions import ApplicationError, validated
from marketplace.models import Job, JobStatus, NotificationKind, Review, ReviewDirection
from marketplace.selectors import review_direction_for, review_period_end
from marketplace.services import stats
from notifications.services import notify


@transaction.atomic
def review_create(*, job: Job, by: User, rating: int, text: str) -> Review:
    """After completion, the buyer and the provider each leave one review of the other, within
    the review period. Reviews are double-blind: each stays sealed from the other side until
    both are written (then both are published) or the period ends."""
    job = Job.objects.select_for_update(of=("self",)).select_related("awarded_bid").get(pk=job.pk)
    if job.status != JobStatus.COMPLETED:
        raise ApplicationError(gettext("Reviews open once the job is completed."))
    direction = review_direction_for(job, by)
    if direction is None:
        raise ApplicationError(
            gettext("Only the job's buyer and its provider can review it."),
            code="permission_denied",
        )
    period_end = review_period_end(job)
    now = timezone.now()
    if now >= period_end:
        raise ApplicationError(
            gettext(
                "The review period ended on %(day)s: reviews are written within it, so that "
                "neither side writes after reading the other's."
            )
            % {"day": formats.day(period_end)}
        )
    if job.reviews.filter(direction=direction).exists():
        raise ApplicationError(gettext("You already reviewed this job."))
    other_side = job.reviews.exclude(direction=direction).first()
    review = Review(
        job=job,
        direction=direction,
        author=by,
        provider_id=job.awarded_bid.organization_id,
        rating=rating,
        text=text,
        published_at=now if other_side else period_end,
    )
    validated(review)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        raise ApplicationError(gettext("You already reviewed this job.")) from error
    if other_side:
        other_side.published_at = now
        other_side.save(update_fields=["published_at"])
        stats.reviews_published([review, other_side])
    _tell_the_reviewed_side(review, job=job, sealed=other_side is None)
    return review


def _tell_the_reviewed_side(review: Review, *, job: Job, sealed: bool) -> None:
    recipients = (
        account_selectors.members_of(job.awarded_bid.organization_id)
        if review.direction == ReviewDirection.OF_PROVIDER
        else [job.buyer]
    )
    if sealed:
        # The rating stays sealed too: telling it would unblind the review.
        message = format_lazy(
            gettext_lazy(
                "You were reviewed for “{job}”. Write your review to read it: both are "
                "published together, or on {day}."
            ),
            job=job,
            day=formats.day_lazy(review.published_at),
        )
        subject = format_lazy(gettext_lazy("You were reviewed for “{job}”"), job=job)
        action = gettext_lazy("Write your review")
    else:
        message = format_lazy(
            gettext_lazy(
                "You received a {rating}-star review for “{job}”; both reviews are now published."
            ),
            rating=review.rating,
            job=job,
        )
        subject = format_lazy(gettext_lazy("New review for “{job}”"), job=job)
        action = gettext_lazy("Read the review")
    notify(
        recipients=recipients,
        kind=NotificationKind.NEW_REVIEW,
        message=message,
        subject=subject,
        action=action,
        url=job.get_absolute_url(),
    )


@transaction.atomic
def review_hide(*, review: Review, by: User, reason: str) -> Review:
    """Staff hide a review that breaks the rules (abuse, private data); it stays stored with
    the reason, and its author is told."""
    if not by.has_perm("marketplace.change_review"):
        raise ApplicationError(_("Only staff may hide reviews."), code="permission_denied")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why the review is hidden."), fields={"reason": _("Required.")}
        )
    review = Review.objects.select_for_update().select_related("job").get(pk=review.pk)
    if review.hidden_at is not None:
        raise ApplicationError(_("This review is already hidden."))
    review.hidden_at = timezone.now()
    review.hidden_reason = reason
    review.save(update_fields=["hidden_at", "hidden_reason"])
    stats.review_hidden(review)
    notify(
        recipients=[review.author],
        kind=NotificationKind.REVIEW_HIDDEN,
        message=format_lazy(
            gettext_lazy("Your review of “{job}” was hidden by Fairbid's staff: {reason}"),
            job=review.job,
            reason=reason,
        ),
        subject=format_lazy(gettext_lazy("Your review of “{job}” was hidden"), job=review.job),
        action=gettext_lazy("See the job"),
        url=review.job.get_absolute_url(),
    )
    return review
