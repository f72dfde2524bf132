from rest_framework import serializers

from accounts.api.serializers import OrganizationSummarySerializer
from certification.models import Application, Evidence, EvidenceKind, Label, LabelStatus
from certification.services import applications as application_services

# What a PositiveIntegerField holds on every database we run on.
MAX_WORKERS = 2_147_483_647


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    passed = serializers.BooleanField()
    explanation = serializers.CharField()
    how_to_fix = serializers.CharField(allow_blank=True)
    kind = serializers.CharField()


class LabelSerializer(serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    status = serializers.ChoiceField(
        source="effective_status",
        choices=LabelStatus.choices,
        read_only=True,
        help_text="The label's status today: a label past its last day is expired.",
    )

    class Meta:
        model = Label
        fields = [
            "code",
            "organization",
            "status",
            "status_reason",
            "valid_from",
            "valid_until",
            "last_checked_at",
            "criteria",
        ]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size",
            "valid_until",
            "uploaded_at",
        ]
        read_only_fields = fields


class EvidenceUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    file = serializers.FileField(help_text="PDF, PNG or JPEG, at most 10 MB.")
    valid_until = serializers.DateField()


class ApplicationSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "status",
            *application_services.ANSWER_FIELDS,
            "code_signed_by",
            "code_signed_at",
            "submitted_at",
            "decided_at",
            "reviewer_note",
            "evidence",
        ]
        read_only_fields = fields


class AnswersSerializer(serializers.Serializer):
    lowest_monthly_wage = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=1, required=False, allow_null=True
    )
    wage_currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_blank=True)
    total_workers = serializers.IntegerField(
        min_value=1, max_value=MAX_WORKERS, required=False, allow_null=True
    )
    impact_workers = serializers.IntegerField(
        min_value=0, max_value=MAX_WORKERS, required=False, allow_null=True
    )
    impact_description = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class SignSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
