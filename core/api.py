"""What every Fairbid API view shares: one error format, pagination, schema helpers."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import ApplicationError

# The largest primary key the database holds (a 64-bit signed integer).
MAX_ID = 2**63 - 1

STATUS_FOR_CODE = {"permission_denied": 403, "not_found": 404, "invalid_transition": 409}


def _body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail) -> str:
    if isinstance(detail, list):
        return " ".join(_flatten(item) for item in detail)
    if isinstance(detail, dict):
        return " ".join(_flatten(item) for item in detail.values())
    return str(detail)


def exception_handler(exc, context):
    """Map every error to {"error": {"code", "message", "fields"}} with the usual status."""
    if isinstance(exc, ApplicationError):
        return Response(
            _body(exc.code, exc.message, exc.fields),
            status=STATUS_FOR_CODE.get(exc.code, status.HTTP_400_BAD_REQUEST),
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {name: _flatten(messages) for name, messages in detail.items()}
        response.data = _body("invalid", "Please correct the highlighted fields.", fields)
    else:
        response.data = _body(exc.default_code, _flatten(exc.detail))
    return response


def validated_input(serializer_class, request, **kwargs) -> dict:
    """The request body checked by an input serializer; a ValidationError answers 400."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorDetail",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(child=serializers.CharField()),
            },
        )
    },
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input or refused by a rule"),
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not visible to you"),
    409: OpenApiResponse(ErrorSerializer, description="Not possible in the current state"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests"),
}
