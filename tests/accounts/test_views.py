import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, InvitationStatus, Membership, Organization
from tests.factories import BuyerFactory, InvitationFactory, MembershipFactory, ProviderFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

PROVIDER_FORM = {
    "name": "Gulu Annotation Co-operative",
    "country": "UG",
    "city": "Gulu",
    "year_founded": "2019",
    "employee_count": "18",
    "local_ownership_percent": "100",
    "website": "gulu-annotation.example",
    "description": "Image annotation.",
}


def test_anonymous_visitor_sees_the_landing_page(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Sign up to buy or offer services" in response.content.decode()


@pytest.mark.parametrize(
    ("fixture", "template", "nav_text"),
    [
        ("buyer", "marketplace/dashboard_buyer.html", "Add your company"),
        ("provider_without_organization", "home/provider.html", "Set up your firm"),
        ("provider_owner", "marketplace/dashboard_provider.html", "My firm"),
        ("reviewer", "home/staff.html", "Admin"),
    ],
)
def test_each_role_lands_on_its_own_home(client, request, fixture, template, nav_text):
    client.force_login(request.getfixturevalue(fixture))

    response = client.get(reverse("home"))

    assert template in [t.name for t in response.templates]
    assert nav_text in response.content.decode()


def test_provider_sets_up_a_firm_through_the_form(client, provider_without_organization):
    client.force_login(provider_without_organization)

    response = client.post(reverse("accounts:organization_create"), PROVIDER_FORM, follow=True)

    organization = Organization.objects.get(name="Gulu Annotation Co-operative")
    assert organization.website == "https://gulu-annotation.example"
    assert Membership.objects.get(user=provider_without_organization).is_owner
    assert "is set up" in response.content.decode()


def test_bad_organization_input_shows_field_errors_and_keeps_the_rest(
    client, provider_without_organization
):
    client.force_login(provider_without_organization)

    response = client.post(
        reverse("accounts:organization_create"),
        {**PROVIDER_FORM, "employee_count": "0", "local_ownership_percent": "150"},
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"employee_count", "local_ownership_percent"}
    assert 'value="Gulu Annotation Co-operative"' in response.content.decode()
    assert not Organization.objects.exists()


def test_buyer_adds_a_company_with_name_and_country_only(client, buyer):
    client.force_login(buyer)

    client.post(reverse("accounts:organization_create"), {"name": "Acme Ltd", "country": "GB"})

    assert Membership.objects.get(user=buyer).organization.name == "Acme Ltd"


def test_only_the_owner_sees_the_edit_page_and_invitations(client, provider_owner, provider_member):
    client.force_login(provider_member)
    assert client.get(reverse("accounts:organization_edit")).status_code == 403
    page = client.get(reverse("accounts:organization")).content.decode()
    assert "Invite a colleague" not in page
    response = client.post(reverse("accounts:invitation_create"), {"email": "x@example.com"})
    assert response.status_code == 403

    client.force_login(provider_owner)
    assert client.get(reverse("accounts:organization_edit")).status_code == 200
    assert "Invite a colleague" in client.get(reverse("accounts:organization")).content.decode()


def test_organization_pages_need_a_login_and_an_organization(client, buyer):
    response = client.get(reverse("accounts:organization"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))

    client.force_login(buyer)
    assert client.get(reverse("accounts:organization")).status_code == 404


def test_owner_invites_and_the_invitee_joins_through_the_link(
    client, provider_owner, django_capture_on_commit_callbacks
):
    client.force_login(provider_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invitation_create"), {"email": "colleague@example.com"}, follow=True
        )
    assert "An invitation is on its way to colleague@example.com." in response.content.decode()
    invitation = Invitation.objects.get(email="colleague@example.com")
    assert invitation.get_absolute_url() in mail.outbox[0].body

    colleague = ProviderFactory(email="colleague@example.com")
    client.force_login(colleague)
    response = client.post(invitation.get_absolute_url(), follow=True)

    assert f"You have joined {invitation.organization}." in response.content.decode()
    assert Membership.objects.get(user=colleague).organization == invitation.organization


def test_invalid_invitation_email_is_explained_on_the_page(client, provider_owner):
    client.force_login(provider_owner)

    response = client.post(reverse("accounts:invitation_create"), {"email": "not-an-address"})

    assert response.status_code == 400
    assert response.context["invitation_form"].errors["email"] == ["Enter a valid email address."]


def test_anonymous_visitor_is_sent_to_log_in_to_accept(client):
    invitation = InvitationFactory()

    page = client.get(invitation.get_absolute_url())
    assert "Log in to accept" in page.content.decode()

    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_wrong_person_cannot_accept_and_is_told_why(client):
    invitation = InvitationFactory(email="right@example.com")
    client.force_login(BuyerFactory())

    response = client.post(invitation.get_absolute_url(), follow=True)

    assert "This invitation was sent to right@example.com" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_unknown_invitation_token_is_404(client):
    assert client.get(reverse("accounts:invitation", args=["no-such-token"])).status_code == 404


def test_owner_of_another_organization_cannot_revoke_an_invitation(
    client, provider_owner, other_provider
):
    invitation = InvitationFactory(organization=provider_owner.memberships.get().organization)
    client.force_login(other_provider)

    response = client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_owner_revokes_an_invitation_and_removes_a_member(client, provider_owner, provider_member):
    organization = provider_owner.memberships.get().organization
    invitation = InvitationFactory(organization=organization)
    client.force_login(provider_owner)

    client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    member = provider_member.memberships.get()
    response = client.post(reverse("accounts:membership_remove", args=[member.pk]), follow=True)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert "is no longer a member" in response.content.decode()
    assert not Membership.objects.filter(user=provider_member).exists()


def test_organization_page_query_count_does_not_grow_with_members(client, provider_owner):
    organization = provider_owner.memberships.get().organization
    client.force_login(provider_owner)

    def load_page():
        assert client.get(reverse("accounts:organization")).status_code == 200

    MembershipFactory.create_batch(4, organization=organization)
    InvitationFactory.create_batch(5, organization=organization)
    with_five = count_queries(load_page)
    MembershipFactory.create_batch(45, organization=organization)
    InvitationFactory.create_batch(45, organization=organization)

    assert count_queries(load_page) == with_five
