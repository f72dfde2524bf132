"""Reads of users, organizations, memberships and invitations, shaped for their pages."""

from django.conf import settings

from accounts.models import Invitation, InvitationStatus, Membership, Organization


def membership_for_user(*, user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("organization").filter(user=user).first()


def organization_members(*, organization: Organization):
    return organization.memberships.select_related("user").order_by("-role", "created_at")


def organization_pending_invitations(*, organization: Organization):
    return organization.invitations.filter(status=InvitationStatus.PENDING).select_related(
        "invited_by"
    )


def invitation_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()
    )


def invitation_for_email(*, invitation_id: int) -> Invitation | None:
    """The invitation to email, or None when it was revoked or used before the worker got to it."""
    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id, status=InvitationStatus.PENDING)
        .first()
    )


def absolute_url(obj) -> str:
    return f"{settings.SITE_URL}{obj.get_absolute_url()}"


def api_tokens(*, user):
    return user.api_tokens.all()
