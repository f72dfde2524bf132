from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conversations.models import Conversation, EmailMode, Message
from core.api import MAX_ID


class FileSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, stored_file) -> str:
        return reverse(
            "conversations:attachment",
            kwargs={"pk": self.context["conversation_id"], "file_pk": stored_file.pk},
        )


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True)
    text = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "text", "status", "created_at", "edited_at", "files"]
        read_only_fields = fields

    def get_status(self, message) -> str:
        if message.hidden_at:
            return "hidden"
        if message.withdrawn_at:
            return "withdrawn"
        return "edited" if message.edited_at else "sent"

    def get_text(self, message) -> str:
        return message.text if message.is_visible else ""

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, message):
        if not message.is_visible:
            return []
        context = {**self.context, "conversation_id": message.conversation_id}
        files = [attachment.file for attachment in message.attachments.all()]
        return FileSerializer(files, many=True, context=context).data


class ConversationSerializer(serializers.ModelSerializer):
    job = serializers.IntegerField(source="job_id", read_only=True)
    job_title = serializers.CharField(source="job.title", read_only=True)
    organization = serializers.IntegerField(source="organization_id", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    unread_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "job",
            "job_title",
            "organization",
            "organization_name",
            "created_at",
            "last_message_at",
            "unread_count",
        ]
        read_only_fields = fields


class MessageInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=settings.CONVERSATIONS_MESSAGE_MAX_LENGTH, allow_blank=True, required=False
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=settings.FILES_MAX_COUNT
    )


class StartInputSerializer(MessageInputSerializer):
    job = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    organization = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="The provider organization to write to; for the buyer only.",
    )


class EditInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=settings.CONVERSATIONS_MESSAGE_MAX_LENGTH)


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class EmailPreferenceSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=EmailMode.choices)
