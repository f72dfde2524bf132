"""Contracts in the API, on the same services and selectors as the pages."""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts import selectors
from contracts.api import serializers as s
from contracts.models import Contract, Dispute, Milestone, OutgoingPayment, Receipt
from contracts.services import disputes as dispute_services
from contracts.services import ending as ending_services
from contracts.services import milestones as milestone_services
from contracts.services import money as money_services
from core.api import ERRORS, Pagination, validated_input


def _contract(request, pk) -> Contract:
    contract = selectors.contract_for_page(pk)
    if contract is None or not selectors.may_view(contract=contract, user=request.user):
        raise Http404
    return contract


def _contract_response(request, pk):
    return Response(s.ContractSerializer(_contract(request, pk)).data)


@extend_schema_view(
    get=extend_schema(responses={200: s.ContractSummarySerializer(many=True), **ERRORS})
)
class ContractList(generics.ListAPIView):
    """Your contracts, as buyer or as a member of the provider, newest first."""

    serializer_class = s.ContractSummarySerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    queryset = Contract.objects.none()  # for the schema; requests get their own below

    def get_queryset(self):
        return selectors.contracts_for_user(user=self.request.user)


class ContractDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.ContractSerializer, **ERRORS})
    def get(self, request, pk):
        return _contract_response(request, pk)


def milestone_action(service, *, summary: str, input_serializer=None, uploads=False):
    """An endpoint that POSTs one action on a milestone to its service and returns the
    contract."""

    class MilestoneAction(APIView):
        permission_classes = [IsAuthenticated]
        parser_classes = [JSONParser, MultiPartParser]

        @extend_schema(
            summary=summary,
            request=(
                {"application/json": input_serializer, "multipart/form-data": input_serializer}
                if input_serializer
                else None
            ),
            responses={200: s.ContractSerializer, **ERRORS},
        )
        def post(self, request, pk):
            contract_id = Milestone.objects.filter(pk=pk).values_list("contract_id", flat=True)
            contract = _contract(request, contract_id.first() or 0)
            milestone = get_object_or_404(contract.milestones.all(), pk=pk)
            data = dict(validated_input(input_serializer, request)) if input_serializer else {}
            if uploads:
                data["uploads"] = data.pop("files", [])
            service(milestone=milestone, by=request.user, **data)
            return _contract_response(request, contract.pk)

    name = service.__name__.title().replace("_", "")
    MilestoneAction.__name__ = MilestoneAction.__qualname__ = name
    return MilestoneAction.as_view()


milestone_submit = milestone_action(
    milestone_services.milestone_submit,
    summary="Submit a funded milestone's work (provider)",
    input_serializer=s.SubmissionInput,
    uploads=True,
)
milestone_request_changes = milestone_action(
    milestone_services.milestone_request_changes,
    summary="Ask for changes to submitted work (buyer)",
    input_serializer=s.ReasonInput,
)
milestone_approve = milestone_action(
    milestone_services.milestone_approve,
    summary="Approve submitted work: its money is released (buyer)",
)
milestone_dispute = milestone_action(
    dispute_services.dispute_open,
    summary="Open a dispute on a funded or submitted milestone (either side)",
    input_serializer=s.DisputeInput,
    uploads=True,
)


class ContractEnd(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Agree to end the contract early; it ends once both sides agree",
        request=s.EndInput,
        responses={200: s.ContractSerializer, **ERRORS},
    )
    def post(self, request, pk):
        contract = _contract(request, pk)
        data = validated_input(s.EndInput, request)
        ending_services.contract_end_agree(contract=contract, by=request.user, **data)
        return _contract_response(request, pk)


class DisputeAnswer(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        summary="Answer a dispute the other side opened",
        request={"application/json": s.AnswerInput, "multipart/form-data": s.AnswerInput},
        responses={200: s.DisputeSerializer, **ERRORS},
    )
    def post(self, request, pk):
        dispute = get_object_or_404(Dispute.objects.select_related("milestone", "timesheet"), pk=pk)
        _contract(request, dispute.contract.pk)
        data = dict(validated_input(s.AnswerInput, request))
        dispute = dispute_services.dispute_answer(
            dispute=dispute, by=request.user, answer=data["answer"], uploads=data["files"]
        )
        return Response(s.DisputeSerializer(dispute).data)


class PaymentConfirm(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Confirm a payout (provider) or refund (buyer) arrived",
        request=None,
        responses={200: s.OutgoingSerializer, **ERRORS},
    )
    def post(self, request, pk):
        outgoing = get_object_or_404(OutgoingPayment.objects.select_related("milestone"), pk=pk)
        _contract(request, outgoing.milestone.contract_id)
        outgoing = money_services.outgoing_confirm(outgoing=outgoing, by=request.user)
        return Response(s.OutgoingSerializer(outgoing).data)


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("kind", enum=["receipt", "remittance"], required=True),
            OpenApiParameter("start", date),
            OpenApiParameter("end", date),
        ],
        responses={200: s.ReceiptSerializer(many=True), **ERRORS},
    )
)
class ReceiptList(generics.ListAPIView):
    """Your receipts (as buyer) or remittance advices (as provider) for a period, newest
    first; the period defaults to this year."""

    serializer_class = s.ReceiptSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    queryset = Receipt.objects.none()

    def get_queryset(self):
        query = s.StatementQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        return selectors.statement(
            user=self.request.user,
            kind=query.validated_data["kind"],
            start=query.validated_data.get("start") or today.replace(month=1, day=1),
            end=query.validated_data.get("end") or today,
        )


class ReceiptDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.ReceiptSerializer, **ERRORS})
    def get(self, request, pk):
        receipt = Receipt.objects.select_related("milestone__contract").filter(pk=pk).first()
        if receipt is None or not selectors.may_view_receipt(receipt=receipt, user=request.user):
            raise Http404
        return Response(s.ReceiptSerializer(receipt).data)
