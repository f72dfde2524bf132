"""Reads of the marketplace, each shaped for its page (a fixed number of queries)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import Organization, OrganizationKind, User
from accounts.selectors import is_member, membership_for_user
from certification.models import LabelStatus
from certification.selectors import labels as label_selectors
from certification.selectors.labels import annotate_label
from files.models import StoredFile
from marketplace.models import (
    Bid,
    BidFile,
    BidStatus,
    DeliveryFile,
    InvitationStatus,
    Job,
    JobInvitation,
    JobStatus,
    Review,
    ReviewDirection,
    Visibility,
)
from marketplace.transitions import BRIEF_EDITABLE

JOB_SORTS = {
    "newest": ["-published_at", "-pk"],
    "budget_high": ["-budget_max", "-pk"],
    "budget_low": ["budget_min", "-pk"],
    "deadline": ["bid_deadline", "-pk"],
}
BUDGET_SORTS = {"budget_high", "budget_low"}
# Budgets compare only like with like: 2,200 EUR is not more than 1,800 USD, and an hourly rate
# is not a price. Filtering or sorting by budget therefore needs one currency and one type.
BUDGET_NEEDS_CURRENCY_AND_TYPE = _(
    "Choose a currency and a budget type to filter or sort by budget: amounts in different "
    "currencies, and fixed prices and hourly rates, do not compare."
)


def budget_comparison_refusal(
    *, currency: str, budget_type: str, budget_from, budget_to, sort: str
) -> str | None:
    """Why these job list filters cannot be applied, or None when they can."""
    compares_budgets = budget_from is not None or budget_to is not None or sort in BUDGET_SORTS
    if compares_budgets and not (currency and budget_type):
        return str(BUDGET_NEEDS_CURRENCY_AND_TYPE)
    return None


BID_SORTS = {
    "price": ["price", "pk"],
    "delivery": ["delivery_days", "price"],
    "rating": [F("rating").desc(nulls_last=True), "price"],
    "label": ["label_rank", "price"],
}
# Directory filter on the label: "certified" (active or expiring), one status, or "none".
LABEL_FILTERS = ["certified", *LabelStatus.values, "none"]

LIVE_BID = ~Q(status=BidStatus.WITHDRAWN)


def may_post_jobs(user: User) -> bool:
    """Jobs are posted by buyers; providers bid, and Fairbid's staff stay out of trade."""
    return user.is_authenticated and user.is_buyer and not user.is_staff


def jobs_visible_to(user: User):
    """Jobs a person may see: public published ones, invite-only ones their organization was
    invited to or bid on (a bidder keeps sight of a job that became invite-only), and every
    job of their own."""
    visible = Q(visibility=Visibility.PUBLIC) & ~Q(status=JobStatus.DRAFT)
    if user.is_authenticated:
        invited = JobInvitation.objects.filter(organization__memberships__user=user).values(
            "job_id"
        )
        bid_on = Bid.objects.filter(organization__memberships__user=user).values("job_id")
        visible |= Q(buyer=user) | (
            (Q(pk__in=invited) | Q(pk__in=bid_on)) & ~Q(status=JobStatus.DRAFT)
        )
    return Job.objects.filter(visible)


def job_list(
    *,
    user: User,
    q: str = "",
    category: str = "",
    currency: str = "",
    budget_type: str = "",
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
    if budget_type:
        jobs = jobs.filter(budget_type=budget_type)
    if budget_from is not None:
        jobs = jobs.filter(budget_max__gte=budget_from)
    if budget_to is not None:
        jobs = jobs.filter(budget_min__lte=budget_to)
    if posted_within_days:
        jobs = jobs.filter(published_at__gte=timezone.now() - timedelta(days=posted_within_days))
    ordering = JOB_SORTS.get(sort, JOB_SORTS["newest"])
    if q:
        jobs, ordering = _search(jobs, q, ordering, sort_given=sort in JOB_SORTS)
    return jobs.select_related("buyer").order_by(*ordering)


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
        .filter(pk=pk)
        .first()
    )


def buyer_organization(user_id: int) -> Organization | None:
    return Organization.objects.filter(memberships__user_id=user_id).first()


