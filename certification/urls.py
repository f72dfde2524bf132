from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("", views.label_register, name="label_register"),
    path("<slug:code>/", views.label_detail, name="label_detail"),
    path("<slug:code>/concerns/", views.concern_create, name="concern_create"),
    path("<slug:code>/badge.svg", views.label_badge_svg, name="label_badge_svg"),
]
