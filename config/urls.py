from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import api_urls
from core.views import healthz
from marketplace.views.dashboards import home

admin.site.site_header = "Fairbid administration"
admin.site.site_title = "Fairbid admin"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("marketplace.urls")),
    path("", include("notifications.urls")),
    path("", include("certification.urls")),
    path("", include("conversations.urls")),
    path("", include("contracts.urls")),
    path("", include("impact.urls")),
    path("api/v1/", include((api_urls, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves the page's start-up script as a file (?script), so the docs keep
    # the Content-Security-Policy without inline code.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