def annotate_provider_stats(organizations, *, path: str = ""):
    """Add rating, review_count and completed_jobs to a queryset reaching an Organization:
    the counts ProviderStats keeps, plus the reviews published since the periodic fold last
    counted them (a sealed review is published when its period ends, by the clock alone)."""
    stats = f"{path}provider_stats__"
    since_fold = Review.objects.filter(
        provider=OuterRef(f"{path}pk"),
        in_provider_stats=False,
        hidden_at=None,
        direction=ReviewDirection.OF_PROVIDER,
        published_at__lte=timezone.now(),
    ).values("provider")
    review_count = Coalesce(F(f"{stats}review_count"), Value(0)) + Coalesce(
        Subquery(since_fold.annotate(n=Count("pk")).values("n")), Value(0)
    )
    rating_sum = Coalesce(F(f"{stats}rating_sum"), Value(0)) + Coalesce(
        Subquery(since_fold.annotate(total=Sum("rating")).values("total")), Value(0)
    )
    return organizations.annotate(
        review_count=ExpressionWrapper(review_count, output_field=IntegerField()),
        rating=ExpressionWrapper(
            Cast(rating_sum, FloatField()) / NullIf(review_count, Value(0)),
            output_field=FloatField(),
        ),
        completed_jobs=Coalesce(F(f"{stats}completed_jobs"), Value(0)),
    )


def bids_for_comparison(
    *, job: Job, sort: str = "price", certified_only: bool = False, shortlisted_only: bool = False
):
    bids = (
        job.bids.filter(LIVE_BID)
        .select_related("organization")
        .prefetch_related("milestones", "files__file")
    )
    bids = annotate_provider_stats(bids, path="organization__")
    bids = annotate_label(bids, organization_path="organization__").annotate(
        label_rank=label_selectors.label_rank()
    )
    if certified_only:
        bids = label_selectors.certified_only(bids, organization_path="organization__")
    if shortlisted_only:
        bids = bids.filter(shortlisted=True)
    return bids.order_by(*BID_SORTS.get(sort, BID_SORTS["price"]))


def own_bid(*, job: Job, organization_id: int) -> Bid | None:
    return annotate_label(
        job.bids.filter(LIVE_BID, organization_id=organization_id).prefetch_related(
            "milestones", "files__file"
        ),
        organization_path="organization__",
    ).first()


