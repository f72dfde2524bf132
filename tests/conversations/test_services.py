from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conversations import selectors, services
from conversations.models import Conversation, Message
from core.exceptions import ApplicationError
from marketplace.services import jobs as job_services
from tests.factories import (
    BuyerFactory,
    JobFactory,
    MembershipFactory,
    ProviderFactory,
    ReviewerFactory,
    text_upload,
)

pytestmark = pytest.mark.django_db


def test_a_provider_that_sees_the_job_asks_the_buyer_a_question(job, buyer, provider_member):
    conversation = services.conversation_start(job=job, by=provider_member, text="Stereo?")

    assert conversation.organization == provider_member.memberships.get().organization
    assert [m.text for m in conversation.messages.all()] == ["Stereo?"]
    assert selectors.unread_message_count(user=buyer) == 1
    assert selectors.unread_message_count(user=provider_member) == 0


def test_a_second_question_from_the_same_firm_joins_its_conversation(
    job, conversation, provider_owner
):
    again = services.conversation_start(job=job, by=provider_owner, text="And the format?")

    assert again == conversation
    assert conversation.messages.count() == 2


def test_a_provider_cannot_ask_about_an_invite_only_job_it_cannot_see(buyer, provider_member):
    job = JobFactory(buyer=buyer, invite_only=True)

    with pytest.raises(ApplicationError) as refusal:
        services.conversation_start(job=job, by=provider_member, text="Hello")

    assert refusal.value.code == "permission_denied"


def test_a_provider_cannot_ask_about_a_draft_job(buyer, provider_member):
    job = JobFactory(buyer=buyer, draft=True)

    with pytest.raises(ApplicationError):
        services.conversation_start(job=job, by=provider_member, text="Hello")


def test_a_person_without_a_provider_firm_cannot_start_a_conversation(job):
    for person in (ProviderFactory(), BuyerFactory()):
        with pytest.raises(ApplicationError) as refusal:
            services.conversation_start(job=job, by=person, text="Hello")
        assert refusal.value.code == "permission_denied"


def test_the_buyer_writes_to_a_firm_that_bid(job, buyer, bid, firm, provider_member):
    conversation = services.conversation_start(
        job=job, by=buyer, organization=firm, text="Could you start next week?"
    )

    assert conversation.organization == firm
    assert selectors.unread_message_count(user=provider_member) == 1


def test_the_buyer_writes_to_a_firm_it_invited(job, buyer, other_firm):
    job_services.job_invite(job=job, by=buyer, organization=other_firm)

    conversation = services.conversation_start(
        job=job, by=buyer, organization=other_firm, text="We would love your bid."
    )

    assert conversation.organization == other_firm


def test_the_buyer_cannot_write_to_a_firm_that_neither_bid_nor_was_invited(job, buyer, other_firm):
    with pytest.raises(ApplicationError, match="invited or that bid"):
        services.conversation_start(job=job, by=buyer, organization=other_firm, text="Hello")


def test_the_buyer_must_choose_a_provider(job, buyer):
    with pytest.raises(ApplicationError) as refusal:
        services.conversation_start(job=job, by=buyer, text="Hello")

    assert "organization" in refusal.value.fields


def test_only_participants_write(conversation, other_provider):
    for outsider in (other_provider, BuyerFactory(), ReviewerFactory()):
        with pytest.raises(ApplicationError) as refusal:
            services.message_post(conversation=conversation, by=outsider, text="Hi")
        assert refusal.value.code == "permission_denied"


def test_every_member_of_both_sides_takes_part_under_their_own_name(conversation, buyer, firm):
    colleague = MembershipFactory(organization=firm).user

    message = services.message_post(conversation=conversation, by=colleague, text="Also: mono?")
    reply = services.message_post(conversation=conversation, by=buyer, text="Stereo, yes.")

    assert message.author == colleague
    assert reply.author == buyer
    assert selectors.side_of(conversation=conversation, user=colleague) == selectors.PROVIDER


def test_members_of_the_buyers_company_take_part(conversation, buyer):
    from tests.factories import BuyerOrganizationFactory

    company = BuyerOrganizationFactory()
    MembershipFactory(user=buyer, organization=company)
    colleague = MembershipFactory(user=BuyerFactory(), organization=company).user

    assert list(selectors.conversations_for(user=colleague)) == [conversation]
    assert selectors.unread_message_count(user=colleague) == 1  # the provider's question

    services.message_post(conversation=conversation, by=colleague, text="I manage this project.")

    # Writing in a conversation reads what came before.
    assert selectors.unread_message_count(user=colleague) == 0


def test_an_empty_message_is_refused(conversation, buyer):
    with pytest.raises(ApplicationError, match="Write a message or attach a file"):
        services.message_post(conversation=conversation, by=buyer, text="   ")


def test_a_message_over_the_length_limit_is_refused(conversation, buyer, settings):
    with pytest.raises(ApplicationError, match="under"):
        services.message_post(
            conversation=conversation,
            by=buyer,
            text="x" * (settings.CONVERSATIONS_MESSAGE_MAX_LENGTH + 1),
        )


