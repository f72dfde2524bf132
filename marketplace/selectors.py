"""Reads of the marketplace, each shaped for its page (a fixed number of queries)."""

from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_countries import countries

from accounts.models import Organization, OrganizationKind, User
from marketplace.models import (
    Bid,
    BidStatus,
    InvitationStatus,
    Job,
    JobInvitation,
    JobStatus,
    Notification,
    Review,
    ReviewDirection,
    Visibility,
)

JOB_SORTS = {
    "newest": ["-published_at", "-pk"],
    "budget_high": ["-budget_max", "-pk"],
    "budget_low": ["budget_min", "-pk"],
    "deadline": ["bid_deadline", "-pk"],
}
BID_SORTS = {
    "price": ["price", "pk"],
    "delivery": ["delivery_days", "price"],
    "rating": [F("rating").desc(nulls_last=True), "price"],
}

LIVE_BID = ~Q(status=BidStatus.WITHDRAWN)


def _bid_count():
    return Count("bids", filter=~Q(bids__status=BidStatus.WITHDRAWN), distinct=True)


def jobs_visible_to(user: User):
    """Jobs a person may see: public published ones, invite-only ones they were invited to,
    and every job of their own."""
    visible = Q(visibility=Visibility.PUBLIC) & ~Q(status=JobStatus.DRAFT)
    if user.is_authenticated:
        invited = JobInvitation.objects.filter(organization__memberships__user=user).values(
            "job_id"
        )
        visible |= Q(buyer=user) | (Q(pk__in=invited) & ~Q(status=JobStatus.DRAFT))
    return Job.objects.filter(visible)


def job_list(
    *,
    user: User,
    q: str = "",
    category: str = "",
    currency: str = "",
    budget_from=None,
    budget_to=None,
    posted_within_days: int | None = None,
    sort: str = "newest",
):
    jobs = jobs_visible_to(user).filter(status=JobStatus.OPEN, bid_deadline__gt=timezone.now())
    if category:
        jobs = jobs.filter(category=category)
    if currency:
        jobs = jobs.filter(currency=currency)
    if budget_from is not None:
        jobs = jobs.filter(budget_max__gte=budget_from)
    if budget_to is not None:
        jobs = jobs.filter(budget_min__lte=budget_to)
    if posted_within_days:
        jobs = jobs.filter(published_at__gte=timezone.now() - timedelta(days=posted_within_days))
    ordering = JOB_SORTS.get(sort, JOB_SORTS["newest"])
    if q:
        jobs, ordering = _search(jobs, q, ordering, sort_given=sort in JOB_SORTS)
    return jobs.select_related("buyer").annotate(bid_count=_bid_count()).order_by(*ordering)


def _search(jobs, q, ordering, *, sort_given):
    if connection.vendor == "postgresql":
        query = SearchQuery(q, search_type="websearch", config="english")
        jobs = jobs.filter(search_document=query).annotate(
            rank=SearchRank(F("search_document"), query)
        )
        return jobs, ordering if sort_given else ["-rank", "-pk"]
    # A plain fallback where full-text search is not available: every word must appear.
    for word in q.split():
        jobs = jobs.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(skills__icontains=word)
        )
    return jobs, ordering


def job_for_page(*, pk: int, user: User) -> Job | None:
    return (
        jobs_visible_to(user)
        .select_related("buyer", "awarded_bid__organization")
        .annotate(bid_count=_bid_count())
        .filter(pk=pk)
        .first()
    )


def buyer_organization(user_id: int) -> Organization | None:
    return Organization.objects.filter(memberships__user_id=user_id).first()


