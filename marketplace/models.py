from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Cast, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.fields import ParagraphsField, SingleLineField
from core.models import HistoryEvent, TimeStampedModel


class Category(models.TextChoices):
    DATA_ENTRY = "data_entry", _("Data entry and annotation")
    TRANSCRIPTION = "transcription", _("Transcription")
    TRANSLATION = "translation", _("Translation")
    SOFTWARE = "software", _("Software development")
    DESIGN = "design", _("Design")
    CUSTOMER_SUPPORT = "customer_support", _("Customer support")
    RESEARCH = "research", _("Research")
    BOOKKEEPING = "bookkeeping", _("Bookkeeping")
    OTHER = "other", _("Other")


class Currency(models.TextChoices):
    """ISO 4217 codes buyers may price jobs in."""

    USD = "USD", _("USD — US dollar")
    EUR = "EUR", _("EUR — euro")
    GBP = "GBP", _("GBP — pound sterling")
    CHF = "CHF", _("CHF — Swiss franc")
    CAD = "CAD", _("CAD — Canadian dollar")
    AUD = "AUD", _("AUD — Australian dollar")
    SEK = "SEK", _("SEK — Swedish krona")
    KES = "KES", _("KES — Kenyan shilling")
    UGX = "UGX", _("UGX — Ugandan shilling")
    INR = "INR", _("INR — Indian rupee")


class BudgetType(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    HOURLY = "hourly", _("Hourly rate")


class JobStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for bids")
    AWARDED = "awarded", _("Awarded")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: any provider may bid")
    INVITE_ONLY = "invite_only", _("Invited providers only")


MONEY = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0.01"))],
}


class Job(TimeStampedModel):
    """A service contract a buyer posts for providers to bid on."""

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    title = SingleLineField(max_length=160)
    description = ParagraphsField(max_length=10_000)
    category = models.CharField(max_length=32, choices=Category.choices)
    skills = SingleLineField(
        _("required skills"),
        max_length=400,
        blank=True,
        help_text=_("Comma-separated, e.g. Python, Django, PostgreSQL."),
    )
    budget_type = models.CharField(max_length=16, choices=BudgetType.choices)
    budget_min = models.DecimalField(_("budget from"), **MONEY)
    budget_max = models.DecimalField(_("budget up to"), **MONEY)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.USD)
    bid_deadline = models.DateTimeField()
    delivery_date = models.DateField(_("expected delivery date"))
    prefer_certified = models.BooleanField(
        _("prefer certified providers"),
        default=False,
        help_text=_("Tell providers you favour bids from firms carrying the Fairbid label."),
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    awarded_bid = models.OneToOneField(
        "Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="awarded_job"
    )
    # The fair-trade premium the buyer added to the award of a certified provider, in percent
    # of the price (0 when none); carried into the contract when the award is accepted.
    award_premium_percent = models.DecimalField(
        "fair-trade premium (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    # Maintained by the services on PostgreSQL (GIN-indexed); unused on SQLite.
    search_document = SearchVectorField(null=True, editable=False)
    # Bids not withdrawn, kept by the bid services (marketplace/services/stats.py) so that no
    # list counts the bids of every job it shows.
    bid_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "bid_deadline"]),
            models.Index(fields=["category", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(budget_min__gt=0), name="job_budget_positive"),
            models.CheckConstraint(
                condition=Q(budget_max__gte=F("budget_min")), name="job_budget_range_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(budget_type="fixed") | Q(budget_max=F("budget_min")),
                name="job_fixed_price_is_one_amount",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="job_published_unless_draft",
            ),
            models.CheckConstraint(
                condition=Q(award_premium_percent__gte=0, award_premium_percent__lte=20),
                name="job_award_premium_zero_to_twenty_percent",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("marketplace:job_detail", kwargs={"pk": self.pk})

    @property
    def skill_list(self):
        return [skill.strip() for skill in self.skills.split(",") if skill.strip()]


class JobEvent(HistoryEvent):
    """One change of a job's status (append-only)."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=32, choices=JobStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=JobStatus.choices)

    class Meta(HistoryEvent.Meta):
        indexes = [models.Index(fields=["job", "created_at"], name="job_event_by_job")]

    def __str__(self):
        return f"{self.job}: {self.from_status or '—'} → {self.to_status}"


class BidStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined by the buyer")
    AWARDED = "awarded", _("Awarded")
    NOT_SELECTED = "not_selected", _("Not selected")
    AWARD_DECLINED = "award_declined", _("Award declined")


MAX_WEEKLY_HOURS = 168  # the hours in a week


class Bid(TimeStampedModel):
    """A provider organization's sealed offer for a job."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="bids")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="bids")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bids_submitted"
    )
    price = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    delivery_days = models.PositiveIntegerField(
        _("delivery time (days)"), validators=[MinValueValidator(1), MaxValueValidator(730)]
    )
    proposal = ParagraphsField(max_length=10_000)
    # On an hourly job, the price is per hour and the firm commits to at most this many hours
    # a week; the contract made from the bid holds the timesheets to it.
    weekly_hour_limit = models.PositiveSmallIntegerField(
        _("hours a week, at most"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKLY_HOURS)],
    )
    status = models.CharField(max_length=16, choices=BidStatus.choices, default=BidStatus.ACTIVE)
    shortlisted = models.BooleanField(default=False)
    decline_reason = ParagraphsField(blank=True)
    # Counts the provider's edits, so an award can name the offer the buyer saw.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["price", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "organization"],
                condition=~Q(status="withdrawn"),
                name="one_active_bid_per_organization_per_job",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="bid_price_positive"),
            models.CheckConstraint(
                condition=Q(delivery_days__gte=1), name="bid_delivery_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(weekly_hour_limit__isnull=True)
                | Q(weekly_hour_limit__gte=1, weekly_hour_limit__lte=MAX_WEEKLY_HOURS),
                name="bid_weekly_hour_limit_within_a_week",
            ),
        ]

    def __str__(self):
        return f"{self.organization} on {self.job}"


