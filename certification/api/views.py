"""Certification over HTTP: public label verification, and an organization's own application."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as account_selectors
from certification.api import serializers as s
from certification.selectors import applications as application_selectors
from certification.selectors import facts as fact_selectors
from certification.selectors import labels as label_selectors
from certification.services import applications as application_services
from core.api import ERRORS
from core.exceptions import ApplicationError


class LabelDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: s.LabelSerializer, **ERRORS})
    def get(self, request, code):
        """Verify a label by its public code: its live status and the criteria it meets."""
        label = label_selectors.label_by_code(code)
        if label is None:
            raise ApplicationError(_("No label has this code."), code="not_found")
        label.criteria = fact_selectors.label_criteria(label)
        return Response(s.LabelSerializer(label).data)


def _organization(request):
    membership = account_selectors.membership_for_user(user=request.user)
    if membership is None or not membership.organization.is_provider:
        raise ApplicationError(
            _("Certification is for members of a provider organization."), code="permission_denied"
        )
    return membership.organization


def _open_application(request):
    application = application_selectors.open_application(organization=_organization(request))
    if application is None:
        raise ApplicationError(
            _("Your organization has no application in progress."), code="not_found"
        )
    return application


def _application_response(request, code=status.HTTP_200_OK):
    return Response(s.ApplicationSerializer(_open_application(request)).data, status=code)


class Criteria(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.CriterionSerializer(many=True), **ERRORS})
    def get(self, request):
        """Your organization's criteria breakdown, with what is missing and how to fix it."""
        breakdown = application_selectors.criteria_breakdown(_organization(request))
        return Response(s.CriterionSerializer(breakdown, many=True).data)


class ApplicationView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.ApplicationSerializer, **ERRORS})
    def get(self, request):
        """Your organization's application in progress."""
        return _application_response(request)

    @extend_schema(request=None, responses={201: s.ApplicationSerializer, **ERRORS})
    def post(self, request):
        """Start an application (owner)."""
        application_services.application_start(organization=_organization(request), by=request.user)
        return _application_response(request, status.HTTP_201_CREATED)

    @extend_schema(request=s.AnswersSerializer, responses={200: s.ApplicationSerializer, **ERRORS})
    def patch(self, request):
        """Answer the verified criteria (owner; draft or changes requested)."""
        application = _open_application(request)
        data = s.AnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application_services.application_update(
            application=application, by=request.user, **data.validated_data
        )
        return _application_response(request)


class EvidenceUpload(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=s.EvidenceUploadSerializer, responses={201: s.EvidenceSerializer, **ERRORS}
    )
    def post(self, request):
        """Upload a document (multipart form)."""
        application = _open_application(request)
        data = s.EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = application_services.evidence_add(
            application=application,
            by=request.user,
            kind=data.validated_data["kind"],
            upload=data.validated_data["file"],
            valid_until=data.validated_data["valid_until"],
        )
        return Response(s.EvidenceSerializer(document).data, status=status.HTTP_201_CREATED)


class SignCode(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.SignSerializer, responses={200: s.ApplicationSerializer, **ERRORS})
    def post(self, request):
        """Sign the Fairbid code of labour practices with your full name (owner)."""
        application = _open_application(request)
        data = s.SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application_services.application_sign_code(
            application=application, by=request.user, name=data.validated_data["name"]
        )
        return _application_response(request)


class Submit(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: s.ApplicationSerializer, **ERRORS})
    def post(self, request):
        """Submit the application for review (owner)."""
        application_services.application_submit(
            application=_open_application(request), by=request.user
        )
        application = application_selectors.latest_application(organization=_organization(request))
        return Response(s.ApplicationSerializer(application).data)
