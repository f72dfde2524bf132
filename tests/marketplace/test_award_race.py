import threading

import pytest
from django.db import connection

from core.exceptions import ApplicationError
from marketplace.models import BidStatus, Job, JobStatus
from marketplace.services.jobs import job_award
from tests.factories import BidFactory, JobFactory


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_awards_end_with_exactly_one():
    job = JobFactory()
    first, second = BidFactory(job=job), BidFactory(job=job, price=800)
    start = threading.Barrier(2)
    outcomes = {}

    def award(bid):
        try:
            start.wait(timeout=10)
            job_award(
                job=Job.objects.get(pk=job.pk), bid_id=bid.pk, bid_version=bid.version, by=job.buyer
            )
            outcomes[bid.pk] = "awarded"
        except ApplicationError as error:
            outcomes[bid.pk] = error.message
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=award, args=(bid,)) for bid in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == [
        "This job is awarded; only an open job can be awarded.",
        "awarded",
    ]
    job.refresh_from_db()
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "awarded")
    assert job.status == JobStatus.AWARDED
    assert job.awarded_bid_id == winner
    assert job.bids.filter(status=BidStatus.AWARDED).count() == 1
