"""The marketplace in Django admin: read-only, since jobs, bids and reviews change only through
their services. Staff act through admin actions that call those services."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline, action_with_note
from marketplace.models import (
    Bid,
    BidEvent,
    BidMilestone,
    Delivery,
    Job,
    JobEvent,
    JobInvitation,
    Review,
)
from marketplace.services import jobs as job_services
from marketplace.services import reviews as review_services

HISTORY_FIELDS = ["created_at", "from_status", "to_status", "actor_display", "reason"]


class JobEventInline(ReadOnlyInline):
    model = JobEvent
    fields = HISTORY_FIELDS
    readonly_fields = fields


class BidInline(ReadOnlyInline):
    model = Bid
    fk_name = "job"
    fields = ["organization", "price", "currency", "delivery_days", "status", "shortlisted"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "buyer",
        "category",
        "status",
        "budget_min",
        "budget_max",
        "currency",
        "bid_deadline",
        "bid_count",
    ]
    list_filter = ["status", "category", "currency", "visibility", "prefer_certified", "created_at"]
    search_fields = ["title", "description", "skills", "buyer__email"]
    list_select_related = ["buyer"]
    date_hierarchy = "created_at"
    exclude = ["search_document"]
    inlines = [BidInline, JobEventInline]
    actions = ["cancel_jobs"]

    cancel_jobs = action_with_note(
        lambda job, by, note: job_services.job_cancel(job=job, by=by, reason=note),
        description="Cancel the jobs",
        permission="cancel",
        name="cancel_jobs",
        note_help="Every bidder is told this reason, and it is kept in the job's history.",
    )

    def has_cancel_permission(self, request):
        return request.user.has_perm("marketplace.change_job")


class BidEventInline(ReadOnlyInline):
    model = BidEvent
    fields = HISTORY_FIELDS
    readonly_fields = fields


class BidMilestoneInline(ReadOnlyInline):
    model = BidMilestone
    fields = ["title", "amount", "due_date"]
    readonly_fields = fields


@admin.register(Bid)
class BidAdmin(ReadOnlyAdmin):
    list_display = [
        "job",
        "organization",
        "price",
        "currency",
        "delivery_days",
        "status",
        "created_at",
    ]
    list_filter = ["status", "shortlisted", "currency"]
    search_fields = ["job__title", "organization__name", "submitted_by__email"]
    list_select_related = ["job", "organization"]
    inlines = [BidMilestoneInline, BidEventInline]


@admin.register(JobInvitation)
class JobInvitationAdmin(ReadOnlyAdmin):
    list_display = ["job", "organization", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["job__title", "organization__name"]
    list_select_related = ["job", "organization"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["job", "delivered_by", "created_at", "revision_reason"]
    search_fields = ["job__title", "message"]
    list_select_related = ["job", "delivered_by"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["job", "direction", "provider", "rating", "author", "created_at", "hidden_at"]
    list_filter = ["direction", "rating", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["job__title", "provider__name", "author__email", "text"]
    list_select_related = ["job", "provider", "author"]
    actions = ["hide_reviews"]

    hide_reviews = action_with_note(
        lambda review, by, note: review_services.review_hide(review=review, by=by, reason=note),
        description="Hide the reviews",
        permission="hide",
        name="hide_reviews",
        note_help="The review's author is told this reason; the review stays stored.",
    )

    def has_hide_permission(self, request):
        return request.user.has_perm("marketplace.change_review")


@admin.register(JobEvent)
class JobEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "job", "from_status", "to_status", "actor_display"]
    list_filter = ["to_status", "created_at"]
    search_fields = ["job__title", "reason", "actor_name", "actor__email"]
    list_select_related = ["job", "actor"]


@admin.register(BidEvent)
class BidEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "bid", "from_status", "to_status", "actor_display"]
    list_filter = ["to_status", "created_at"]
    search_fields = ["bid__job__title", "bid__organization__name", "reason", "actor_name"]
    list_select_related = ["bid__job", "bid__organization", "actor"]
