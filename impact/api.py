"""The provider's track record in the API: the same parts as on its profile."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organization, OrganizationKind
from core.api import ERRORS
from impact.reputation import reputations_for

Count = serializers.IntegerField


class ContractCounts(serializers.Serializer):
    started = Count()
    completed = Count()
    ended_early = Count()


class MilestoneCounts(serializers.Serializer):
    due = Count(help_text="Milestones due in the period that were submitted or are overdue.")
    on_time = Count(help_text="Of them, first submitted by their due day.")


class ChangeCounts(serializers.Serializer):
    submissions = Count()
    requested = Count()


class DisputeCounts(serializers.Serializer):
    opened = Count()
    opened_by_buyer = Count()
    open = Count()
    released_to_provider = Count()
    refunded_to_buyer = Count()
    split = Count()


class BuyerCounts(serializers.Serializer):
    total = Count()
    repeat = Count(help_text="Buyers with more than one contract in the period.")


class ReputationSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    contracts = ContractCounts()
    milestones = MilestoneCounts()
    changes = ChangeCounts()
    disputes = DisputeCounts()
    ratings = serializers.DictField(
        child=Count(), help_text="Published ratings by number of stars, 5 to 1."
    )
    buyers = BuyerCounts()


class ProviderReputation(APIView):
    """A provider's track record: plain counts over the stated period, no score."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: ReputationSerializer, **ERRORS})
    def get(self, request, slug):
        organization = get_object_or_404(Organization, slug=slug, kind=OrganizationKind.PROVIDER)
        reputation = reputations_for([organization.pk])[organization.pk]
        return Response(ReputationSerializer(reputation.as_dict()).data)
