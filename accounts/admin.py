from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count

from accounts.models import ApiToken, Invitation, Membership, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organization"]
    fields = ["user", "organization", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "status", "invited_by", "expires_at", "sent_at", "accepted_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
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
    list_filter = ["kind", "country", "created_at"]
    search_fields = ["name", "slug", "city", "memberships__user__email"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline, InvitationInline]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description="members", ordering="member_count")
    def member_count(self, organization):
        return organization.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization__kind", "organization__country"]
    search_fields = ["user__email", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "status", "invited_by", "sent_at", "expires_at"]
    list_filter = ["status", "organization__kind", "created_at"]
    search_fields = ["email", "organization__name", "invited_by__email"]
    list_select_related = ["organization", "invited_by"]
    readonly_fields = ["token", "created_at", "updated_at", "sent_at", "accepted_at"]
    autocomplete_fields = ["organization", "invited_by", "accepted_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners; staff may only look, or revoke by deleting."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "created_at"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
