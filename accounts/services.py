"""Every write to users, organizations, memberships and invitations."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.models import (
    ApiToken,
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from accounts.signals import organization_facts_changed
from core.exceptions import ApplicationError, validated
from core.outbox import send_pending_emails
from core.tasks import enqueue_on_commit
from core.text import header_safe

KIND_FOR_ROLE = {Role.PROVIDER: OrganizationKind.PROVIDER, Role.BUYER: OrganizationKind.BUYER}

ORGANIZATION_FIELDS = (
    "name",
    "country",
    "city",
    "year_founded",
    "employee_count",
    "local_ownership_percent",
    "website",
    "description",
)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organization"
    slug, suffix = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _require_owner(organization: Organization, user: User, *, or_permission: str = "") -> None:
    """The organization's owner may; so may staff holding or_permission, where one is named."""
    if or_permission and user.has_perm(or_permission):
        return
    if not selectors.is_owner(user=user, organization_id=organization.pk):
        raise ApplicationError(
            _("Only the owner of the organization can do this."), code="permission_denied"
        )


@transaction.atomic
def organization_create(*, owner: User, **fields) -> Organization:
    """Create the owner's organization; its kind follows the owner's role."""
    if selectors.belongs_anywhere(user=owner):
        raise ApplicationError(_("You already belong to an organization."))
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organization fields: {sorted(unknown)}")
    organization = Organization(kind=KIND_FOR_ROLE[owner.role], **fields)
    organization.slug = _unique_slug(organization.name)
    if organization.is_provider:
        _require_provider_profile(organization)
    validated(organization)
    organization.save()
    Membership.objects.create(user=owner, organization=organization, role=MembershipRole.OWNER)
    return organization


# The facts certification judges; a change to one is announced (organization_facts_changed).
CERTIFIED_FACT_FIELDS = ("country", "employee_count", "local_ownership_percent")


@transaction.atomic
def organization_update(*, organization: Organization, by: User, **fields) -> Organization:
    """Update the profile, as its owner or as staff allowed to change organizations. A change
    to a fact certification judges is announced with organization_facts_changed."""
    _require_owner(organization, by, or_permission="accounts.change_organization")
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organization fields: {sorted(unknown)}")
    # The stored row, not the caller's instance, which a form may already have changed.
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = {name: getattr(organization, name) for name in CERTIFIED_FACT_FIELDS}
    for name, value in fields.items():
        setattr(organization, name, value)
    if organization.is_provider:
        _require_provider_profile(organization)
    validated(organization)
    organization.save()
    changed = {
        name: (old, getattr(organization, name))
        for name, old in before.items()
        if getattr(organization, name) != old
    }
    if organization.is_provider and changed:
        organization_facts_changed.send(
            sender=Organization, organization=organization, changed=changed, by=by
        )
    return organization


PROVIDER_REQUIRED_FIELDS = ("city", "year_founded", "employee_count", "local_ownership_percent")


def _require_provider_profile(organization: Organization) -> None:
    missing = {
        name: "This field is required for a provider organization."
        for name in PROVIDER_REQUIRED_FIELDS
        if getattr(organization, name) in (None, "")
    }
    if missing:
        raise ApplicationError(
            _("Please complete the organization's profile."), code="incomplete", fields=missing
        )


@transaction.atomic
def invitation_create(*, organization: Organization, by: User, email: str) -> Invitation:
    """Invite someone by email to join the organization; the email is sent after commit."""
    from accounts.tasks import send_invitation_email  # the task module imports this one

    _require_owner(organization, by)
    email = User.objects.normalize_email(email).strip()
    try:
        validate_email(email)
    except ValidationError as error:
        _refuse_email(" ".join(error.messages), cause=error)
    if selectors.is_member_by_email(email=email, organization_id=organization.pk):
        _refuse_email(f"{email} is already a member of {organization}.")
    if organization.invitations.filter(
        email__iexact=email, status=InvitationStatus.PENDING
    ).exists():
        _refuse_email(f"{email} already has a pending invitation.")
    invitation = Invitation(
        organization=organization,
        email=email,
        invited_by=by,
        expires_at=timezone.now() + settings.INVITATION_VALIDITY,
    )
    validated(invitation)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:  # a concurrent request invited the same address
        _refuse_email(f"{email} already has a pending invitation.", cause=exc)
    enqueue_on_commit(send_invitation_email, invitation.pk)
    return invitation


def _refuse_email(message: str, *, cause: Exception | None = None) -> NoReturn:
    """Refuse an invitation for its address; forms show the reason on the email field."""
    raise ApplicationError(message, fields={"email": message}) from cause


