from django.urls import path

from accounts.api import views as accounts
from certification.api import views as certification
from contracts.api import views as contracts
from conversations.api import views as conversations
from impact import api as impact
from marketplace.api import views as marketplace
from notifications.api import views as notifications

urlpatterns = [
    path("me/", accounts.Me.as_view(), name="me"),
    path("jobs/", marketplace.JobListCreate.as_view(), name="jobs"),
    path("jobs/<int:pk>/", marketplace.JobDetail.as_view(), name="job"),
    path("jobs/<int:pk>/publish/", marketplace.job_publish, name="job-publish"),
    path("jobs/<int:pk>/cancel/", marketplace.job_cancel, name="job-cancel"),
    path("jobs/<int:pk>/award/", marketplace.job_award, name="job-award"),
    path("jobs/<int:pk>/award/accept/", marketplace.award_accept, name="job-award-accept"),
    path("jobs/<int:pk>/award/decline/", marketplace.award_decline, name="job-award-decline"),
    path("jobs/<int:pk>/deliver/", marketplace.job_deliver, name="job-deliver"),
    path("jobs/<int:pk>/delivery/accept/", marketplace.delivery_accept, name="job-delivery-accept"),
    path(
        "jobs/<int:pk>/delivery/revise/", marketplace.revision_request, name="job-delivery-revise"
    ),
    path("jobs/<int:pk>/bids/", marketplace.JobBids.as_view(), name="job-bids"),
    path("jobs/<int:pk>/reviews/", marketplace.JobReviews.as_view(), name="job-reviews"),
    path(
        "jobs/<int:pk>/invitations/", marketplace.JobInvitations.as_view(), name="job-invitations"
    ),
    path("bids/<int:pk>/", marketplace.BidDetail.as_view(), name="bid"),
    path("bids/<int:pk>/withdraw/", marketplace.bid_withdraw, name="bid-withdraw"),
    path("bids/<int:pk>/decline/", marketplace.bid_decline, name="bid-decline"),
    path("bids/<int:pk>/shortlist/", marketplace.bid_shortlist, name="bid-shortlist"),
    path("providers/", marketplace.ProviderList.as_view(), name="providers"),
    path("providers/<slug:slug>/", marketplace.ProviderDetail.as_view(), name="provider"),
    path(
        "providers/<slug:slug>/reputation/",
        impact.ProviderReputation.as_view(),
        name="provider-reputation",
    ),
    path("notifications/", notifications.NotificationList.as_view(), name="notifications"),
    path(
        "notifications/read/", notifications.NotificationsRead.as_view(), name="notifications-read"
    ),
    path("labels/<str:code>/", certification.LabelDetail.as_view(), name="label"),
    path("certification/criteria/", certification.Criteria.as_view(), name="criteria"),
    path("certification/application/", certification.ApplicationView.as_view(), name="application"),
    path(
        "certification/application/evidence/",
        certification.EvidenceUpload.as_view(),
        name="application-evidence",
    ),
    path(
        "certification/application/sign/", certification.SignCode.as_view(), name="application-sign"
    ),
    path(
        "certification/application/submit/",
        certification.Submit.as_view(),
        name="application-submit",
    ),
]

urlpatterns += [
    path("conversations/", conversations.ConversationListStart.as_view(), name="conversations"),
    path(
        "conversations/<int:pk>/", conversations.ConversationDetail.as_view(), name="conversation"
    ),
    path(
        "conversations/<int:pk>/messages/",
        conversations.ConversationMessages.as_view(),
        name="conversation-messages",
    ),
    path(
        "conversations/<int:pk>/read/",
        conversations.ConversationRead.as_view(),
        name="conversation-read",
    ),
    path("messages/<int:pk>/", conversations.MessageEdit.as_view(), name="message"),
    path(
        "messages/<int:pk>/withdraw/",
        conversations.MessageWithdraw.as_view(),
        name="message-withdraw",
    ),
    path("messages/<int:pk>/report/", conversations.MessageReport.as_view(), name="message-report"),
    path("me/message-emails/", conversations.MessageEmails.as_view(), name="message-emails"),
]

urlpatterns += [
    path("contracts/", contracts.ContractList.as_view(), name="contracts"),
    path("contracts/<int:pk>/", contracts.ContractDetail.as_view(), name="contract"),
    path("contracts/<int:pk>/end/", contracts.ContractEnd.as_view(), name="contract-end"),
    path("milestones/<int:pk>/submit/", contracts.milestone_submit, name="milestone-submit"),
    path(
        "milestones/<int:pk>/request-changes/",
        contracts.milestone_request_changes,
        name="milestone-request-changes",
    ),
    path("milestones/<int:pk>/approve/", contracts.milestone_approve, name="milestone-approve"),
    path("milestones/<int:pk>/dispute/", contracts.milestone_dispute, name="milestone-dispute"),
    path("disputes/<int:pk>/answer/", contracts.DisputeAnswer.as_view(), name="dispute-answer"),
    path("payments/<int:pk>/confirm/", contracts.PaymentConfirm.as_view(), name="payment-confirm"),
    path("receipts/", contracts.ReceiptList.as_view(), name="receipts"),
    path("receipts/<int:pk>/", contracts.ReceiptDetail.as_view(), name="receipt"),
]
