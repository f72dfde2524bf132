from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from accounts import services
from accounts.models import InvitationStatus, Membership, MembershipRole, OrganizationKind, Role
from core.exceptions import ApplicationError
from tests.factories import (
    BuyerFactory,
    InvitationFactory,
    MembershipFactory,
    ProviderFactory,
    ProviderOrganizationFactory,
)

pytestmark = pytest.mark.django_db

PROVIDER_FIELDS = {
    "name": "Gulu Annotation Co-operative",
    "country": "UG",
    "city": "Gulu",
    "year_founded": 2019,
    "employee_count": 18,
    "local_ownership_percent": Decimal("100"),
}


def test_provider_creates_a_provider_organization_and_becomes_its_owner():
    provider = ProviderFactory()

    organization = services.organization_create(owner=provider, **PROVIDER_FIELDS)

    assert organization.kind == OrganizationKind.PROVIDER
    assert organization.slug == "gulu-annotation-co-operative"
    membership = Membership.objects.get(user=provider)
    assert membership.organization == organization
    assert membership.role == MembershipRole.OWNER


def test_buyer_creates_a_buyer_company_with_only_name_and_country():
    buyer = BuyerFactory()

    organization = services.organization_create(owner=buyer, name="Acme Ltd", country="GB")

    assert organization.kind == OrganizationKind.BUYER
    assert organization.employee_count is None


def test_provider_organization_without_its_facts_is_refused_field_by_field():
    provider = ProviderFactory()

    with pytest.raises(ApplicationError) as refused:
        services.organization_create(owner=provider, name="Half Done Ltd", country="KE")

    assert set(refused.value.fields) == {
        "city",
        "year_founded",
        "employee_count",
        "local_ownership_percent",
    }
    assert not Membership.objects.filter(user=provider).exists()


def test_database_refuses_an_incomplete_provider_organization():
    with pytest.raises(IntegrityError):
        ProviderOrganizationFactory(employee_count=None)


def test_local_ownership_over_100_percent_is_refused_on_that_field():
    with pytest.raises(ApplicationError) as refused:
        services.organization_create(
            owner=ProviderFactory(),
            **{**PROVIDER_FIELDS, "local_ownership_percent": Decimal("101")},
        )

    assert list(refused.value.fields) == ["local_ownership_percent"]


def test_same_names_get_distinct_slugs():
    first = services.organization_create(owner=ProviderFactory(), **PROVIDER_FIELDS)
    second = services.organization_create(owner=ProviderFactory(), **PROVIDER_FIELDS)

    assert first.slug != second.slug


def test_a_person_belongs_to_one_organization_only(provider_owner):
    with pytest.raises(ApplicationError, match="already belong"):
        services.organization_create(owner=provider_owner, **PROVIDER_FIELDS)


def test_only_the_owner_updates_the_organization(provider_owner, provider_member):
    organization = provider_owner.memberships.get().organization

    services.organization_update(organization=organization, by=provider_owner, employee_count=40)
    organization.refresh_from_db()
    assert organization.employee_count == 40

    with pytest.raises(ApplicationError, match="Only the owner"):
        services.organization_update(organization=organization, by=provider_member, city="Jinja")


def test_owner_invites_by_email_and_the_email_is_sent_after_commit(
    provider_owner, django_capture_on_commit_callbacks
):
    organization = provider_owner.memberships.get().organization

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = services.invitation_create(
            organization=organization, by=provider_owner, email="New.Colleague@Example.com"
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["New.Colleague@example.com"]
    assert invitation.get_absolute_url() in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_member_cannot_invite(provider_member):
    organization = provider_member.memberships.get().organization

    with pytest.raises(ApplicationError, match="Only the owner"):
        services.invitation_create(
            organization=organization, by=provider_member, email="x@example.com"
        )


def test_inviting_an_address_twice_or_an_existing_member_is_refused(
    provider_owner, provider_member
):
    organization = provider_owner.memberships.get().organization
    services.invitation_create(organization=organization, by=provider_owner, email="a@example.com")

    with pytest.raises(ApplicationError, match="already has a pending invitation"):
        services.invitation_create(
            organization=organization, by=provider_owner, email="A@example.com"
        )
    with pytest.raises(ApplicationError, match="already a member"):
        services.invitation_create(
            organization=organization, by=provider_owner, email=provider_member.email.upper()
        )


def test_invited_person_accepts_and_takes_the_organization_role():
    invitation = InvitationFactory(email="newcomer@example.com")
    newcomer = BuyerFactory(email="newcomer@example.com")

    membership = services.invitation_accept(invitation=invitation, user=newcomer)

    assert membership.organization == invitation.organization
    assert membership.role == MembershipRole.MEMBER
    newcomer.refresh_from_db()
    assert newcomer.role == Role.PROVIDER
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == newcomer


def test_invitation_for_another_address_is_refused():
    invitation = InvitationFactory(email="right@example.com")

    with pytest.raises(ApplicationError, match="sent to right@example.com"):
        services.invitation_accept(invitation=invitation, user=ProviderFactory())


def test_expired_revoked_or_used_invitation_is_refused():
    expired = InvitationFactory(expired=True, email="late@example.com")
    with pytest.raises(ApplicationError, match="expired"):
        services.invitation_accept(
            invitation=expired, user=ProviderFactory(email="late@example.com")
        )

    revoked = InvitationFactory(status=InvitationStatus.REVOKED, email="gone@example.com")
    with pytest.raises(ApplicationError, match="revoked"):
        services.invitation_accept(
            invitation=revoked, user=ProviderFactory(email="gone@example.com")
        )


def test_member_of_another_organization_cannot_accept(other_provider):
    invitation = InvitationFactory(email=other_provider.email)

    with pytest.raises(ApplicationError, match="already belong"):
        services.invitation_accept(invitation=invitation, user=other_provider)


def test_owner_revokes_a_pending_invitation_once(provider_owner):
    organization = provider_owner.memberships.get().organization
    invitation = InvitationFactory(organization=organization)

    services.invitation_revoke(invitation=invitation, by=provider_owner)

    assert invitation.status == InvitationStatus.REVOKED
    with pytest.raises(ApplicationError, match="Only a pending"):
        services.invitation_revoke(invitation=invitation, by=provider_owner)


def test_invitations_past_their_end_expire():
    stale = InvitationFactory(expired=True)
    fresh = InvitationFactory()

    assert services.invitations_expire() == 1
    assert services.invitations_expire(now=timezone.now() - timedelta(days=1)) == 0

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == InvitationStatus.EXPIRED
    assert fresh.status == InvitationStatus.PENDING


def test_owner_removes_a_member_but_not_themself(provider_owner, provider_member):
    owner_membership = provider_owner.memberships.get()
    member_membership = provider_member.memberships.get()

    with pytest.raises(ApplicationError, match="owner cannot be removed"):
        services.membership_remove(membership=owner_membership, by=provider_owner)
    with pytest.raises(ApplicationError, match="Only the owner"):
        services.membership_remove(membership=owner_membership, by=provider_member)

    services.membership_remove(membership=member_membership, by=provider_owner)
    assert not Membership.objects.filter(user=provider_member).exists()


def test_database_allows_one_owner_per_organization(provider_owner):
    organization = provider_owner.memberships.get().organization

    with pytest.raises(IntegrityError):
        MembershipFactory(organization=organization, owner=True)


def test_database_allows_one_organization_per_person(provider_owner):
    with pytest.raises(IntegrityError):
        MembershipFactory(user=provider_owner)
