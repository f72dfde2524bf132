import threading
from datetime import date
from itertools import product

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from certification import transitions
from certification.models import (
    CERTIFIED_STATUSES,
    Label,
    LabelEvent,
    LabelStatus,
    new_label_code,
)
from certification.services.labels import (
    add_months,
    label_grant,
    label_transition,
    label_valid_until,
)
from core.exceptions import ApplicationError
from tests.factories import (
    BuyerOrganizationFactory,
    LabelFactory,
    MembershipFactory,
    ProviderOrganizationFactory,
)

pytestmark = pytest.mark.django_db

ALL_MOVES = list(product(LabelStatus, LabelStatus))
LEGAL = [(a, b) for a, b in ALL_MOVES if b in transitions.ALLOWED[a]]
ILLEGAL = [(a, b) for a, b in ALL_MOVES if b not in transitions.ALLOWED[a]]


# --- The status set ---------------------------------------------------------------------------


def test_the_statuses_and_what_certified_means():
    assert LabelStatus.values == ["active", "expiring", "expired", "suspended", "revoked"]
    assert {LabelStatus.ACTIVE, LabelStatus.EXPIRING} == CERTIFIED_STATUSES


def test_the_table_names_every_status_and_revoked_is_final():
    assert set(transitions.ALLOWED) == set(LabelStatus)
    assert transitions.ALLOWED[LabelStatus.REVOKED] == frozenset()
    for status in LabelStatus:
        if status != LabelStatus.REVOKED:
            assert LabelStatus.REVOKED in transitions.ALLOWED[status]


def test_the_issue_s_moves_are_in_the_table():
    s = LabelStatus
    for move in [
        (s.ACTIVE, s.EXPIRING),
        (s.EXPIRING, s.EXPIRED),
        (s.ACTIVE, s.SUSPENDED),
        (s.EXPIRING, s.SUSPENDED),
        (s.SUSPENDED, s.ACTIVE),
    ]:
        assert move in LEGAL
    assert (s.EXPIRED, s.ACTIVE) in ILLEGAL
    assert (s.REVOKED, s.ACTIVE) in ILLEGAL


# --- Walking the whole table through the service ----------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_every_legal_move_changes_the_status_and_writes_history(from_status, to_status, reviewer):
    label = LabelFactory(status=from_status)

    label_transition(label=label, to=to_status, reason="Because.", by=reviewer)

    label.refresh_from_db()
    assert label.status == to_status
    assert label.status_reason == "Because."
    event = LabelEvent.objects.get(label=label)
    assert (event.from_status, event.to_status, event.reason) == (
        from_status,
        to_status,
        "Because.",
    )
    assert event.actor == reviewer
    assert event.actor_task == ""


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_every_illegal_move_is_refused_with_a_readable_reason(from_status, to_status, reviewer):
    label = LabelFactory(status=from_status)

    with pytest.raises(ApplicationError) as error:
        label_transition(label=label, to=to_status, reason="Because.", by=reviewer)

    assert error.value.message == (
        f"A label that is {from_status.label.lower()} cannot become {to_status.label.lower()}."
    )
    label.refresh_from_db()
    assert label.status == from_status
    assert not LabelEvent.objects.filter(label=label).exists()


def test_a_task_can_move_a_label_and_is_named_in_the_history():
    label = LabelFactory()

    label_transition(label=label, to=LabelStatus.EXPIRING, reason="Soon.", by="nightly")

    event = LabelEvent.objects.get(label=label)
    assert event.actor is None
    assert event.actor_task == "nightly"
    assert event.actor_display == "nightly"


def test_a_move_needs_a_reason_and_an_actor(reviewer):
    label = LabelFactory()

    with pytest.raises(ApplicationError, match="reason"):
        label_transition(label=label, to=LabelStatus.REVOKED, reason="  ", by=reviewer)
    with pytest.raises(TypeError):
        label_transition(label=label, to=LabelStatus.REVOKED, reason="Fraud.", by=None)
    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE


def test_a_move_is_judged_on_the_stored_status_not_a_stale_copy(reviewer):
    label = LabelFactory()
    stale = Label.objects.get(pk=label.pk)
    label_transition(label=label, to=LabelStatus.REVOKED, reason="Fraud.", by=reviewer)

    with pytest.raises(ApplicationError, match="revoked cannot become suspended"):
        label_transition(label=stale, to=LabelStatus.SUSPENDED, reason="Late.", by=reviewer)