def test_a_message_may_be_files_only(conversation, buyer):
    message = services.message_post(
        conversation=conversation, by=buyer, text="", uploads=[text_upload()]
    )

    assert [a.file.name for a in message.attachments.all()] == ["notes.txt"]


def test_a_refused_file_keeps_the_whole_message_out(conversation, buyer):
    bad = text_upload("evil.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)

    with pytest.raises(ApplicationError, match="not a file Fairbid accepts"):
        services.message_post(conversation=conversation, by=buyer, text="See", uploads=[bad])

    assert conversation.messages.count() == 1


# --- After the award -------------------------------------------------------------------------


def test_once_the_award_is_accepted_the_other_conversations_close_with_a_reason(
    job, buyer, bid, rival_bid, conversation, other_provider, provider_member
):
    rival = services.conversation_start(job=job, by=other_provider, text="Any update?")
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    # Until the award is accepted, nobody is told; the others still write.
    services.message_post(conversation=rival, by=other_provider, text="Still interested.")

    job_services.award_accept(job=job, by=provider_member)

    conversation, rival = (Conversation.objects.get(pk=c.pk) for c in (conversation, rival))
    assert selectors.closed_reason(conversation=conversation) == ""
    assert "awarded to another provider" in selectors.closed_reason(conversation=rival)
    with pytest.raises(ApplicationError, match="awarded to another provider") as refusal:
        services.message_post(conversation=rival, by=other_provider, text="Please?")
    assert refusal.value.code == "invalid_transition"
    services.message_post(conversation=conversation, by=buyer, text="Welcome aboard.")


def test_a_declined_award_lets_the_other_bidders_start_conversations_again(
    job, buyer, bid, rival_bid, provider_member, other_provider
):
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    with pytest.raises(ApplicationError, match="no longer open"):
        services.conversation_start(job=job, by=other_provider, text="Any update?")

    job_services.award_decline(job=job, by=provider_member, reason="Fully booked.")

    rival = services.conversation_start(job=job, by=other_provider, text="We are available.")
    assert selectors.closed_reason(conversation=rival) == ""


def test_after_the_award_only_the_awarded_firm_may_start_a_conversation(
    job, buyer, bid, rival_bid, firm, other_firm, other_provider
):
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)

    contract = services.conversation_start(job=job, by=buyer, organization=firm, text="Kick-off?")
    with pytest.raises(ApplicationError, match="no longer open"):
        services.conversation_start(job=job, by=other_provider, text="Hello")

    assert contract.organization == firm


def test_a_cancelled_job_closes_its_conversations(job, buyer, conversation, provider_member):
    job_services.job_cancel(job=job, by=buyer, reason="Budget cut.")

    with pytest.raises(ApplicationError, match="cancelled"):
        services.message_post(conversation=conversation, by=provider_member, text="Sorry!")


# --- Editing, withdrawing --------------------------------------------------------------------


def test_the_author_edits_a_message_within_the_window_and_it_shows_as_edited(
    conversation, provider_member
):
    message = conversation.messages.get()
    services.message_edit(message=message, by=provider_member, text="Stereo or mono?")

    message.refresh_from_db()
    assert message.text == "Stereo or mono?"
    assert message.edited_at is not None


def test_editing_or_withdrawing_after_the_window_is_refused(
    conversation, provider_member, settings
):
    message = conversation.messages.get()
    later = timezone.now() + settings.CONVERSATIONS_EDIT_WINDOW + timedelta(seconds=1)

    with time_machine.travel(later):
        with pytest.raises(ApplicationError, match="within 15 minutes"):
            services.message_edit(message=message, by=provider_member, text="Changed")
        with pytest.raises(ApplicationError, match="within 15 minutes"):
            services.message_withdraw(message=message, by=provider_member)


def test_only_the_author_edits_or_withdraws(conversation, buyer, provider_owner):
    message = conversation.messages.get()
    for other in (buyer, provider_owner):
        with pytest.raises(ApplicationError) as refusal:
            services.message_edit(message=message, by=other, text="Changed")
        assert refusal.value.code == "permission_denied"
        with pytest.raises(ApplicationError):
            services.message_withdraw(message=message, by=other)


def test_a_withdrawn_message_cannot_be_edited_or_withdrawn_again(conversation, provider_member):
    message = conversation.messages.get()
    services.message_withdraw(message=message, by=provider_member)

    with pytest.raises(ApplicationError, match="withdrawn or hidden"):
        services.message_edit(message=message, by=provider_member, text="Changed")
    with pytest.raises(ApplicationError, match="withdrawn or hidden"):
        services.message_withdraw(message=message, by=provider_member)


def test_a_withdrawn_message_no_longer_counts_as_unread(conversation, buyer, provider_member):
    services.message_withdraw(message=conversation.messages.get(), by=provider_member)

    assert selectors.unread_message_count(user=buyer) == 0


# --- Reading ---------------------------------------------------------------------------------


