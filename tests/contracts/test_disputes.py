"""A second contract goes to dispute and a mediator splits it; the books balance after each
step; mediators are never a member of either side; the outcome counts on the profile."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from contracts import selectors
from contracts.models import MilestoneStatus, NotificationKind, OutgoingKind
from contracts.services import disputes, money
from contracts.services import milestones as milestone_services
from contracts.services.staff import MEDIATORS_GROUP_NAME
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.contracts.helpers import assert_books_balance, balance_of, make_contract, staff_in
from tests.factories import MembershipFactory, text_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def disputed(two_part_contract, buyer, provider_owner, finance, mediator):
    milestone = two_part_contract.milestones.select_related("funding").first()
    money.payment_record(
        funding=milestone.funding, amount=Decimal("630.00"), bank_reference="B", by=finance
    )
    milestone_services.milestone_submit(milestone=milestone, by=provider_owner, message="Done.")
    return disputes.dispute_open(
        milestone=milestone, by=buyer, reason="Half the files are missing."
    )


def test_a_mediator_splits_a_dispute_and_the_money_follows(
    disputed, buyer, provider_owner, mediator, finance
):
    milestone = disputed.milestone
    assert milestone.status == MilestoneStatus.DISPUTED
    assert Notification.objects.filter(
        recipient=provider_owner, kind=NotificationKind.DISPUTE_OPENED
    ).exists()
    assert Notification.objects.filter(
        recipient=mediator, kind=NotificationKind.DISPUTE_OPENED
    ).exists()
    disputes.dispute_answer(
        dispute=disputed, by=provider_owner, answer="All files were sent.", uploads=[text_upload()]
    )
    disputes.dispute_take(dispute=disputed, by=mediator)

    with pytest.raises(ApplicationError, match="add up to"):
        disputes.dispute_decide(
            dispute=disputed,
            by=mediator,
            outcome="split",
            to_provider=Decimal("400.00"),
            to_buyer=Decimal("100.00"),
            note="Half done.",
        )
    disputes.dispute_decide(
        dispute=disputed,
        by=mediator,
        outcome="split",
        to_provider=Decimal("450.00"),
        to_buyer=Decimal("150.00"),
        note="Three quarters were delivered.",
    )

    assert_books_balance()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SPLIT
    disputed.refresh_from_db()
    assert (disputed.premium_to_provider, disputed.premium_to_buyer) == (
        Decimal("22.50"),
        Decimal("7.50"),
    )
    assert balance_of(f"milestone:{milestone.pk}:escrow") == 0
    assert balance_of(f"milestone:{milestone.pk}:premium") == 0
    payout = milestone.outgoing.get(kind=OutgoingKind.PAYOUT)
    refund = milestone.outgoing.get(kind=OutgoingKind.REFUND)
    assert (payout.amount, payout.premium) == (Decimal("450.00"), Decimal("22.50"))
    assert (refund.amount, refund.premium) == (Decimal("150.00"), Decimal("7.50"))
    for person in (buyer, provider_owner):
        assert Notification.objects.filter(
            recipient=person, kind=NotificationKind.DISPUTE_DECIDED
        ).exists()
    money.outgoing_send(outgoing=payout, reference="P", by=finance)
    money.outgoing_send(outgoing=refund, reference="R", by=finance)
    assert_books_balance()
    assert selectors.dispute_counts(organization_id=milestone.contract.provider_id) == {
        "opened": 1,
        "decided_for": 0,
        "decided_against": 0,
        "split": 1,
    }


def test_the_mediator_waits_for_the_answer_or_the_deadline(disputed, mediator):
    with pytest.raises(ApplicationError, match="may answer until"):
        disputes.dispute_decide(dispute=disputed, by=mediator, outcome="refund", note="No.")

    with time_machine.travel(disputed.answer_due + timedelta(minutes=1)):
        disputes.dispute_decide(
            dispute=disputed, by=mediator, outcome="refund", note="No answer came."
        )

    disputed.milestone.refresh_from_db()
    assert disputed.milestone.status == MilestoneStatus.REFUNDED
    assert_books_balance()


def test_a_mediator_of_either_side_is_refused(disputed, two_part_contract, buyer):
    provider_side = staff_in(MEDIATORS_GROUP_NAME)
    MembershipFactory(user=provider_side, organization=two_part_contract.provider)
    for person in (provider_side, buyer):
        with pytest.raises(ApplicationError, match="mediator"):
            disputes.dispute_take(dispute=disputed, by=person)


def test_staff_outside_the_mediators_cannot_decide(disputed, finance):
    with pytest.raises(ApplicationError, match="Only Fairbid's mediators"):
        disputes.dispute_take(dispute=disputed, by=finance)


def test_only_the_other_side_answers_once(disputed, buyer, provider_owner):
    with pytest.raises(ApplicationError, match="other side answers"):
        disputes.dispute_answer(dispute=disputed, by=buyer, answer="More.")
    disputes.dispute_answer(dispute=disputed, by=provider_owner, answer="No.")
    with pytest.raises(ApplicationError, match="already answered"):
        disputes.dispute_answer(dispute=disputed, by=provider_owner, answer="Again.")


def test_an_unfunded_milestone_cannot_be_disputed(two_part_contract, buyer):
    with pytest.raises(ApplicationError, match="funded or submitted"):
        disputes.dispute_open(
            milestone=two_part_contract.milestones.first(), by=buyer, reason="Why?"
        )


def test_the_outcome_counts_for_and_against_the_provider(buyer, provider_owner, mediator, finance):
    contract = make_contract(
        buyer=buyer, provider_owner=provider_owner, parts=(Decimal("100.00"), Decimal("50.00"))
    )
    for milestone, outcome in zip(
        contract.milestones.select_related("funding"), ["release", "refund"], strict=True
    ):
        money.payment_record(
            funding=milestone.funding,
            amount=milestone.amount,
            bank_reference=f"B{milestone.pk}",
            by=finance,
        )
        dispute = disputes.dispute_open(milestone=milestone, by=provider_owner, reason="Late.")
        disputes.dispute_answer(dispute=dispute, by=buyer, answer="Fair.")
        disputes.dispute_decide(dispute=dispute, by=mediator, outcome=outcome, note="Decided.")
        assert_books_balance()

    counts = selectors.dispute_counts(organization_id=contract.provider_id)
    assert counts == {"opened": 2, "decided_for": 1, "decided_against": 1, "split": 0}
    contract.refresh_from_db()
    assert contract.status == "completed"


def test_disputes_through_the_pages_and_the_profile(
    client, two_part_contract, buyer, provider_owner, finance, mediator
):
    milestone = two_part_contract.milestones.select_related("funding").first()
    money.payment_record(
        funding=milestone.funding, amount=Decimal("630.00"), bank_reference="B", by=finance
    )
    client.force_login(buyer)
    client.post(
        reverse("contracts:dispute_open", args=[two_part_contract.pk, milestone.pk]),
        {"reason": "Nothing arrived.", "files": [text_upload()]},
    )
    dispute = milestone.disputes.get()
    evidence = dispute.files.get().file
    client.force_login(provider_owner)
    page = client.get(two_part_contract.get_absolute_url()).content.decode()
    assert "Nothing arrived." in page
    assert "Send the answer" in page
    assert (
        client.get(
            reverse("contracts:dispute_file", args=[two_part_contract.pk, evidence.pk])
        ).status_code
        == 200
    )
    client.post(
        reverse("contracts:dispute_answer", args=[two_part_contract.pk, dispute.pk]),
        {"answer": "It is on the shared drive."},
    )
    dispute.refresh_from_db()
    assert dispute.answered_at is not None

    client.force_login(mediator)
    changelist = reverse("admin:contracts_dispute_changelist")
    client.post(
        changelist,
        {
            "action": "decide_dispute",
            "_selected_action": [dispute.pk],
            "apply": "1",
            "outcome": "release",
            "note": "The files were on the drive.",
        },
    )
    dispute.refresh_from_db()
    assert dispute.outcome == "release"
    profile = reverse("marketplace:provider_profile", args=[two_part_contract.provider.slug])
    page = client.get(profile).content.decode()
    assert "1 dispute on Fairbid contracts: decided for the firm 1" in page
