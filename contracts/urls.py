from django.urls import path

from contracts import statements, views

app_name = "contracts"

urlpatterns = [
    path("account/earnings/", statements.earnings, name="earnings"),
    path("account/spending/", statements.spending, name="spending"),
    path("receipts/<int:pk>/", statements.receipt_detail, name="receipt_detail"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/submit/",
        views.milestone_submit,
        name="milestone_submit",
    ),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/changes/",
        views.milestone_request_changes,
        name="milestone_request_changes",
    ),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/approve/",
        views.milestone_approve,
        name="milestone_approve",
    ),
    path(
        "contracts/<int:pk>/payments/<int:payment_pk>/confirm/",
        views.payment_confirm,
        name="payment_confirm",
    ),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/dispute/",
        views.dispute_open,
        name="dispute_open",
    ),
    path(
        "contracts/<int:pk>/disputes/<int:dispute_pk>/answer/",
        views.dispute_answer,
        name="dispute_answer",
    ),
    path(
        "contracts/<int:pk>/disputes/files/<int:file_pk>/",
        views.dispute_file,
        name="dispute_file",
    ),
    path("contracts/<int:pk>/timesheets/", views.timesheet_submit, name="timesheet_submit"),
    path(
        "contracts/<int:pk>/timesheets/<int:timesheet_pk>/approve/",
        views.timesheet_approve,
        name="timesheet_approve",
    ),
    path(
        "contracts/<int:pk>/timesheets/<int:timesheet_pk>/dispute/",
        views.timesheet_dispute,
        name="timesheet_dispute",
    ),
    path(
        "contracts/<int:pk>/timesheets/<int:timesheet_pk>/mediation/",
        views.timesheet_mediation,
        name="timesheet_mediation",
    ),
    path("contracts/<int:pk>/end/", views.contract_end, name="contract_end"),
    path("contracts/<int:pk>/files/<int:file_pk>/", views.submission_file, name="submission_file"),
]
