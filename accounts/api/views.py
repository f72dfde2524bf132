from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors
from accounts.api.serializers import MeSerializer
from core.api import ERRORS


class Me(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeSerializer, **ERRORS})
    def get(self, request):
        """Who you are, and the organization you belong to."""
        membership = selectors.membership_for_user(user=request.user)
        return Response(MeSerializer(request.user, context={"membership": membership}).data)
