from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("conversations/", views.conversation_list, name="list"),
    path("conversations/<int:pk>/", views.conversation_detail, name="detail"),
    path(
        "conversations/<int:pk>/messages/<int:message_pk>/edit/",
        views.message_edit,
        name="message_edit",
    ),
    path(
        "conversations/<int:pk>/messages/<int:message_pk>/withdraw/",
        views.message_withdraw,
        name="message_withdraw",
    ),
    path(
        "conversations/<int:pk>/messages/<int:message_pk>/report/",
        views.message_report,
        name="message_report",
    ),
    path(
        "conversations/<int:pk>/files/<int:file_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "conversations/<int:pk>/files/<int:file_pk>/preview/",
        views.attachment_preview,
        name="attachment_preview",
    ),
    path("jobs/<int:pk>/conversations/", views.job_conversations, name="job"),
    path("account/messages/", views.email_settings, name="settings"),
]
