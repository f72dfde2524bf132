from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Generic, TypeVar

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health, scheduled
from core.exceptions import ApplicationError
from core.forms import add_error

T = TypeVar("T")
# What a person is told when a service did what they asked: a sentence, or a function of the
# service's result that writes one.
Success = str | Callable[[T], str]


@require_GET
@never_cache
def healthz(request):
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    runs = scheduled.last_successes() if checks["database"] else []
    healthy = all(checks.values()) and all(run.healthy for run in runs)
    body = {
        "status": "ok" if healthy else "unavailable",
        **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        **{run.field: run.at.isoformat() if run.at else None for run in runs},
    }
    return JsonResponse(body, status=200 if healthy else 503)


PAGE_SIZE = 20


def paginate(request, items, size: int = PAGE_SIZE) -> Page:
    """The page of items the request asks for (?page=N); out-of-range pages show the last."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def page_query(request) -> str:
    """The request's query string without its page number, for the links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Running a service for the person who asked, in every app's views.


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What became of a service call: its result, or the refusal the person was shown.
    True when the service did what was asked."""

    result: T | None = None
    refusal: ApplicationError | None = None

    def __bool__(self) -> bool:
        return self.refusal is None


def run_service(request, action: Callable[[], T], *, success: Success) -> Outcome[T]:
    """Run a service call (`action`) for the person making the request, and tell them how it
    went: `success` as a message when it is done (a sentence, or a function of the service's
    result that writes one), the service's reason as an error message when it refuses. The view
    then redirects."""
    return _run(request, action, success, lambda error: messages.error(request, error.message))


def run_form(request, form, action: Callable[..., T], *, success: Success) -> Outcome[T] | None:
    """run_service for a form: when the form was sent and is valid, run
    action(**form.cleaned_data) and show a refusal on the form (on each field it names, or above
    the form). None when there is nothing to run. The view then redirects, or shows the form
    again, answering form_status."""
    if not form.is_valid():
        return None
    return _run(
        request,
        lambda: action(**form.cleaned_data),
        success,
        lambda error: add_error(form, error),
    )


def _run(request, action, success, show_refusal) -> Outcome:
    try:
        result = action()
    except ApplicationError as error:
        show_refusal(error)
        return Outcome(refusal=error)
    messages.success(request, success(result) if callable(success) else success)
    return Outcome(result=result)


# A form shown again with its errors, whether its input or the service refused it.
REFUSED = HTTPStatus.BAD_REQUEST


def form_status(*forms) -> int:
    """The status of a page with these forms (or formsets; None for one not on the page):
    REFUSED when one was sent and is shown again with its errors, 200 otherwise."""
    refused = any(form is not None and form.is_bound and not form.is_valid() for form in forms)
    return REFUSED if refused else HTTPStatus.OK


# Errors Django raises before a view runs: JSON under /api/, where clients expect the API's
# error format, and the HTML page elsewhere.


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return _api_error("not_found", _("Not found."), 404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    if request.path.startswith("/api/"):
        return _api_error("bad_request", _("The request could not be read."), 400)
    return defaults.bad_request(request, exception)
