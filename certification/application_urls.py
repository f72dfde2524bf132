from django.urls import path

from certification import application_views as views

app_name = "certification"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("apply/", views.start, name="start"),
    path("application/", views.application, name="application"),
    path("application/evidence/", views.evidence_upload, name="evidence_upload"),
    path("application/evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("application/sign/", views.sign_code, name="sign_code"),
    path("application/submit/", views.submit, name="submit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
