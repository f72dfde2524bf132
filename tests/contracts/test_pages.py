from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import MilestoneStatus
from contracts.services import money
from tests.factories import UserFactory, text_upload

pytestmark = pytest.mark.django_db


def _milestone(contract):
    return contract.milestones.select_related("funding").first()


def test_the_contract_page_is_for_the_parties_and_contract_staff(
    client, two_part_contract, buyer, provider_owner, provider_member, other_provider, finance
):
    url = two_part_contract.get_absolute_url()
    for person in (buyer, provider_owner, provider_member, finance):
        client.force_login(person)
        assert client.get(url).status_code == 200
    for person in (other_provider, UserFactory(is_staff=True)):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_buyer_sees_transfer_instructions_and_the_premium_explained(
    client, two_part_contract, buyer, settings
):
    settings.CONTRACTS_TRANSFER_INSTRUCTIONS = "Fairbid Escrow, IBAN XX00 TEST"
    client.force_login(buyer)
    page = client.get(two_part_contract.get_absolute_url()).content.decode()

    assert _milestone(two_part_contract).funding.reference in page
    assert "630.00 USD" in page
    assert "Fairbid Escrow, IBAN XX00 TEST" in page
    assert "for its workers and community" in page


def test_the_provider_is_told_not_to_start_unfunded_work(client, two_part_contract, provider_owner):
    client.force_login(provider_owner)
    page = client.get(two_part_contract.get_absolute_url()).content.decode()

    assert "Start work on a milestone only once it is funded." in page
    assert "Not funded yet: do not start this work." in page


def test_partial_and_excess_payments_are_shown(client, two_part_contract, buyer, finance):
    funding = _milestone(two_part_contract).funding
    money.payment_record(funding=funding, amount=Decimal("100.00"), bank_reference="A", by=finance)
    client.force_login(buyer)
    page = client.get(two_part_contract.get_absolute_url()).content.decode()
    assert "Received so far: 100.00 USD. Still due: 530.00 USD." in page

    money.payment_record(funding=funding, amount=Decimal("600.00"), bank_reference="B", by=finance)
    page = client.get(two_part_contract.get_absolute_url()).content.decode()
    assert "70.00 USD arrived beyond what was due" in page


def test_the_work_is_submitted_answered_and_its_payout_confirmed_over_http(
    client, two_part_contract, buyer, provider_owner, finance
):
    milestone = _milestone(two_part_contract)
    money.payment_record(
        funding=milestone.funding, amount=Decimal("630.00"), bank_reference="B", by=finance
    )
    args = [two_part_contract.pk, milestone.pk]

    client.force_login(provider_owner)
    client.post(
        reverse("contracts:milestone_submit", args=args),
        {"message": "Transcripts attached.", "files": [text_upload()]},
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED
    stored = milestone.submissions.get().files.get().file
    file_url = reverse("contracts:submission_file", args=[two_part_contract.pk, stored.pk])

    client.force_login(buyer)
    assert client.get(file_url).status_code == 200
    client.post(reverse("contracts:milestone_request_changes", args=args), {"reason": "Names."})
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.CHANGES_REQUESTED

    client.force_login(provider_owner)
    client.post(reverse("contracts:milestone_submit", args=args), {"message": "Fixed."})
    client.force_login(buyer)
    client.post(reverse("contracts:milestone_approve", args=args))
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.RELEASED

    payout = milestone.outgoing.get()
    money.outgoing_send(outgoing=payout, reference="PAY-1", by=finance)
    client.force_login(provider_owner)
    page = client.get(two_part_contract.get_absolute_url()).content.decode()
    assert "PAY-1" in page
    client.post(reverse("contracts:payment_confirm", args=[two_part_contract.pk, payout.pk]))
    payout.refresh_from_db()
    assert payout.confirmed_at is not None


def test_the_wrong_side_is_refused_and_nothing_changes(
    client, two_part_contract, buyer, provider_owner, other_provider, finance
):
    milestone = _milestone(two_part_contract)
    money.payment_record(
        funding=milestone.funding, amount=Decimal("630.00"), bank_reference="B", by=finance
    )
    args = [two_part_contract.pk, milestone.pk]

    client.force_login(buyer)
    response = client.post(reverse("contracts:milestone_submit", args=args), {"message": "x"})
    assert response.status_code == 302
    client.force_login(other_provider)
    response = client.post(reverse("contracts:milestone_submit", args=args), {"message": "x"})
    assert response.status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.FUNDED


def test_a_submission_file_is_not_for_outsiders(
    client, two_part_contract, provider_owner, other_provider, finance
):
    milestone = _milestone(two_part_contract)
    money.payment_record(
        funding=milestone.funding, amount=Decimal("630.00"), bank_reference="B", by=finance
    )
    client.force_login(provider_owner)
    client.post(
        reverse("contracts:milestone_submit", args=[two_part_contract.pk, milestone.pk]),
        {"message": "Here.", "files": [text_upload()]},
    )
    stored = milestone.submissions.get().files.get().file

    client.force_login(other_provider)
    url = reverse("contracts:submission_file", args=[two_part_contract.pk, stored.pk])
    assert client.get(url).status_code == 404


def test_finance_records_a_payment_through_the_admin_action(client, two_part_contract, finance):
    funding = _milestone(two_part_contract).funding
    client.force_login(finance)
    changelist = reverse("admin:contracts_funding_changelist")
    data = {"action": "record_payment", "_selected_action": [funding.pk]}

    form = client.post(changelist, data)
    assert form.status_code == 200
    assert "Amount received" in form.content.decode()
    client.post(changelist, {**data, "apply": "1", "amount": "630.00", "bank_reference": "X-9"})

    funding.milestone.refresh_from_db()
    assert funding.milestone.status == MilestoneStatus.FUNDED


def test_staff_outside_finance_cannot_record_payments_in_admin(client, two_part_contract, mediator):
    funding = _milestone(two_part_contract).funding
    client.force_login(mediator)
    changelist = reverse("admin:contracts_funding_changelist")

    client.post(
        changelist,
        {
            "action": "record_payment",
            "_selected_action": [funding.pk],
            "apply": "1",
            "amount": "630.00",
            "bank_reference": "X-9",
        },
    )

    funding.milestone.refresh_from_db()
    assert funding.milestone.status == MilestoneStatus.PENDING
