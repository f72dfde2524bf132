"""The product's URLs and the benchmark's baseline: a view that does nothing but answer,
through the same middleware as every page."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import handler400, handler404  # noqa: F401  (the same error pages)


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("config.urls")),
]
