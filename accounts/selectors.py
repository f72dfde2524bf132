"""Reads of users, organizations, memberships and invitations, shaped for their pages."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    User,
)


def language_of(user) -> str:
    """The language to write to this person in: their chosen one, else the site's default."""
    language = getattr(user, "language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# --- Who belongs where: the one place these rules are written -------------------------------


def membership_for_user(*, user) -> Membership | None:
    """The user's membership (with its organization), or None; a person has at most one."""
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("organization").filter(user=user).first()


def provider_membership_for(*, user) -> Membership | None:
    """The user's membership of a provider organization, or None."""
    membership = membership_for_user(user=user)
    if membership is None or membership.organization.kind != OrganizationKind.PROVIDER:
        return None
    return membership


def is_member(*, user, organization_id: int | None) -> bool:
    """Whether the user belongs to the organization (in any role)."""
    if organization_id is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organization_id=organization_id).exists()


def belongs_anywhere(*, user) -> bool:
    """Whether the person already belongs to an organization (one is the most they may)."""
    return Membership.objects.filter(user=user).exists()


def is_member_by_email(*, email: str, organization_id: int) -> bool:
    return Membership.objects.filter(
        organization_id=organization_id, user__email__iexact=email
    ).exists()


def is_owner(*, user, organization_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organization_id=organization_id, role=MembershipRole.OWNER
    ).exists()


def members_of(*organization_ids: int) -> list[User]:
    """Every member of these organizations, in one query."""
    if not organization_ids:
        return []
    return list(User.objects.filter(memberships__organization_id__in=organization_ids))


def owners_of(organization_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active owners of these organizations, by organization id, in one query."""
    owners = defaultdict(list)
    for membership in Membership.objects.filter(
        organization_id__in=list(organization_ids),
        role=MembershipRole.OWNER,
        user__is_active=True,
    ).select_related("user"):
        owners[membership.organization_id].append(membership.user)
    return owners


# --- Pages ----------------------------------------------------------------------------------


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


def invitations_to_email(
    *, ids: Iterable[int] | None = None, older_than: timedelta | None = None
) -> QuerySet:
    """Invitations still to be emailed: pending, unexpired and unsent (these ids, or those
    waiting for longer than older_than); one revoked or used before the worker got to it is
    never sent."""
    now = timezone.now()
    invitations = Invitation.objects.select_related("organization", "invited_by").filter(
        status=InvitationStatus.PENDING, sent_at__isnull=True, expires_at__gt=now
    )
    if ids is not None:
        invitations = invitations.filter(pk__in=list(ids))
    if older_than is not None:
        invitations = invitations.filter(created_at__lte=now - older_than)
    return invitations


def absolute_url(obj) -> str:
    return f"{settings.SITE_URL}{obj.get_absolute_url()}"


def api_tokens(*, user):
    return user.api_tokens.all()