def test_showing_a_conversation_marks_it_read_for_that_person_only(
    conversation, buyer, provider_member
):
    services.message_post(conversation=conversation, by=buyer, text="Stereo.")
    assert selectors.unread_message_count(user=provider_member) == 1
    assert selectors.unread_message_count(user=buyer) == 0

    services.message_post(conversation=conversation, by=provider_member, text="Thanks")
    services.conversation_mark_read(conversation=conversation, user=buyer)

    assert selectors.unread_message_count(user=buyer) == 0
    assert [c.unread_count for c in selectors.conversations_for(user=buyer)] == [0]


def test_unread_counts_per_conversation(job, buyer, conversation, other_provider):
    services.conversation_start(job=job, by=other_provider, text="One")
    services.conversation_start(job=job, by=other_provider, text="Two")

    counts = {c.organization_id: c.unread_count for c in selectors.conversations_for(user=buyer)}

    assert counts == {
        conversation.organization_id: 1,
        other_provider.memberships.get().organization_id: 2,
    }
    assert selectors.unread_message_count(user=buyer) == 3


def test_a_read_marker_never_moves_back(conversation, buyer):
    services.conversation_mark_read(conversation=conversation, user=buyer)
    marker = conversation.read_markers.get(user=buyer)
    services._mark_read(conversation=conversation, user=buyer, upto=1)

    assert conversation.read_markers.get(user=buyer).last_read_id == marker.last_read_id


# --- Reports and moderation ------------------------------------------------------------------


def test_a_participant_reports_a_message_and_staff_may_then_open_the_conversation(
    conversation, buyer
):
    staff = ReviewerFactory()
    assert selectors.side_of(conversation=conversation, user=staff) is None

    services.message_report(message=conversation.messages.get(), by=buyer, reason="Spam link")

    assert selectors.side_of(conversation=conversation, user=staff) == selectors.STAFF


def test_reporting_is_refused_to_outsiders_to_the_author_twice_and_without_reason(
    conversation, buyer, provider_member, other_provider
):
    message = conversation.messages.get()
    with pytest.raises(ApplicationError) as refusal:
        services.message_report(message=message, by=other_provider, reason="x")
    assert refusal.value.code == "permission_denied"
    with pytest.raises(ApplicationError, match="your own message"):
        services.message_report(message=message, by=provider_member, reason="x")
    with pytest.raises(ApplicationError, match="Say what is wrong"):
        services.message_report(message=message, by=buyer, reason=" ")
    services.message_report(message=message, by=buyer, reason="Rude")
    with pytest.raises(ApplicationError, match="already reported"):
        services.message_report(message=message, by=buyer, reason="Rude")


def test_staff_hide_a_reported_message_with_a_reason(conversation, buyer):
    message = conversation.messages.get()
    services.message_report(message=message, by=buyer, reason="Insulting")
    staff = ReviewerFactory()

    services.message_hide(message=message, by=staff, reason="Insults the buyer.")

    message.refresh_from_db()
    assert message.hidden_by == staff
    assert message.hidden_reason == "Insults the buyer."
    assert selectors.unread_message_count(user=buyer) == 0


def test_hiding_is_refused_to_non_staff_unreported_messages_twice_and_without_reason(
    conversation, buyer
):
    message = conversation.messages.get()
    staff = ReviewerFactory()
    with pytest.raises(ApplicationError, match="Only staff"):
        services.message_hide(message=message, by=buyer, reason="x")
    with pytest.raises(ApplicationError, match="Only a reported message"):
        services.message_hide(message=message, by=staff, reason="x")
    services.message_report(message=message, by=buyer, reason="Rude")
    with pytest.raises(ApplicationError, match="Say why"):
        services.message_hide(message=message, by=staff, reason="")
    services.message_hide(message=message, by=staff, reason="Rude")
    with pytest.raises(ApplicationError, match="already hidden"):
        services.message_hide(message=message, by=staff, reason="Rude")


def test_staff_may_open_a_conversation_another_app_gives_a_reason_for(conversation):
    staff = ReviewerFactory()
    hooks = list(selectors._STAFF_ACCESS)
    try:
        selectors.register_staff_access(lambda conversations: conversations)
        assert selectors.side_of(conversation=conversation, user=staff) == selectors.STAFF
    finally:
        selectors._STAFF_ACCESS[:] = hooks


def test_conversations_are_unique_per_job_and_organization(conversation, provider_member):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Conversation.objects.create(
            job=conversation.job, organization=conversation.organization, started_by=provider_member
        )


def test_messages_list_in_reading_order_on_pages_from_the_newest(conversation, buyer):
    for n in range(5):
        services.message_post(conversation=conversation, by=buyer, text=f"Reply {n}")

    first = selectors.thread_page(conversation=conversation, page=1, size=4)
    second = selectors.thread_page(conversation=conversation, page=2, size=4)

    assert [m.text for m in first.object_list] == [f"Reply {n}" for n in range(1, 5)]
    assert [m.text for m in second.object_list] == [
        "Are the interviews recorded in stereo?",
        "Reply 0",
    ]
    assert Message.objects.count() == 6
