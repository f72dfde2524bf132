from django.urls import path

from impact import views

app_name = "impact"

urlpatterns = [
    path("impact/", views.public, name="public"),
    path("impact/dashboard/", views.dashboard, name="dashboard"),
    path("impact/dashboard/statement/", views.statement, name="statement"),
    path("impact/dashboard/contracts.csv", views.contracts_csv, name="contracts_csv"),
    path("impact/premiums/", views.premium_uses, name="premium_uses"),
    path(
        "impact/premiums/<int:pk>/evidence/",
        views.premium_use_evidence,
        name="premium_use_evidence",
    ),
]