def _invitation_email(invitation: Invitation) -> EmailMultiAlternatives:
    # The invited person has no account yet: write in the language of the one who invites.
    with translation.override(selectors.language_of(invitation.invited_by)):
        context = {
            "invitation": invitation,
            "action_url": selectors.absolute_url(invitation),
            "action_label": _("Accept the invitation"),
        }
        subject = _("You are invited to join {organization}").format(
            organization=invitation.organization
        )
        email = EmailMultiAlternatives(
            subject=header_safe(settings.EMAIL_SUBJECT_PREFIX + subject),
            body=render_to_string("accounts/email/invitation.txt", context),
            to=[invitation.email],
        )
        email.attach_alternative(
            render_to_string("accounts/email/invitation.html", context), "text/html"
        )
    return email


def invitation_emails_send(
    *, ids: Iterable[int] | None = None, older_than: timedelta | None = None, limit: int = 200
) -> int:
    """Email the invitations still to be sent (these ids, or those waiting for longer than
    older_than) and mark each sent (core.outbox: once, and never lost); returns how many."""
    return send_pending_emails(
        selectors.invitations_to_email(ids=ids, older_than=older_than),
        email_for=_invitation_email,
        sent_field="sent_at",
        limit=limit,
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invited person joins the organization and takes the role of its kind."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise ApplicationError(
            _("This invitation is {status} and can no longer be accepted.").format(
                status=invitation.get_status_display().lower()
            )
        )
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(
            _("This invitation has expired. Ask the organization's owner for a new one.")
        )
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            _("This invitation was sent to {email}. Log in with that address to accept it.").format(
                email=invitation.email
            )
        )
    if selectors.belongs_anywhere(user=user):
        raise ApplicationError(
            _("You already belong to an organization; a person can belong to only one.")
        )
    organization = invitation.organization
    membership = Membership.objects.create(
        user=user, organization=organization, role=MembershipRole.MEMBER
    )
    if user.role != organization.member_role:
        user.role = organization.member_role
        user.save(update_fields=["role"])
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    _require_owner(invitation.organization, by, or_permission="accounts.change_invitation")
    if invitation.status != InvitationStatus.PENDING:
        raise ApplicationError(_("Only a pending invitation can be revoked."))
    invitation.status = InvitationStatus.REVOKED
    invitation.save(update_fields=["status", "updated_at"])
    return invitation


def invitations_expire(*, now=None) -> int:
    """Mark every pending invitation past its end as expired; returns how many."""
    now = now or timezone.now()
    return Invitation.objects.filter(status=InvitationStatus.PENDING, expires_at__lte=now).update(
        status=InvitationStatus.EXPIRED, updated_at=now
    )


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    _require_owner(membership.organization, by, or_permission="accounts.delete_membership")
    if membership.is_owner:
        raise ApplicationError(_("The owner cannot be removed from the organization."))
    membership.delete()


API_TOKEN_PREFIX_LENGTH = 8
MAX_ACTIVE_API_TOKENS = 10


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; returns it with its key, which is never stored."""
    name = name.strip()
    if not name:
        raise ApplicationError(
            _("Name the token, so you know later what uses it."), fields={"name": _("Required.")}
        )
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_API_TOKENS:
        raise ApplicationError(
            _("You already have {MAX_ACTIVE_API_TOKENS} active tokens; revoke one first.").format(
                MAX_ACTIVE_API_TOKENS=MAX_ACTIVE_API_TOKENS
            )
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=key[:API_TOKEN_PREFIX_LENGTH], key_hash=api_token_hash(key)
    )
    validated(token, only=("name",))
    token.save()
    return token, key


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Its owner, or staff allowed to change tokens (one that leaked), revoke a token."""
    if token.user_id != by.pk and not by.has_perm("accounts.change_apitoken"):
        raise ApplicationError(_("This token is not yours."), code="permission_denied")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())


PREFERENCE_FIELDS = ("language", "notification_emails")


@transaction.atomic
def user_preferences_update(*, user: User, language: str, notification_emails: bool) -> User:
    """The language a person reads Fairbid in, and whether notifications are also emailed."""
    user = user_language_set(user=user, language=language)
    if user.notification_emails != notification_emails:
        user.notification_emails = notification_emails
        user.save(update_fields=["notification_emails"])
    return user


def user_language_set(*, user: User, language: str) -> User:
    """Remember the language a person reads Fairbid in: its pages once they log in, and the
    notifications and emails written to them."""
    if language not in dict(settings.LANGUAGES):
        raise ApplicationError(_("Fairbid is not available in this language."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