# --- History is append-only -------------------------------------------------------------------


def test_history_cannot_be_edited_or_deleted(reviewer):
    label = LabelFactory()
    label_transition(label=label, to=LabelStatus.SUSPENDED, reason="Check.", by=reviewer)
    event = LabelEvent.objects.get()

    event.reason = "Rewritten."
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        LabelEvent.objects.update(reason="Rewritten.")
    with pytest.raises(TypeError):
        LabelEvent.objects.all().delete()
    assert LabelEvent.objects.get().reason == "Check."


def test_history_outlives_the_person_who_made_the_change(reviewer):
    label = LabelFactory()
    label_transition(label=label, to=LabelStatus.REVOKED, reason="Fraud.", by=reviewer)

    reviewer.delete()

    event = LabelEvent.objects.get()
    assert event.actor is None
    assert event.reason == "Fraud."


# --- Database invariants ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "second", [LabelStatus.ACTIVE, LabelStatus.EXPIRING, LabelStatus.SUSPENDED]
)
def test_an_organization_holds_at_most_one_current_label(second):
    label = LabelFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        LabelFactory(organization=label.organization, status=second)


def test_past_labels_do_not_count_as_current():
    organization = ProviderOrganizationFactory()
    LabelFactory(organization=organization, expired=True)
    LabelFactory(organization=organization, revoked=True)

    LabelFactory(organization=organization)

    assert organization.labels.count() == 3


def test_a_label_ends_after_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        LabelFactory(valid_from=date(2026, 1, 1), valid_until=date(2026, 1, 1))


def test_a_label_code_is_short_distinct_and_url_safe():
    # Labels are listed in the public register, so a code need not be secret: it must be
    # easy to read out and type, and distinct.
    codes = {new_label_code() for _ in range(200)}

    assert len(codes) == 200
    for code in codes:
        assert len(code) == 12
        assert code.startswith("FB-")
        assert all(c.isalnum() or c == "-" for c in code)


# --- Granting ---------------------------------------------------------------------------------


def test_months_are_added_calendar_wise():
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert label_valid_until(date(2026, 1, 15)) == date(2027, 1, 14)


def test_granting_an_eligible_provider_gives_a_label_valid_twelve_months(incomes, reviewer):
    organization = ProviderOrganizationFactory(country="UG")

    label = label_grant(organization=organization, by=reviewer, valid_from=timezone.localdate())

    assert label.status == LabelStatus.ACTIVE
    assert label.valid_until == label_valid_until(timezone.localdate())
    event = label.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "active", reviewer)
    assert "Label granted" in event.reason


def test_granting_is_refused_when_a_computed_criterion_fails(incomes, reviewer):
    organization = ProviderOrganizationFactory(country="CR")

    with pytest.raises(ApplicationError, match="Costa Rica is a high-income economy"):
        label_grant(organization=organization, by=reviewer)
    assert not Label.objects.exists()


def test_granting_is_refused_while_a_current_label_exists(incomes, reviewer):
    label = LabelFactory(suspended=True)

    with pytest.raises(ApplicationError, match="already holds a current label"):
        label_grant(organization=label.organization, by=reviewer)


def test_granting_to_a_buyer_or_by_a_member_is_refused(incomes, reviewer):
    with pytest.raises(ApplicationError, match="not a provider"):
        label_grant(organization=BuyerOrganizationFactory(), by=reviewer)
    membership = MembershipFactory(user=reviewer)
    with pytest.raises(ApplicationError, match="you belong to"):
        label_grant(organization=membership.organization, by=reviewer)


def test_a_new_label_may_follow_an_expired_one(incomes, reviewer):
    old = LabelFactory(expired=True)

    label = label_grant(organization=old.organization, by=reviewer)

    assert label.status == LabelStatus.ACTIVE
    assert label.code != old.code


# --- Races, on PostgreSQL -----------------------------------------------------------------------


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_moves_of_one_label_are_serialized(reviewer):
    label = LabelFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def expire():
        try:
            barrier.wait()
            label_transition(
                label=Label.objects.get(pk=label.pk),
                to=LabelStatus.EXPIRED,
                reason="Ended.",
                by="racer",
            )
            outcomes.append("moved")
        except ApplicationError as error:
            outcomes.append(error.message)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=expire) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["A label that is expired cannot become expired.", "moved"]
    assert LabelEvent.objects.filter(label=label).count() == 1