def buyer_jobs(*, user: User):
    return (
        Job.objects.filter(buyer=user)
        .select_related("awarded_bid__organization")
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
    return Job.objects.filter(buyer=user, status__in=BRIEF_EDITABLE).order_by("-created_at")


def provider_countries() -> list[tuple[str, str]]:
    codes = (
        Organization.objects.filter(kind=OrganizationKind.PROVIDER)
        .order_by()  # the default order by name would make each (country, name) pair distinct
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
    return annotate_label(
        annotate_provider_stats(Organization.objects.filter(kind=OrganizationKind.PROVIDER))
    )


def provider_directory(*, country: str = "", category: str = "", min_rating=None, label: str = ""):
    organizations = providers()
    if label == "certified":
        organizations = label_selectors.certified_only(organizations)
    elif label == "none":
        organizations = organizations.filter(label_status__isnull=True)
    elif label:
        organizations = organizations.filter(label_status=label)
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


def published_reviews():
    """Reviews anyone may read: not hidden by staff, and no longer sealed (double-blind)."""
    return Review.objects.filter(hidden_at=None, published_at__lte=timezone.now())


def provider_reviews(*, organization: Organization):
    return (
        published_reviews()
        .filter(provider=organization, direction=ReviewDirection.OF_PROVIDER)
        .select_related("job", "author")
        .order_by("-created_at")
    )


def job_reviews(*, job: Job, user: User):
    """The job's reviews this person may read: the published ones, and their own side's
    review while it is still sealed from the other side."""
    own_side = review_direction_for(job, user) if user.is_authenticated else None
    readable = Q(published_at__lte=timezone.now())
    if own_side:
        readable |= Q(direction=own_side)
    return job.reviews.filter(readable, hidden_at=None).select_related("author")


def review_period_end(job: Job):
    """When the completed job's review period ends (None before completion): reviews are
    written until then, each sealed from the other side until both are written."""
    completed_at = (
        job.events.filter(to_status=JobStatus.COMPLETED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return completed_at + settings.REVIEW_SEALED_PERIOD if completed_at else None


def job_history(*, job: Job):
    return job.events.select_related("actor")


def job_deliveries(*, job: Job):
    return job.deliveries.select_related("delivered_by").prefetch_related("files__file")


def job_files(*, job: Job) -> list[StoredFile]:
    return [link.file for link in job.files.select_related("file")]


# Who may download a file attached to a job, a bid or a delivery: the views ask these after
# finding the job the person may see (jobs_visible_to), and answer 404 on None.


def job_file(*, job: Job, file_pk: int) -> StoredFile | None:
    """A file of the job's brief: anyone who may see the job."""
    link = job.files.select_related("file").filter(file_id=file_pk).first()
    return link.file if link else None


def bid_file(*, job: Job, bid_pk: int, file_pk: int, user: User) -> StoredFile | None:
    """A file of a bid: the job's buyer and the bidding organization's members only."""
    link = (
        BidFile.objects.select_related("file", "bid")
        .filter(bid__job=job, bid_id=bid_pk, file_id=file_pk)
        .first()
    )
    if link is None:
        return None
    if job.buyer_id == user.pk or is_member(user=user, organization_id=link.bid.organization_id):
        return link.file
    return None


def delivery_file(*, job: Job, delivery_pk: int, file_pk: int, user: User) -> StoredFile | None:
    """A file of a delivery: the job's buyer and the awarded organization's members only."""
    link = (
        DeliveryFile.objects.select_related("file")
        .filter(delivery__job=job, delivery_id=delivery_pk, file_id=file_pk)
        .first()
    )
    awarded = job.awarded_bid.organization_id if job.awarded_bid_id else None
    if link is None:
        return None
    if job.buyer_id == user.pk or is_member(user=user, organization_id=awarded):
        return link.file
    return None


def job_invitations(*, job: Job):
    return job.invitations.select_related("organization").order_by("organization__name")


@dataclass(frozen=True)
class JobViewer:
    """Who a person is to a job, for what its page offers them. The services still decide:
    this only hides the buttons that would be refused."""

    is_buyer: bool
    is_provider_member: bool
    is_awarded_provider: bool
    own_bid: Bid | None
    invitation: JobInvitation | None
    can_bid: bool
    can_edit_brief: bool
    review_direction: str | None
    review_period_end: datetime | None

    @property
    def involved(self) -> bool:
        return self.is_buyer or self.is_awarded_provider


def job_viewer(*, job: Job, user: User, reviews) -> JobViewer:
    membership = membership_for_user(user=user)
    organization = membership.organization if membership else None
    is_buyer = job.buyer_id == user.pk
    is_provider_member = organization is not None and organization.is_provider
    own = own_bid(job=job, organization_id=organization.pk) if is_provider_member else None
    is_awarded_provider = bool(
        organization and job.awarded_bid and job.awarded_bid.organization_id == organization.pk
    )
    direction = period_end = None
    if job.status == JobStatus.COMPLETED:
        period_end = review_period_end(job)
    if period_end and user.is_authenticated and timezone.now() < period_end:
        direction = review_direction_for(job, user)
        if any(review.direction == direction for review in reviews):
            direction = None
    return JobViewer(
        is_buyer=is_buyer,
        is_provider_member=is_provider_member,
        is_awarded_provider=is_awarded_provider,
        own_bid=own,
        invitation=pending_invitation(job=job, organization_id=organization.pk)
        if is_provider_member
        else None,
        can_bid=is_provider_member
        and own is None
        and job.status == JobStatus.OPEN
        and not is_buyer,
        can_edit_brief=is_buyer and job.status in BRIEF_EDITABLE,
        review_direction=direction,
        review_period_end=period_end,
    )


def review_direction_for(job: Job, user: User) -> str | None:
    """Which side of the completed job the user reviews from, or None if neither."""
    if job.buyer_id == user.pk:
        return ReviewDirection.OF_PROVIDER
    if job.awarded_bid_id and is_member(user=user, organization_id=job.awarded_bid.organization_id):
        return ReviewDirection.OF_BUYER
    return None
