from django.urls import path

from marketplace.views import bids, files, jobs, providers

app_name = "marketplace"

urlpatterns = [
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/new/", jobs.job_create, name="job_create"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/edit/", jobs.job_edit, name="job_edit"),
    path("jobs/<int:pk>/publish/", jobs.job_publish, name="job_publish"),
    path("jobs/<int:pk>/cancel/", jobs.job_cancel, name="job_cancel"),
    path("jobs/<int:pk>/bid/", bids.bid_create, name="bid_create"),
    path("jobs/<int:pk>/bid/edit/", bids.bid_edit, name="bid_edit"),
    path("jobs/<int:pk>/bid/withdraw/", bids.bid_withdraw, name="bid_withdraw"),
    path("jobs/<int:pk>/bids/", bids.bid_comparison, name="bid_comparison"),
    path("jobs/<int:pk>/bids/<int:bid_pk>/shortlist/", bids.bid_shortlist, name="bid_shortlist"),
    path("jobs/<int:pk>/bids/<int:bid_pk>/decline/", bids.bid_decline, name="bid_decline"),
    path("jobs/<int:pk>/bids/<int:bid_pk>/award/", bids.job_award, name="job_award"),
    path("jobs/<int:pk>/award/accept/", jobs.award_accept, name="award_accept"),
    path("jobs/<int:pk>/award/decline/", jobs.award_decline, name="award_decline"),
    path("jobs/<int:pk>/deliver/", jobs.job_deliver, name="job_deliver"),
    path("jobs/<int:pk>/delivery/accept/", jobs.delivery_accept, name="delivery_accept"),
    path("jobs/<int:pk>/delivery/revise/", jobs.revision_request, name="revision_request"),
    path("jobs/<int:pk>/review/", jobs.review_add, name="review_add"),
    path(
        "jobs/<int:pk>/invitation/decline/",
        jobs.job_invitation_decline,
        name="job_invitation_decline",
    ),
    path("providers/", providers.provider_directory, name="provider_directory"),
    path("providers/<slug:slug>/", providers.provider_profile, name="provider_profile"),
    path("providers/<slug:slug>/invite/", providers.job_invite, name="job_invite"),
    path("jobs/<int:pk>/files/", files.job_files_add, name="job_files_add"),
    path("jobs/<int:pk>/files/<int:file_pk>/", files.job_file, name="job_file"),
    path(
        "jobs/<int:pk>/files/<int:file_pk>/preview/",
        files.job_file,
        {"preview": True},
        name="job_file_preview",
    ),
    path(
        "jobs/<int:pk>/files/<int:file_pk>/remove/",
        files.job_file_remove,
        name="job_file_remove",
    ),
    path("jobs/<int:pk>/bid/files/", files.bid_files_add, name="bid_files_add"),
    path(
        "jobs/<int:pk>/bids/<int:bid_pk>/files/<int:file_pk>/",
        files.bid_file,
        name="bid_file",
    ),
    path(
        "jobs/<int:pk>/deliveries/<int:delivery_pk>/files/<int:file_pk>/",
        files.delivery_file,
        name="delivery_file",
    ),
]
