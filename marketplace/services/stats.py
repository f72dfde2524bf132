"""Counts every list shows, kept by the services that change them: a job's live bids
(`Job.bid_count`) and a provider's completed jobs and published ratings (`ProviderStats`).

Each change runs inside the caller's transaction; the UPDATE ... SET n = n + delta locks the
counted row until the caller commits, so two services never lose each other's change.
`stats_differences` recounts everything from the jobs, bids and reviews themselves, and
`stats_rebuild` writes those recounts (the `recount_marketplace_stats` command).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.models import (
    Bid,
    BidStatus,
    Job,
    JobStatus,
    ProviderStats,
    Review,
    ReviewDirection,
)

FOLD_BATCH = 1000


def live_bids_add(*, job: Job, delta: int) -> None:
    """A bid was submitted (+1) or withdrawn (-1); the caller holds the job's row lock."""
    Job.objects.filter(pk=job.pk).update(bid_count=F("bid_count") + delta)
    job.bid_count += delta


def _provider_stats_add(organization_id: int, **deltas: int) -> None:
    ProviderStats.objects.bulk_create(
        [ProviderStats(organization_id=organization_id)], ignore_conflicts=True
    )
    ProviderStats.objects.filter(pk=organization_id).update(
        **{name: F(name) + delta for name, delta in deltas.items()}
    )


def provider_job_completed(*, job: Job) -> None:
    """The job just became completed: one more completed job for the awarded provider (a
    job completed without an award, as only tests make, counts for nobody)."""
    if job.awarded_bid_id is None:
        return
    organization_id = Bid.objects.values_list("organization_id", flat=True).get(
        pk=job.awarded_bid_id
    )
    _provider_stats_add(organization_id, completed_jobs=1)


def reviews_published(reviews) -> None:
    """These reviews are readable by everyone from now on: those of a provider that are not
    counted yet enter its stats. The caller holds the reviews' rows (or their job's)."""
    counted = [
        review
        for review in reviews
        if review.direction == ReviewDirection.OF_PROVIDER
        and not review.in_provider_stats
        and review.hidden_at is None
    ]
    _count_reviews(counted, sign=1)


def review_hidden(review: Review) -> None:
    """A hidden review leaves its provider's stats (the caller holds the review's row)."""
    if review.in_provider_stats:
        _count_reviews([review], sign=-1)


def _count_reviews(reviews, *, sign: int) -> None:
    by_provider = defaultdict(list)
    for review in reviews:
        by_provider[review.provider_id].append(review)
    for provider_id, provided in sorted(by_provider.items()):
        _provider_stats_add(
            provider_id,
            review_count=sign * len(provided),
            rating_sum=sign * sum(review.rating for review in provided),
        )
    Review.objects.filter(pk__in=[review.pk for review in reviews]).update(
        in_provider_stats=sign > 0
    )
    for review in reviews:
        review.in_provider_stats = sign > 0


def _due_reviews(now: datetime):
    return Review.objects.filter(
        in_provider_stats=False,
        hidden_at=None,
        direction=ReviewDirection.OF_PROVIDER,
        published_at__lte=now,
    )


def provider_reviews_fold_due(*, now: datetime | None = None) -> int:
    """Count the sealed reviews whose review period has ended (the periodic task): in
    batches, each its own transaction, rows another transaction holds left for next time."""
    now = now or timezone.now()
    folded = 0
    while True:
        with transaction.atomic():
            batch = list(
                _due_reviews(now)
                .order_by("pk")
                .select_for_update(skip_locked=True)
                .only("pk", "provider_id", "rating", "direction", "hidden_at")[:FOLD_BATCH]
            )
            reviews_published(batch)
        folded += len(batch)
        if len(batch) < FOLD_BATCH:
            return folded


# --- Recounting from scratch -------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    what: str
    pk: int
    kept: object
    counted: object

    def __str__(self):
        return f"{self.what} {self.pk}: kept {self.kept}, counted {self.counted}"


def _live_bids_of_job():
    return Coalesce(
        Subquery(
            Bid.objects.filter(job=OuterRef("pk"))
            .exclude(status=BidStatus.WITHDRAWN)
            .values("job")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
        output_field=IntegerField(),
    )


def _published_of_provider(now: datetime) -> Q:
    return Q(hidden_at=None, direction=ReviewDirection.OF_PROVIDER, published_at__lte=now)


def _counts_for_provider(now: datetime) -> ExpressionWrapper:
    """Whether a review belongs in its provider's stats at `now`."""
    return ExpressionWrapper(_published_of_provider(now), output_field=BooleanField())


def provider_stats_counted(*, now: datetime) -> dict[int, tuple[int, int, int]]:
    """(completed jobs, review count, rating sum) of every provider with anything to count,
    from the jobs and reviews themselves."""
    completed = Counter(
        dict(
            Job.objects.filter(status=JobStatus.COMPLETED, awarded_bid__isnull=False)
            .values("awarded_bid__organization")
            .annotate(n=Count("pk"))
            .values_list("awarded_bid__organization", "n")
        )
    )
    ratings = {
        provider: (n, total)
        for provider, n, total in Review.objects.filter(_published_of_provider(now))
        .values("provider")
        .annotate(n=Count("pk"), total=Sum("rating"))
        .values_list("provider", "n", "total")
    }
    return {
        organization_id: (completed[organization_id], *ratings.get(organization_id, (0, 0)))
        for organization_id in set(completed) | set(ratings)
    }


def _provider_differences(now: datetime) -> list[Difference]:
    counted = provider_stats_counted(now=now)
    kept = {
        row[0]: row[1:]
        for row in ProviderStats.objects.values_list(
            "organization_id", "completed_jobs", "review_count", "rating_sum"
        )
    }
    nothing = (0, 0, 0)
    return [
        Difference("provider", pk, kept.get(pk, nothing), counted.get(pk, nothing))
        for pk in sorted(set(counted) | set(kept))
        if kept.get(pk, nothing) != counted.get(pk, nothing)
    ]


def stats_differences(*, now: datetime | None = None) -> list[Difference]:
    """Where the kept counts differ from a recount, after folding the reviews due by `now`."""
    now = now or timezone.now()
    provider_reviews_fold_due(now=now)
    jobs = (
        Job.objects.annotate(counted=_live_bids_of_job())
        .exclude(bid_count=F("counted"))
        .values_list("pk", "bid_count", "counted")
        .order_by("pk")
    )
    reviews = Review.objects.exclude(in_provider_stats=_counts_for_provider(now)).values_list(
        "pk", "in_provider_stats"
    )
    return [
        *(Difference("job bids", pk, kept, counted) for pk, kept, counted in jobs),
        *(Difference("review counted", pk, kept, not kept) for pk, kept in reviews),
        *_provider_differences(now),
    ]


@transaction.atomic
def stats_rebuild(*, now: datetime | None = None) -> None:
    """Write every kept count from a recount (after a bulk load, or to repair a drift)."""
    now = now or timezone.now()
    Job.objects.update(bid_count=_live_bids_of_job())
    Review.objects.update(in_provider_stats=_counts_for_provider(now))
    ProviderStats.objects.all().delete()
    ProviderStats.objects.bulk_create(
        [
            ProviderStats(
                organization_id=organization_id,
                completed_jobs=completed,
                review_count=review_count,
                rating_sum=rating_sum,
            )
            for organization_id, (completed, review_count, rating_sum) in provider_stats_counted(
                now=now
            ).items()
        ],
        batch_size=5000,
    )
