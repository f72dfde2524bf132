"""The marketplace over HTTP: thin views over the same services and selectors as the web pages."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as account_selectors
from core.api import ERRORS, validated_input
from core.exceptions import ApplicationError
from marketplace import selectors
from marketplace.api import serializers as s
from marketplace.api.filters import JobFilter, ProviderFilter
from marketplace.models import Bid, Job
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from marketplace.services.reviews import review_create


def _visible_job(request, pk) -> Job:
    job = selectors.job_for_page(pk=pk, user=request.user)
    if job is None:
        raise ApplicationError(_("No such job."), code="not_found")
    return job


def _job_response(request, pk, code=status.HTTP_200_OK):
    return Response(s.JobDetailSerializer(_visible_job(request, pk)).data, status=code)


@extend_schema_view(get=extend_schema(responses={200: s.JobSerializer(many=True), **ERRORS}))
class JobListCreate(generics.ListAPIView):
    """Open jobs you may see, searched, filtered and sorted like the web job list."""

    serializer_class = s.JobSerializer
    filterset_class = JobFilter
    queryset = Job.objects.none()

    @extend_schema(request=s.JobCreateSerializer, responses={201: s.JobDetailSerializer, **ERRORS})
    def post(self, request):
        """Create a job as a draft, or publish it at once with `publish: true`."""
        data = validated_input(s.JobCreateSerializer, request)
        job = job_services.job_create(buyer=request.user, **data)
        return _job_response(request, job.pk, status.HTTP_201_CREATED)


class JobDetail(APIView):
    @extend_schema(responses={200: s.JobDetailSerializer, **ERRORS})
    def get(self, request, pk):
        return _job_response(request, pk)

    @extend_schema(request=s.JobUpdateSerializer, responses={200: s.JobDetailSerializer, **ERRORS})
    def patch(self, request, pk):
        """Change a draft or open job (its buyer only)."""
        job = _visible_job(request, pk)
        data = validated_input(s.JobUpdateSerializer, request)
        job_services.job_update(job=job, by=request.user, **data)
        return _job_response(request, pk)


def job_action(service, *, summary: str, input_serializer=None):
    """An endpoint that POSTs one action on a job to its service and returns the job."""

    class JobAction(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            summary=summary,
            request=input_serializer,
            responses={200: s.JobDetailSerializer, **ERRORS},
        )
        def post(self, request, pk):
            job = _visible_job(request, pk)
            data = validated_input(input_serializer, request) if input_serializer else {}
            service(job=job, by=request.user, **data)
            return _job_response(request, pk)

    JobAction.__name__ = JobAction.__qualname__ = f"Job{service.__name__.title().replace('_', '')}"
    return JobAction.as_view()


job_publish = job_action(job_services.job_publish, summary="Publish a draft job (buyer)")
job_cancel = job_action(
    job_services.job_cancel,
    summary="Cancel an open or awarded job (buyer)",
    input_serializer=s.ReasonSerializer,
)
job_award = job_action(
    job_services.job_award, summary="Award one bid (buyer)", input_serializer=s.AwardSerializer
)
award_accept = job_action(job_services.award_accept, summary="Accept the award (provider)")
award_decline = job_action(
    job_services.award_decline,
    summary="Decline the award (provider)",
    input_serializer=s.ReasonSerializer,
)
job_deliver = job_action(
    job_services.job_deliver,
    summary="Deliver the work (provider)",
    input_serializer=s.DeliverySerializer,
)
delivery_accept = job_action(
    job_services.delivery_accept, summary="Accept the delivery: the job is completed (buyer)"
)
revision_request = job_action(
    job_services.revision_request,
    summary="Ask for a revision of the delivery (buyer)",
    input_serializer=s.ReasonSerializer,
)


class JobBids(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[s.BidComparisonQuerySerializer],
        responses={200: s.ComparedBidSerializer(many=True), **ERRORS},
    )
    def get(self, request, pk):
        """All bids for the job's buyer; your organization's own bid for a provider."""
        job = _visible_job(request, pk)
        if job.buyer_id == request.user.pk:
            query = s.BidComparisonQuerySerializer(data=request.query_params)
            query.is_valid(raise_exception=True)
            bids = selectors.bids_for_comparison(job=job, **query.validated_data)
            return Response(s.ComparedBidSerializer(bids, many=True).data)
        membership = account_selectors.membership_for_user(user=request.user)
        if membership is None or not membership.organization.is_provider:
            raise ApplicationError(
                _("Only the job's buyer and bidders see bids."), code="permission_denied"
            )
        own = selectors.own_bid(job=job, organization_id=membership.organization_id)
        return Response(s.BidSerializer([own] if own else [], many=True).data)

    @extend_schema(request=s.BidWriteSerializer, responses={201: s.BidSerializer, **ERRORS})
    def post(self, request, pk):
        """Bid on the job for your provider organization."""
        job = _visible_job(request, pk)
        data = validated_input(s.BidWriteSerializer, request)
        bid = bid_services.bid_submit(job=job, by=request.user, **data)
        return Response(s.BidSerializer(bid).data, status=status.HTTP_201_CREATED)


def _bid_for(request, pk) -> Bid:
    """A bid its job's buyer or one of the bidding organization's members may see."""
    bid = get_object_or_404(
        Bid.objects.select_related("job", "organization").prefetch_related(
            "milestones", "files__file"
        ),
        pk=pk,
    )
    membership = account_selectors.membership_for_user(user=request.user)
    is_bidder = membership is not None and membership.organization_id == bid.organization_id
    if not (is_bidder or bid.job.buyer_id == request.user.pk):
        raise ApplicationError(_("No such bid."), code="not_found")
    return bid


class BidDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.BidSerializer, **ERRORS})
    def get(self, request, pk):
        return Response(s.BidSerializer(_bid_for(request, pk)).data)

    @extend_schema(request=s.BidWriteSerializer, responses={200: s.BidSerializer, **ERRORS})
    def patch(self, request, pk):
        """Change your organization's bid while the job is open."""
        bid = _bid_for(request, pk)
        data = validated_input(s.BidWriteSerializer, request, partial=True)
        bid = bid_services.bid_update(bid=bid, by=request.user, **data)
        return Response(s.BidSerializer(_bid_for(request, bid.pk)).data)


