"""Every page with a form answers 400 when it shows the form again with its errors, whether
the input was invalid or the service refused it; the same page answers 200 when first shown."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Invitation
from certification.services import applications as application_services
from marketplace.models import Bid
from tests.factories import (
    BidFactory,
    BuyerFactory,
    InvitationFactory,
    JobFactory,
    LabelFactory,
)

pytestmark = pytest.mark.django_db

NO_MILESTONES = {"milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0"}


def _organization_create(people):
    return people.provider_without_organization, reverse("accounts:organization_create")


def _organization_edit(people):
    return people.provider_owner, reverse("accounts:organization_edit")


def _invitation_create(people):
    return people.provider_owner, reverse("accounts:invitation_create")


def _api_tokens(people):
    return people.buyer, reverse("accounts:api_tokens")


def _job_create(people):
    return people.buyer, reverse("marketplace:job_create")


def _job_edit(people):
    job = JobFactory(buyer=people.buyer, draft=True)
    return people.buyer, reverse("marketplace:job_edit", args=[job.pk])


def _bid_create(people):
    return people.provider_owner, reverse("marketplace:bid_create", args=[JobFactory().pk])


def _bid_edit(people):
    organization = people.provider_owner.memberships.get().organization
    bid = BidFactory(organization=organization)
    return people.provider_owner, reverse("marketplace:bid_edit", args=[bid.job.pk])


def _concern_create(people):
    return None, reverse("certification:concern_create", args=[LabelFactory().code])


def _open_application(people):
    organization = people.provider_owner.memberships.get().organization
    application_services.application_start(organization=organization, by=people.provider_owner)
    return people.provider_owner


def _application(people):
    return _open_application(people), reverse("certification:application")


def _evidence_upload(people):
    """The upload is a button of the application's one form."""
    return _application(people)


def _sign_code(people):
    """So is the signature."""
    return _application(people)


# Every view that shows a form and takes it back: (the page, its invalid input).
FORM_PAGES = [
    (_organization_create, {"name": ""}),
    (_organization_edit, {"name": ""}),
    (_invitation_create, {"email": "not-an-address"}),
    (_api_tokens, {"name": ""}),
    (_job_create, {"title": ""}),
    (_job_edit, {"title": ""}),
    (_bid_create, {"price": "-1", **NO_MILESTONES}),
    (_bid_edit, {"price": "", **NO_MILESTONES}),
    (_concern_create, {"text": "", "contact_email": "nope"}),
    (_application, {"total_workers": "-1"}),
    (_evidence_upload, {"upload": "", "kind": "payroll"}),
    (_sign_code, {"sign": "", "name": "Grace Nakato"}),
]


@pytest.fixture
def people(buyer, provider_owner, provider_without_organization):
    return SimpleNamespace(
        buyer=buyer,
        provider_owner=provider_owner,
        provider_without_organization=provider_without_organization,
    )


@pytest.mark.parametrize(
    ("form_page", "invalid"), FORM_PAGES, ids=[page.__name__[1:] for page, _ in FORM_PAGES]
)
def test_a_form_sent_back_with_invalid_input_answers_400(client, people, form_page, invalid):
    user, url = form_page(people)
    if user is not None:
        client.force_login(user)

    response = client.post(url, invalid)

    assert response.status_code == 400
    body = response.content.decode()
    assert "field-invalid" in body or 'class="form-errors"' in body


# The forms whose pages also answer GET show the form with 200.
GET_PAGES = [
    _organization_create,
    _organization_edit,
    _api_tokens,
    _job_create,
    _job_edit,
    _bid_create,
    _bid_edit,
    _application,
]


@pytest.mark.parametrize("form_page", GET_PAGES, ids=[page.__name__[1:] for page in GET_PAGES])
def test_a_form_shown_for_the_first_time_answers_200(client, people, form_page):
    user, url = form_page(people)
    client.force_login(user)

    assert client.get(url).status_code == 200


# A service's refusal is shown on the form, answering 400 too.


def test_an_invitation_for_a_member_is_refused_on_the_email_field(
    client, provider_owner, provider_member
):
    organization = provider_owner.memberships.get().organization
    client.force_login(provider_owner)

    response = client.post(reverse("accounts:invitation_create"), {"email": provider_member.email})

    assert response.status_code == 400
    assert response.context["invitation_form"].errors["email"] == [
        f"{provider_member.email} is already a member of {organization}."
    ]
    assert not Invitation.objects.exists()


def test_a_token_over_the_limit_is_refused_on_the_form(client, buyer):
    for number in range(account_services.MAX_ACTIVE_API_TOKENS):
        account_services.api_token_create(user=buyer, name=f"script {number}")
    client.force_login(buyer)

    response = client.post(reverse("accounts:api_tokens"), {"name": "one more"})

    assert response.status_code == 400
    assert "You already have 10 active tokens; revoke one first." in response.content.decode()


def test_a_bid_on_a_closed_job_is_refused_on_the_form(client, provider_owner):
    job = JobFactory(past_deadline=True)
    client.force_login(provider_owner)

    response = client.post(
        reverse("marketplace:bid_create", args=[job.pk]),
        {"price": "900", "delivery_days": "10", "proposal": "Keep my proposal.", **NO_MILESTONES},
    )

    assert response.status_code == 400
    assert "bids are no longer accepted" in response.content.decode()
    assert not Bid.objects.exists()


def test_accepting_someone_elses_invitation_is_refused_with_400(client):
    invitation = InvitationFactory(email="right@example.com")
    client.force_login(BuyerFactory())

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 400
    assert "This invitation was sent to right@example.com" in response.content.decode()
