from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS, validated_input
from notifications import selectors, services
from notifications.api import serializers as s
from notifications.models import Notification


@extend_schema_view(
    get=extend_schema(responses={200: s.NotificationSerializer(many=True), **ERRORS})
)
class NotificationList(generics.ListAPIView):
    serializer_class = s.NotificationSerializer
    permission_classes = [IsAuthenticated]
    queryset = Notification.objects.none()  # for the schema; requests get their own below

    def get_queryset(self):
        return selectors.notifications_for(user=self.request.user)


class NotificationsRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.MarkReadSerializer,
        responses={200: OpenApiResponse(description="How many were marked read"), **ERRORS},
    )
    def post(self, request):
        data = validated_input(s.MarkReadSerializer, request)
        count = services.notifications_mark_read(user=request.user, ids=data.get("ids"))
        return Response({"marked_read": count})
