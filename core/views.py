from django.core.paginator import Page, Paginator
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health


@require_GET
@never_cache
def healthz(request):
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


PAGE_SIZE = 20


def paginate(request, items, size: int = PAGE_SIZE) -> Page:
    """The page of items the request asks for (?page=N); out-of-range pages show the last."""
    return Paginator(items, size).get_page(request.GET.get("page"))


# Errors Django raises before a view runs: JSON under /api/, where clients expect the API's
# error format, and the HTML page elsewhere.


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return _api_error("not_found", "Not found.", 404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    if request.path.startswith("/api/"):
        return _api_error("bad_request", "The request could not be read.", 400)
    return defaults.bad_request(request, exception)
