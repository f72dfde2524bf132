from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("organization/", views.organization_detail, name="organization"),
    path("organization/new/", views.organization_create, name="organization_create"),
    path("organization/edit/", views.organization_edit, name="organization_edit"),
    path("organization/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "organization/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organization/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("language/", views.language_set, name="language"),
    path("account/preferences/", views.preferences, name="preferences"),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
