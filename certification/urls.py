from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    # Public: the label register, verification pages, badges and concerns.
    path("labels/", views.label_register, name="label_register"),
    path("labels/<slug:code>/", views.label_detail, name="label_detail"),
    path("labels/<slug:code>/concerns/", views.concern_create, name="concern_create"),
    path("labels/<slug:code>/badge.svg", views.label_badge_svg, name="label_badge_svg"),
    # A provider organization's own certification.
    path("certification/", views.overview, name="overview"),
    path("certification/apply/", views.start, name="start"),
    path("certification/application/", views.application, name="application"),
    path("certification/appeals/", views.appeals, name="appeals"),
    path(
        "certification/concerns/<int:pk>/answer/",
        views.concern_answer,
        name="concern_answer",
    ),
    path("certification/appeals/files/<int:pk>/", views.appeal_file, name="appeal_file"),
    path(
        "certification/evidence/<int:pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
]
