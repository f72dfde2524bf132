from django.contrib import admin
from django.db.models import Count, Q

from marketplace.models import (
    Bid,
    BidMilestone,
    BidStatus,
    Delivery,
    Job,
    JobEvent,
    JobInvitation,
    Review,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class JobEventInline(ReadOnlyInline):
    model = JobEvent
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


class BidInline(ReadOnlyInline):
    model = Bid
    fk_name = "job"
    fields = ["organization", "price", "currency", "delivery_days", "status", "shortlisted"]
    readonly_fields = fields


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "buyer",
        "category",
        "status",
        "budget_min",
        "budget_max",
        "currency",
        "bid_deadline",
        "live_bids",
    ]
    list_filter = ["status", "category", "currency", "visibility", "prefer_certified", "created_at"]
    search_fields = ["title", "description", "skills", "buyer__email"]
    list_select_related = ["buyer"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "published_at", "awarded_bid", "created_at", "updated_at"]
    exclude = ["search_document"]
    autocomplete_fields = ["buyer"]
    inlines = [BidInline, JobEventInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(live_bid_count=Count("bids", filter=~Q(bids__status=BidStatus.WITHDRAWN)))
        )

    @admin.display(description="bids", ordering="live_bid_count")
    def live_bids(self, job):
        return job.live_bid_count


class BidMilestoneInline(admin.TabularInline):
    model = BidMilestone
    extra = 0


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = [
        "job",
        "organization",
        "price",
        "currency",
        "delivery_days",
        "status",
        "created_at",
    ]
    list_filter = ["status", "shortlisted", "currency", "organization__country"]
    search_fields = ["job__title", "organization__name", "submitted_by__email"]
    list_select_related = ["job", "organization"]
    readonly_fields = ["status", "created_at", "updated_at"]
    autocomplete_fields = ["job", "organization", "submitted_by"]
    inlines = [BidMilestoneInline]


@admin.register(JobInvitation)
class JobInvitationAdmin(admin.ModelAdmin):
    list_display = ["job", "organization", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["job__title", "organization__name"]
    list_select_related = ["job", "organization"]
    autocomplete_fields = ["job", "organization"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["job", "delivered_by", "created_at", "revision_reason"]
    search_fields = ["job__title", "message"]
    list_select_related = ["job", "delivered_by"]
    autocomplete_fields = ["job", "delivered_by"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["job", "direction", "provider", "rating", "author", "created_at"]
    list_filter = ["direction", "rating"]
    search_fields = ["job__title", "provider__name", "author__email", "text"]
    list_select_related = ["job", "provider", "author"]
    autocomplete_fields = ["job", "provider", "author"]


@admin.register(JobEvent)
class JobEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "job", "from_status", "to_status", "actor"]
    list_filter = ["to_status", "created_at"]
    search_fields = ["job__title", "reason", "actor__email"]
    list_select_related = ["job", "actor"]
    fields = ["job", "from_status", "to_status", "actor", "reason", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BidMilestone)
class BidMilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "bid", "amount", "due_date"]
    list_filter = ["due_date"]
    search_fields = ["title", "bid__job__title", "bid__organization__name"]
    list_select_related = ["bid__job", "bid__organization"]
    autocomplete_fields = ["bid"]
