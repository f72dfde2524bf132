"""Accounts in Django admin. Organizations are edited through organization_update (so a
changed fact re-checks the label); memberships, invitations and tokens are read here and
changed only by actions that call their services."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count

from accounts import services
from accounts.forms import organization_form_class
from accounts.models import ApiToken, Invitation, Membership, Organization, User
from core.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceSaveAdminMixin, run_on_each


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "organization", "role", "created_at"]
    readonly_fields = fields


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Staff manage people's log-ins, names and groups here. A person's role follows their
    organization and is never edited by hand; accounts are deactivated, never deleted, so
    the history they wrote keeps its author."""

    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "role",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["role", "is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name", "memberships__organization__name"]
    inlines = [MembershipInline]
    readonly_fields = ["role", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal information", {"fields": ["first_name", "last_name", "role"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


class InvitationInline(ReadOnlyInline):
    model = Invitation
    fields = ["email", "status", "invited_by", "expires_at", "sent_at", "accepted_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(ServiceSaveAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "country",
        "city",
        "employee_count",
        "local_ownership_percent",
        "member_count",
        "created_at",
    ]
    list_filter = ["kind", "created_at"]
    search_fields = ["name", "slug", "city", "memberships__user__email"]
    readonly_fields = ["kind", "slug", "created_at", "updated_at"]
    inlines = [MembershipInline, InvitationInline]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description="members", ordering="member_count")
    def member_count(self, organization):
        return organization.member_count

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The owners' own form: the same fields and required facts as on the site. Its fields
        # are named, so that staff who may only view an organization see them read-only.
        form = organization_form_class(is_provider=obj is not None and obj.is_provider)
        kwargs["form"] = form
        kwargs["fields"] = list(form._meta.fields)
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        form = organization_form_class(is_provider=obj is not None and obj.is_provider)
        return [*form._meta.fields, *self.readonly_fields]

    def save_through_service(self, request, obj, form, change):
        services.organization_update(organization=obj, by=request.user, **form.cleaned_data)

    def has_add_permission(self, request):
        return False  # an organization is created by its owner, who becomes its first member

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization__kind"]
    search_fields = ["user__email", "organization__name"]
    list_select_related = ["user", "organization"]
    actions = ["remove_members"]

    @admin.action(description="Remove from their organization", permissions=["remove"])
    def remove_members(self, request, queryset):
        run_on_each(
            self,
            request,
            queryset.select_related("organization", "user"),
            lambda membership, by: services.membership_remove(membership=membership, by=by),
            done="Remove from their organization",
        )

    def has_remove_permission(self, request):
        return request.user.has_perm("accounts.delete_membership")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organization", "status", "invited_by", "sent_at", "expires_at"]
    list_filter = ["status", "organization__kind", "created_at"]
    search_fields = ["email", "organization__name", "invited_by__email"]
    list_select_related = ["organization", "invited_by"]
    exclude = ["token"]
    actions = ["revoke_invitations"]

    @admin.action(description="Revoke the invitations", permissions=["revoke"])
    def revoke_invitations(self, request, queryset):
        run_on_each(
            self,
            request,
            queryset.select_related("organization"),
            lambda invitation, by: services.invitation_revoke(invitation=invitation, by=by),
            done="Revoke the invitations",
        )

    def has_revoke_permission(self, request):
        return request.user.has_perm("accounts.change_invitation")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are created by their owners; staff may look, and revoke one that leaked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "created_at"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke_tokens"]

    @admin.action(description="Revoke the tokens", permissions=["revoke"])
    def revoke_tokens(self, request, queryset):
        run_on_each(
            self,
            request,
            queryset,
            lambda token, by: services.api_token_revoke(token=token, by=by),
            done="Revoke the tokens",
        )

    def has_revoke_permission(self, request):
        return request.user.has_perm("accounts.change_apitoken")