def annotate_provider_stats(organizations, *, path: str = ""):
    """Add rating, review_count and completed_jobs to a queryset reaching an Organization."""
    reviews = Review.objects.filter(
        provider=OuterRef(f"{path}pk"), direction=ReviewDirection.OF_PROVIDER
    ).values("provider")
    completed = Job.objects.filter(
        status=JobStatus.COMPLETED, awarded_bid__organization=OuterRef(f"{path}pk")
    ).values("awarded_bid__organization")
    return organizations.annotate(
        rating=Subquery(reviews.annotate(avg=Avg("rating")).values("avg")[:1]),
        review_count=Coalesce(
            Subquery(reviews.annotate(n=Count("pk")).values("n")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
        completed_jobs=Coalesce(
            Subquery(completed.annotate(n=Count("pk")).values("n")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
    )


def bids_for_comparison(
    *, job: Job, sort: str = "price", certified_only: bool = False, shortlisted_only: bool = False
):
    bids = job.bids.filter(LIVE_BID).select_related("organization").prefetch_related("milestones")
    bids = annotate_provider_stats(bids, path="organization__")
    if certified_only:
        # No provider carries the Fairbid label until certification records labels.
        bids = bids.none()
    if shortlisted_only:
        bids = bids.filter(shortlisted=True)
    return bids.order_by(*BID_SORTS.get(sort, BID_SORTS["price"]))


def own_bid(*, job: Job, organization_id: int) -> Bid | None:
    return (
        job.bids.filter(LIVE_BID, organization_id=organization_id)
        .prefetch_related("milestones")
        .first()
    )


def buyer_jobs(*, user: User):
    return (
        Job.objects.filter(buyer=user)
        .select_related("awarded_bid__organization")
        .annotate(bid_count=_bid_count())
        .order_by("-updated_at")
    )


def provider_bids(*, organization_id: int, statuses):
    return (
        Bid.objects.filter(organization_id=organization_id, status__in=statuses)
        .select_related("job")
        .order_by("-updated_at")
    )


def provider_contracts(*, organization_id: int, statuses):
    return (
        Job.objects.filter(awarded_bid__organization_id=organization_id, status__in=statuses)
        .select_related("buyer", "awarded_bid")
        .order_by("-updated_at")
    )


def pending_invitation(*, job: Job, organization_id: int) -> JobInvitation | None:
    return job.invitations.filter(
        organization_id=organization_id, status=InvitationStatus.PENDING
    ).first()


def jobs_open_for_invitations(*, user: User):
    return Job.objects.filter(buyer=user, status__in=[JobStatus.DRAFT, JobStatus.OPEN]).order_by(
        "-created_at"
    )


def provider_countries() -> list[tuple[str, str]]:
    codes = (
        Organization.objects.filter(kind=OrganizationKind.PROVIDER)
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


def provider_pending_invitations(*, organization_id: int):
    return (
        JobInvitation.objects.filter(
            organization_id=organization_id,
            status=InvitationStatus.PENDING,
            job__status=JobStatus.OPEN,
        )
        .select_related("job")
        .order_by("job__bid_deadline")
    )


def providers():
    return annotate_provider_stats(Organization.objects.filter(kind=OrganizationKind.PROVIDER))


def provider_directory(*, country: str = "", category: str = "", min_rating=None):
    organizations = providers()
    if country:
        organizations = organizations.filter(country=country)
    if category:
        organizations = organizations.filter(
            pk__in=Job.objects.filter(status=JobStatus.COMPLETED, category=category).values(
                "awarded_bid__organization"
            )
        )
    if min_rating is not None:
        organizations = organizations.filter(rating__gte=min_rating)
    return organizations.order_by(F("rating").desc(nulls_last=True), "name")


def provider_profile(*, slug: str) -> Organization | None:
    return providers().filter(slug=slug).first()


def provider_reviews(*, organization: Organization):
    return (
        organization.reviews.filter(direction=ReviewDirection.OF_PROVIDER)
        .select_related("job", "author")
        .order_by("-created_at")
    )


def job_reviews(*, job: Job):
    return job.reviews.select_related("author")


def job_history(*, job: Job):
    return job.events.select_related("actor")


def job_deliveries(*, job: Job):
    return job.deliveries.select_related("delivered_by")


def job_invitations(*, job: Job):
    return job.invitations.select_related("organization").order_by("organization__name")


def notifications_for(*, user: User):
    return Notification.objects.filter(recipient=user)


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_to_email(*, ids):
    return list(
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("recipient")
    )