class BidEvent(HistoryEvent):
    """One change of a bid's status (append-only)."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=32, choices=BidStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=BidStatus.choices)

    class Meta(HistoryEvent.Meta):
        indexes = [models.Index(fields=["bid", "created_at"], name="bid_event_by_bid")]

    def __str__(self):
        return f"{self.bid}: {self.from_status or '—'} → {self.to_status}"


class BidMilestone(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="milestones")
    title = SingleLineField(max_length=160)
    amount = models.DecimalField(**MONEY)
    due_date = models.DateField()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="milestone_amount_positive"),
        ]

    def __str__(self):
        return self.title


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted (bid placed)")
    DECLINED = "declined", _("Declined")


class JobInvitation(TimeStampedModel):
    """A buyer's invitation to a provider organization to bid on a job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="job_invitations"
    )
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    decline_reason = ParagraphsField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "organization"], name="one_invitation_per_organization_per_job"
            ),
        ]

    def __str__(self):
        return f"{self.organization} invited to {self.job}"


class Delivery(models.Model):
    """The provider's hand-over of the work, and the buyer's answer to it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="deliveries")
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = ParagraphsField(max_length=10_000)
    revision_reason = ParagraphsField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"Delivery of {self.job}"


class ReviewDirection(models.TextChoices):
    OF_PROVIDER = "of_provider", _("Buyer reviews the provider")
    OF_BUYER = "of_buyer", _("Provider reviews the buyer")


class Review(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="reviews")
    direction = models.CharField(max_length=16, choices=ReviewDirection.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="reviews")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = ParagraphsField(max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Reviews are double-blind: until this moment only the author's side reads the review. It
    # is the end of the review period, brought forward to when the other side reviews too.
    published_at = models.DateTimeField(db_index=True)
    # Staff hide a review that breaks the rules; it stays stored with the reason.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = ParagraphsField(blank=True)
    # Whether the rating is in its provider's ProviderStats: a review of the provider enters
    # them when it is published (at once, or when the periodic fold finds it due) and leaves
    # them when hidden.
    in_provider_stats = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Reviews of a provider not yet in its stats (sealed, or published since the
            # periodic fold): the fold's search, and what the pages add to the kept counts.
            models.Index(
                fields=["provider", "published_at"],
                condition=Q(in_provider_stats=False, hidden_at=None, direction="of_provider"),
                name="review_due_for_provider_stats",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "direction"], name="one_review_per_side_per_job"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="review_rating_one_to_five"
            ),
        ]

    def __str__(self):
        return f"{self.rating}★ on {self.job}"

    @property
    def is_sealed(self) -> bool:
        """Not yet readable by the other side (double-blind)."""
        return self.published_at > timezone.now()


class ProviderStats(models.Model):
    """What every list shows of a provider organization (completed jobs, its published
    reviews), kept by the services that change them, so no page aggregates them over all jobs
    and reviews. An organization with nothing to count has no row."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="provider_stats"
    )
    completed_jobs = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    rating = models.GeneratedField(
        expression=Cast("rating_sum", FloatField()) / NullIf("review_count", Value(0)),
        output_field=FloatField(),
        db_persist=True,
    )

    class Meta:
        verbose_name_plural = _("provider stats")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    rating_sum__gte=F("review_count"), rating_sum__lte=F("review_count") * 5
                ),
                name="provider_stats_ratings_one_to_five",
            ),
        ]

    def __str__(self):
        return f"Stats of {self.organization_id}"


class NotificationKind(models.TextChoices):
    """What the marketplace tells people about (registered with the notifications app)."""

    NEW_BID = "new_bid", _("New bid on your job")
    BID_AWARDED = "bid_awarded", _("Your bid was awarded")
    BID_NOT_SELECTED = "bid_not_selected", _("Your bid was not selected")
    BID_DECLINED = "bid_declined", _("Your bid was declined")
    AWARD_ACCEPTED = "award_accepted", _("Award accepted")
    AWARD_DECLINED = "award_declined", _("Award declined")
    JOB_INVITATION = "job_invitation", _("Invitation to bid")
    INVITATION_DECLINED = "invitation_declined", _("Invitation declined")
    DELIVERED = "delivered", _("Work delivered")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    COMPLETED = "completed", _("Job completed")
    JOB_CANCELLED = "job_cancelled", _("Job cancelled")
    NEW_REVIEW = "new_review", _("New review")
    REVIEW_HIDDEN = "review_hidden", _("Your review was hidden")


# --- Files attached to jobs, bids and deliveries (kept by the files app) -----------------------


class JobFile(models.Model):
    """A file of the job's brief: whoever may see the job may download it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.file} on {self.job}"

    def download_path(self) -> str:
        return reverse("marketplace:job_file", args=[self.job_id, self.file_id])


class BidFile(models.Model):
    """A file of a bid's proposal: for the buyer and the bidding organization only."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="files")
    file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.file} with {self.bid}"

    def download_path(self) -> str:
        return reverse("marketplace:bid_file", args=[self.bid.job_id, self.bid_id, self.file_id])


class DeliveryFile(models.Model):
    """A file of a delivery: for the buyer and the awarded organization only."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="files")
    file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.file} in {self.delivery}"