def bid_action(service, *, summary: str, input_serializer=None):
    class BidAction(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            summary=summary, request=input_serializer, responses={200: s.BidSerializer, **ERRORS}
        )
        def post(self, request, pk):
            bid = _bid_for(request, pk)
            data = validated_input(input_serializer, request) if input_serializer else {}
            service(bid=bid, by=request.user, **data)
            return Response(s.BidSerializer(_bid_for(request, pk)).data)

    BidAction.__name__ = BidAction.__qualname__ = f"Bid{service.__name__.title().replace('_', '')}"
    return BidAction.as_view()


bid_withdraw = bid_action(bid_services.bid_withdraw, summary="Withdraw your bid (provider)")
bid_decline = bid_action(
    bid_services.bid_decline,
    summary="Decline a bid with a reason (buyer)",
    input_serializer=s.ReasonSerializer,
)
bid_shortlist = bid_action(
    bid_services.bid_shortlist,
    summary="Put a bid on or off the shortlist (buyer)",
    input_serializer=s.ShortlistSerializer,
)


class JobReviews(APIView):
    @extend_schema(responses={200: s.ReviewSerializer(many=True), **ERRORS})
    def get(self, request, pk):
        job = _visible_job(request, pk)
        return Response(
            s.ReviewSerializer(selectors.job_reviews(job=job, user=request.user), many=True).data
        )

    @extend_schema(request=s.ReviewSerializer, responses={201: s.ReviewSerializer, **ERRORS})
    def post(self, request, pk):
        """Review the other side of a completed job, once, within the review period. Reviews
        are double-blind: the other side reads this one (published_at) once it has written its
        own, or when the period ends."""
        job = _visible_job(request, pk)
        data = validated_input(s.ReviewSerializer, request)
        review = review_create(job=job, by=request.user, **data)
        return Response(s.ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class JobInvitations(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.InviteSerializer,
        responses={201: OpenApiResponse(description="Invitation sent"), **ERRORS},
    )
    def post(self, request, pk):
        """Invite a provider organization to bid (buyer)."""
        job = _visible_job(request, pk)
        data = validated_input(s.InviteSerializer, request)
        job_services.job_invite(job=job, by=request.user, **data)
        return Response(status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(responses={200: s.ProviderSerializer(many=True), **ERRORS}))
class ProviderList(generics.ListAPIView):
    """The provider directory."""

    serializer_class = s.ProviderSerializer
    filterset_class = ProviderFilter
    permission_classes = [AllowAny]

    def get_queryset(self):
        # Built per request: which reviews count depends on the moment (double-blind).
        return selectors.providers()


@extend_schema_view(get=extend_schema(responses={200: s.ProviderSerializer, **ERRORS}))
class ProviderDetail(generics.RetrieveAPIView):
    serializer_class = s.ProviderSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.providers()
