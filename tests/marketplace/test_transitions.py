import itertools

import pytest

from core.exceptions import ApplicationError
from marketplace.models import BidStatus, JobEvent, JobStatus
from marketplace.services.bids import bid_transition
from marketplace.services.common import job_transition
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
        bid_transition(bid=bid, to=to_status, reason="because")
        bid.refresh_from_db()
        assert bid.status == to_status
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            bid_transition(bid=bid, to=to_status)
        bid.refresh_from_db()
        assert bid.status == from_status
