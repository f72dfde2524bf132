from django.urls import path

from marketplace import file_views, views

app_name = "marketplace"

urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/new/", views.job_create, name="job_create"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("jobs/<int:pk>/publish/", views.job_publish, name="job_publish"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<int:pk>/bid/", views.bid_create, name="bid_create"),
    path("jobs/<int:pk>/bid/edit/", views.bid_edit, name="bid_edit"),
    path("jobs/<int:pk>/bid/withdraw/", views.bid_withdraw, name="bid_withdraw"),
    path("jobs/<int:pk>/bids/", views.bid_comparison, name="bid_comparison"),
    path("jobs/<int:pk>/bids/<int:bid_pk>/shortlist/", views.bid_shortlist, name="bid_shortlist"),
    path("jobs/<int:pk>/bids/<int:bid_pk>/decline/", views.bid_decline, name="bid_decline"),
    path("jobs/<int:pk>/bids/<int:bid_pk>/award/", views.job_award, name="job_award"),
    path("jobs/<int:pk>/award/accept/", views.award_accept, name="award_accept"),
    path("jobs/<int:pk>/award/decline/", views.award_decline, name="award_decline"),
    path("jobs/<int:pk>/deliver/", views.job_deliver, name="job_deliver"),
    path("jobs/<int:pk>/delivery/accept/", views.delivery_accept, name="delivery_accept"),
    path("jobs/<int:pk>/delivery/revise/", views.revision_request, name="revision_request"),
    path("jobs/<int:pk>/review/", views.review_add, name="review_add"),
    path(
        "jobs/<int:pk>/invitation/decline/",
        views.job_invitation_decline,
        name="job_invitation_decline",
    ),
    path("jobs/<int:pk>/files/", file_views.job_files_add, name="job_files_add"),
    path("jobs/<int:pk>/files/<int:file_pk>/", file_views.job_file, name="job_file"),
    path(
        "jobs/<int:pk>/files/<int:file_pk>/preview/",
        file_views.job_file,
        {"preview": True},
        name="job_file_preview",
    ),
    path("jobs/<int:pk>/bid/files/", file_views.bid_files_add, name="bid_files_add"),
    path(
        "jobs/<int:pk>/bids/<int:bid_pk>/files/<int:file_pk>/",
        file_views.bid_file,
        name="bid_file",
    ),
    path(
        "jobs/<int:pk>/deliveries/<int:delivery_pk>/files/<int:file_pk>/",
        file_views.delivery_file,
        name="delivery_file",
    ),
    path("providers/", views.provider_directory, name="provider_directory"),
    path("providers/<slug:slug>/", views.provider_profile, name="provider_profile"),
    path("providers/<slug:slug>/invite/", views.job_invite, name="job_invite"),
]
