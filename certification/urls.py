from django.urls import path

from certification import application_views, views

app_name = "certification"

urlpatterns = [
    # Public: the label register, verification pages, badges and concerns.
    path("labels/", views.label_register, name="label_register"),
    path("labels/<slug:code>/", views.label_detail, name="label_detail"),
    path("labels/<slug:code>/concerns/", views.concern_create, name="concern_create"),
    path("labels/<slug:code>/badge.svg", views.label_badge_svg, name="label_badge_svg"),
    # A provider organization's own certification.
    path("certification/", application_views.overview, name="overview"),
    path("certification/apply/", application_views.start, name="start"),
    path("certification/application/", application_views.application, name="application"),
    path(
        "certification/application/evidence/",
        application_views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "certification/application/evidence/<int:pk>/remove/",
        application_views.evidence_remove,
        name="evidence_remove",
    ),
    path("certification/application/sign/", application_views.sign_code, name="sign_code"),
    path("certification/application/submit/", application_views.submit, name="submit"),
    path(
        "certification/evidence/<int:pk>/",
        application_views.evidence_download,
        name="evidence_download",
    ),
]
