from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organization
from conversations import selectors, services
from conversations.api import serializers as s
from conversations.models import Conversation, EmailMode, EmailPreference, Message
from core.api import ERRORS, validated_input
from marketplace import selectors as marketplace_selectors


def _conversation(request, pk) -> Conversation:
    """A conversation the client takes part in (staff read reported ones in the web pages)."""
    found = selectors.conversation_for(pk=pk, user=request.user)
    if found is None or found[1] not in (selectors.BUYER, selectors.PROVIDER):
        raise Http404
    return found[0]


def _message(request, pk) -> Message:
    message = Message.objects.filter(pk=pk).values_list("conversation_id", flat=True).first()
    if message is None:
        raise Http404
    conversation = _conversation(request, message)
    return selectors.message_of(conversation=conversation, pk=pk)


@extend_schema_view(
    get=extend_schema(responses={200: s.ConversationSerializer(many=True), **ERRORS}),
)
class ConversationListStart(generics.ListAPIView):
    """Your conversations, newest activity first, with your unread count in each; POST starts
    one about a job (or adds to it, if it exists) with a first message."""

    serializer_class = s.ConversationSerializer
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser]
    queryset = Conversation.objects.none()  # for the schema; requests get their own below

    def get_queryset(self):
        return selectors.conversations_for(user=self.request.user)

    @extend_schema(
        request={
            "application/json": s.StartInputSerializer,
            "multipart/form-data": s.StartInputSerializer,
        },
        responses={201: s.ConversationSerializer, **ERRORS},
    )
    def post(self, request):
        data = validated_input(s.StartInputSerializer, request)
        job = marketplace_selectors.job_for_page(pk=data["job"], user=request.user)
        if job is None:
            raise Http404
        organization = None
        if "organization" in data:
            organization = Organization.objects.filter(pk=data["organization"]).first()
            if organization is None:
                raise Http404
        conversation = services.conversation_start(
            job=job,
            by=request.user,
            text=data.get("text", ""),
            organization=organization,
            uploads=data.get("files", []),
        )
        conversation = selectors.conversations_for(user=request.user).get(pk=conversation.pk)
        return Response(s.ConversationSerializer(conversation).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(responses={200: s.ConversationSerializer, **ERRORS}))
class ConversationDetail(generics.RetrieveAPIView):
    serializer_class = s.ConversationSerializer
    permission_classes = [IsAuthenticated]
    queryset = Conversation.objects.none()

    def get_object(self):
        conversation = _conversation(self.request, self.kwargs["pk"])
        return selectors.conversations_for(user=self.request.user).get(pk=conversation.pk)


@extend_schema_view(
    get=extend_schema(responses={200: s.MessageSerializer(many=True), **ERRORS}),
)
class ConversationMessages(generics.ListAPIView):
    """The messages, newest first (page 1 is the latest); POST writes one. Reading does not
    mark the conversation read: POST to read/ when you show it."""

    serializer_class = s.MessageSerializer
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser]
    queryset = Message.objects.none()

    def get_queryset(self):
        conversation = _conversation(self.request, self.kwargs["pk"])
        return selectors.thread_messages(conversation=conversation)

    @extend_schema(
        request={
            "application/json": s.MessageInputSerializer,
            "multipart/form-data": s.MessageInputSerializer,
        },
        responses={201: s.MessageSerializer, **ERRORS},
    )
    def post(self, request, pk):
        conversation = _conversation(request, pk)
        data = validated_input(s.MessageInputSerializer, request)
        message = services.message_post(
            conversation=conversation,
            by=request.user,
            text=data.get("text", ""),
            uploads=data.get("files", []),
        )
        message = selectors.thread_messages(conversation=conversation).get(pk=message.pk)
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class ConversationRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="Marked read"), **ERRORS},
    )
    def post(self, request, pk):
        conversation = _conversation(request, pk)
        services.conversation_mark_read(conversation=conversation, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MessageEdit(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.EditInputSerializer, responses={200: s.MessageSerializer, **ERRORS})
    def patch(self, request, pk):
        message = _message(request, pk)
        data = validated_input(s.EditInputSerializer, request)
        message = services.message_edit(message=message, by=request.user, text=data["text"])
        return Response(s.MessageSerializer(message).data)


class MessageWithdraw(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: s.MessageSerializer, **ERRORS})
    def post(self, request, pk):
        message = services.message_withdraw(message=_message(request, pk), by=request.user)
        return Response(s.MessageSerializer(message).data)


class MessageReport(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.ReportInputSerializer,
        responses={201: OpenApiResponse(description="Reported to staff"), **ERRORS},
    )
    def post(self, request, pk):
        data = validated_input(s.ReportInputSerializer, request)
        services.message_report(
            message=_message(request, pk), by=request.user, reason=data["reason"]
        )
        return Response({"reported": True}, status=status.HTTP_201_CREATED)


class MessageEmails(APIView):
    """How you hear of new messages by email: immediate, digest or none."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.EmailPreferenceSerializer, **ERRORS})
    def get(self, request):
        mode = EmailPreference.objects.filter(user=request.user).values_list("mode", flat=True)
        return Response({"mode": mode.first() or EmailMode.DIGEST})

    @extend_schema(
        request=s.EmailPreferenceSerializer, responses={200: s.EmailPreferenceSerializer, **ERRORS}
    )
    def put(self, request):
        data = validated_input(s.EmailPreferenceSerializer, request)
        preference = services.email_preference_set(user=request.user, mode=data["mode"])
        return Response({"mode": preference.mode})
