from decimal import Decimal

from rest_framework import serializers

from accounts.api.serializers import OrganizationSummarySerializer, PublicUserSerializer
from accounts.models import Organization
from accounts.services import ORGANIZATION_FIELDS
from certification.models import LabelStatus
from core.api import MAX_ID
from marketplace.models import (
    MAX_WEEKLY_HOURS,
    Bid,
    BidMilestone,
    BudgetType,
    Category,
    Currency,
    Job,
    Review,
    Visibility,
)
from marketplace.selectors import BID_SORTS
from marketplace.services.jobs import JOB_FIELDS

MONEY = {"max_digits": 12, "decimal_places": 2}
MIN_AMOUNT = Decimal("0.01")
LABEL_STATUS = serializers.ChoiceField(
    choices=LabelStatus.choices,
    read_only=True,
    allow_null=True,
    help_text="The provider's Fairbid label: null when it never held one.",
)
LABEL_CODE = serializers.CharField(
    read_only=True, allow_null=True, help_text="Verify at /labels/<code>/."
)


class JobSerializer(serializers.ModelSerializer):
    buyer = PublicUserSerializer(read_only=True)
    skills = serializers.ListField(source="skill_list", child=serializers.CharField())
    bid_count = serializers.IntegerField(read_only=True)
    awarded_to = OrganizationSummarySerializer(
        source="awarded_bid.organization", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Job
        fields = [
            "id",
            *JOB_FIELDS,
            "status",
            "published_at",
            "created_at",
            "bid_count",
            "buyer",
            "awarded_to",
        ]
        read_only_fields = fields


class AttachedFileSerializer(serializers.Serializer):
    """A file of a job's brief, a bid or a delivery, with the address that downloads it for
    those who may have it."""

    id = serializers.IntegerField(source="file_id", read_only=True)
    name = serializers.CharField(source="file.name", read_only=True)
    size = serializers.IntegerField(source="file.size", read_only=True)
    content_type = serializers.CharField(source="file.content_type", read_only=True)
    download_url = serializers.CharField(source="download_path", read_only=True)


class JobDetailSerializer(JobSerializer):
    files = AttachedFileSerializer(many=True, read_only=True)

    class Meta(JobSerializer.Meta):
        fields = [*JobSerializer.Meta.fields, "files"]
        read_only_fields = fields


class JobWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(max_length=10_000)
    category = serializers.ChoiceField(choices=Category.choices)
    skills = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=30
    )
    budget_type = serializers.ChoiceField(choices=BudgetType.choices)
    budget_min = serializers.DecimalField(**MONEY, min_value=MIN_AMOUNT)
    budget_max = serializers.DecimalField(
        **MONEY, min_value=MIN_AMOUNT, required=False, allow_null=True
    )
    currency = serializers.ChoiceField(choices=Currency.choices)
    bid_deadline = serializers.DateTimeField()
    delivery_date = serializers.DateField()
    prefer_certified = serializers.BooleanField(required=False, default=False)
    visibility = serializers.ChoiceField(
        choices=Visibility.choices, required=False, default=Visibility.PUBLIC
    )

    def validate(self, data):
        if "skills" in data:
            data["skills"] = ", ".join(data["skills"])
        if data.get("budget_type") == BudgetType.FIXED or data.get("budget_max") is None:
            data["budget_max"] = data.get("budget_min")
        return data


class JobCreateSerializer(JobWriteSerializer):
    publish = serializers.BooleanField(
        required=False, default=False, help_text="Publish at once instead of saving a draft."
    )


class JobUpdateSerializer(JobWriteSerializer):
    """Every field optional: send only what changes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)

    def validate(self, data):
        if "skills" in data:
            data["skills"] = ", ".join(data["skills"])
        return data


class MilestoneSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY, min_value=MIN_AMOUNT)

    class Meta:
        model = BidMilestone
        fields = ["title", "amount", "due_date"]


class BidSerializer(serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    files = AttachedFileSerializer(many=True, read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "job",
            "organization",
            "price",
            "currency",
            "delivery_days",
            "proposal",
            "weekly_hour_limit",
            "milestones",
            "files",
            "status",
            "shortlisted",
            "decline_reason",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ComparedBidSerializer(BidSerializer):
    """A bid as its job's buyer compares it, with the provider's record."""

    rating = serializers.FloatField(read_only=True, allow_null=True)
    review_count = serializers.IntegerField(read_only=True)
    completed_jobs = serializers.IntegerField(read_only=True)
    label_status = LABEL_STATUS
    label_code = LABEL_CODE

    class Meta(BidSerializer.Meta):
        fields = [
            *BidSerializer.Meta.fields,
            "rating",
            "review_count",
            "completed_jobs",
            "label_status",
            "label_code",
        ]
        read_only_fields = fields


class BidComparisonQuerySerializer(serializers.Serializer):
    sort = serializers.ChoiceField(choices=list(BID_SORTS), required=False, default="price")
    certified_only = serializers.BooleanField(required=False, default=False)
    shortlisted_only = serializers.BooleanField(required=False, default=False)


class BidWriteSerializer(serializers.Serializer):
    price = serializers.DecimalField(**MONEY, min_value=MIN_AMOUNT)
    delivery_days = serializers.IntegerField(min_value=1, max_value=730)
    proposal = serializers.CharField(max_length=10_000)
    milestones = MilestoneSerializer(many=True, required=False)
    weekly_hour_limit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_WEEKLY_HOURS,
        required=False,
        allow_null=True,
        help_text="On an hourly job (required there), the most hours a week the firm works; "
        "the price is then per hour. Not on a fixed-price job.",
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2_000)


class DeliverySerializer(serializers.Serializer):
    message = serializers.CharField(max_length=10_000)


class AwardSerializer(serializers.Serializer):
    bid_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    bid_version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The bid's version as you saw it; refused if the provider changed it since.",
    )
    premium_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=20,
        required=False,
        default=Decimal("0"),
        help_text="A fair-trade premium for a provider carrying the label, in percent of the "
        "price (0 to 20), paid to the firm with each milestone.",
    )


class ShortlistSerializer(serializers.Serializer):
    shortlisted = serializers.BooleanField()


class InviteSerializer(serializers.Serializer):
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.filter(kind="provider"),
        help_text="The provider organization's slug.",
    )


class ReviewSerializer(serializers.ModelSerializer):
    author = PublicUserSerializer(read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "job",
            "direction",
            "author",
            "rating",
            "text",
            "created_at",
            "published_at",
        ]
        read_only_fields = ["id", "job", "direction", "author", "created_at", "published_at"]
        extra_kwargs = {"rating": {"min_value": 1, "max_value": 5}}


class ProviderSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    website = serializers.CharField(read_only=True, help_text="A URL, or empty when none.")
    rating = serializers.FloatField(read_only=True, allow_null=True)
    review_count = serializers.IntegerField(read_only=True)
    completed_jobs = serializers.IntegerField(read_only=True)
    label_status = LABEL_STATUS
    label_code = LABEL_CODE

    class Meta:
        model = Organization
        fields = [
            "slug",
            *ORGANIZATION_FIELDS,
            "rating",
            "review_count",
            "completed_jobs",
            "label_status",
            "label_code",
        ]
        read_only_fields = fields
