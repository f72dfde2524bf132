import itertools

import pytest

from core.exceptions import ApplicationError
from marketplace.models import BidEvent, BidStatus, JobEvent, JobStatus
from marketplace.services.bids import bid_transition
from marketplace.services.jobs import job_transition
from marketplace.transitions import BID_TRANSITIONS, JOB_TRANSITIONS
from tests.factories import BidFactory, JobFactory

pytestmark = pytest.mark.django_db

JOB_MOVES = list(itertools.product(JobStatus, JobStatus))
BID_MOVES = list(itertools.product(BidStatus, BidStatus))


def test_every_status_has_a_row_in_the_tables():
    assert set(JOB_TRANSITIONS) == set(JobStatus)
    assert set(BID_TRANSITIONS) == set(BidStatus)


@pytest.mark.parametrize(("from_status", "to_status"), JOB_MOVES)
def test_job_moves_follow_the_table(buyer, from_status, to_status):
    job = JobFactory(buyer=buyer, status=from_status)

    if to_status in JOB_TRANSITIONS[from_status]:
        job_transition(job=job, to=to_status, by=buyer, reason="because")
        job.refresh_from_db()
        assert job.status == to_status
        event = JobEvent.objects.get(job=job)
        assert (event.from_status, event.to_status, event.actor, event.reason) == (
            from_status,
            to_status,
            buyer,
            "because",
        )
        assert event.actor_name == buyer.get_full_name()
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            job_transition(job=job, to=to_status, by=buyer)
        job.refresh_from_db()
        assert job.status == from_status
        assert not JobEvent.objects.filter(job=job).exists()


@pytest.mark.parametrize(("from_status", "to_status"), BID_MOVES)
def test_bid_moves_follow_the_table(from_status, to_status):
    bid = BidFactory(status=from_status)

    if to_status in BID_TRANSITIONS[from_status]:
        bid_transition(bid=bid, to=to_status, by="a task", reason="because")
        bid.refresh_from_db()
        assert bid.status == to_status
        event = BidEvent.objects.get(bid=bid)
        assert (event.from_status, event.to_status, event.actor_task, event.reason) == (
            from_status,
            to_status,
            "a task",
            "because",
        )
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            bid_transition(bid=bid, to=to_status, by="a task")
        bid.refresh_from_db()
        assert bid.status == from_status
        assert not BidEvent.objects.filter(bid=bid).exists()


def test_a_transition_changes_nothing_but_the_status(buyer):
    job = JobFactory(buyer=buyer, status=JobStatus.OPEN)
    job.title = "Changed in memory only"

    job_transition(job=job, to=JobStatus.CANCELLED, by=buyer, reason="No budget")

    job.refresh_from_db()
    assert (job.status, job.title) != (JobStatus.CANCELLED, "Changed in memory only")
    assert job.status == JobStatus.CANCELLED


def test_history_is_append_only_and_keeps_who_acted_after_their_account_is_gone(buyer):
    job = JobFactory(buyer=buyer, status=JobStatus.OPEN)
    job_transition(job=job, to=JobStatus.CANCELLED, by=buyer, reason="No budget")
    event = JobEvent.objects.get(job=job)

    with pytest.raises(TypeError, match="append-only"):
        JobEvent.objects.filter(job=job).update(reason="rewritten")
    with pytest.raises(TypeError, match="append-only"):
        JobEvent.objects.filter(job=job).delete()
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()

    name = buyer.get_full_name()
    JobEvent.objects.model.actor.field.remote_field.model.objects.filter(pk=buyer.pk).update(
        is_active=False
    )
    event.refresh_from_db()
    assert event.actor_display == name
