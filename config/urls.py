from django.contrib import admin
from django.urls import include, path

from core.views import healthz
from marketplace.views import home

admin.site.site_header = "Fairbid administration"
admin.site.site_title = "Fairbid admin"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("marketplace.urls")),
    path("admin/", admin.site.urls),
]
