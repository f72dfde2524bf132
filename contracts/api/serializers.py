from rest_framework import serializers

from contracts.models import (
    Contract,
    Dispute,
    Milestone,
    OutgoingPayment,
    Receipt,
    Submission,
)


class SubmissionSerializer(serializers.ModelSerializer):
    files = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "message", "changes_requested", "created_at", "files"]

    def get_files(self, submission) -> list[str]:
        return [link.file.name for link in submission.files.all()]


class OutgoingSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutgoingPayment
        fields = [
            "id",
            "kind",
            "amount",
            "premium",
            "currency",
            "reference",
            "sent_at",
            "confirmed_at",
        ]


class DisputeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dispute
        fields = [
            "id",
            "milestone",
            "timesheet",
            "opened_by_side",
            "reason",
            "opened_at",
            "answer_due",
            "answer",
            "answered_at",
            "outcome",
            "to_provider",
            "to_buyer",
            "premium_to_provider",
            "premium_to_buyer",
            "decision_note",
            "decided_at",
        ]


class ContractMilestoneSerializer(serializers.ModelSerializer):
    funding_reference = serializers.CharField(source="funding.reference", read_only=True)
    amount_due = serializers.DecimalField(
        source="funding.amount_due", max_digits=12, decimal_places=2, read_only=True
    )
    submissions = SubmissionSerializer(many=True, read_only=True)
    payments = OutgoingSerializer(source="outgoing", many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "position",
            "title",
            "amount",
            "premium",
            "due_date",
            "status",
            "submitted_at",
            "funding_reference",
            "amount_due",
            "submissions",
            "payments",
        ]


class ContractSerializer(serializers.ModelSerializer):
    job = serializers.IntegerField(source="job_id", read_only=True)
    provider = serializers.CharField(source="provider.name", read_only=True)
    milestones = ContractMilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "job",
            "provider",
            "kind",
            "currency",
            "price",
            "premium_percent",
            "weekly_hour_limit",
            "status",
            "end_agreed_by_buyer_at",
            "end_agreed_by_provider_at",
            "created_at",
            "milestones",
        ]


class ContractSummarySerializer(serializers.ModelSerializer):
    job = serializers.IntegerField(source="job_id", read_only=True)
    provider = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Contract
        fields = ["id", "job", "provider", "kind", "currency", "price", "premium_percent", "status"]


class ReceiptSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="code", read_only=True)
    contract = serializers.IntegerField(source="milestone.contract_id", read_only=True)
    milestone = serializers.CharField(source="milestone.title", read_only=True)

    class Meta:
        model = Receipt
        fields = [
            "id",
            "kind",
            "number",
            "contract",
            "milestone",
            "amount",
            "premium",
            "currency",
            "created_at",
        ]


class SubmissionInput(serializers.Serializer):
    message = serializers.CharField(max_length=10_000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=10_000)


class DisputeInput(ReasonInput):
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=10_000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class EndInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2_000)


class StatementQuery(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["receipt", "remittance"])
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
