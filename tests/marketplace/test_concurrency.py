"""Every state-changing service, fired twice at once or against its rival, acts once.

On PostgreSQL with real connections: SQLite serialises writers and hides these races."""

from decimal import Decimal

import pytest

from core.exceptions import ApplicationError
from marketplace.models import Bid, BidEvent, BidStatus, Job, JobEvent, JobStatus
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from notifications.models import Notification
from tests.factories import BidFactory, JobFactory
from tests.utils import race

pytestmark = [pytest.mark.requires_postgres, pytest.mark.django_db(transaction=True)]


def _fresh(model, obj):
    return model.objects.get(pk=obj.pk)


def _member(bid):
    return bid.organization.memberships.get().user


def _awarded():
    job = JobFactory()
    bid = BidFactory(job=job)
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=job.buyer)
    return _fresh(Job, job), bid


def _in_progress():
    job, bid = _awarded()
    job_services.award_accept(job=job, by=_member(bid))
    return _fresh(Job, job), bid


def _delivered():
    job, bid = _in_progress()
    job_services.job_deliver(job=job, by=_member(bid), message="Done.")
    return _fresh(Job, job), bid


def _publish():
    job = JobFactory(draft=True)
    return job, lambda: job_services.job_publish(job=_fresh(Job, job), by=job.buyer)


def _cancel():
    job = JobFactory()
    return job, lambda: job_services.job_cancel(job=_fresh(Job, job), by=job.buyer, reason="No.")


def _award():
    job = JobFactory()
    bid = BidFactory(job=job)
    return job, lambda: job_services.job_award(
        job=_fresh(Job, job), bid_id=bid.pk, bid_version=bid.version, by=job.buyer
    )


def _accept():
    job, bid = _awarded()
    return job, lambda: job_services.award_accept(job=_fresh(Job, job), by=_member(bid))


def _decline_award():
    job, bid = _awarded()
    return job, lambda: job_services.award_decline(
        job=_fresh(Job, job), by=_member(bid), reason="Too busy."
    )


def _deliver():
    job, bid = _in_progress()
    return job, lambda: job_services.job_deliver(
        job=_fresh(Job, job), by=_member(bid), message="Done."
    )


def _accept_delivery():
    job, _ = _delivered()
    return job, lambda: job_services.delivery_accept(job=_fresh(Job, job), by=job.buyer)


def _request_revision():
    job, _ = _delivered()
    return job, lambda: job_services.revision_request(
        job=_fresh(Job, job), by=job.buyer, reason="Fix it."
    )


JOB_SERVICES = {
    "publish": _publish,
    "cancel": _cancel,
    "award": _award,
    "accept the award": _accept,
    "decline the award": _decline_award,
    "deliver": _deliver,
    "accept the delivery": _accept_delivery,
    "request a revision": _request_revision,
}


@pytest.mark.parametrize("name", JOB_SERVICES)
def test_a_job_service_fired_twice_at_once_acts_once(name):
    job, call = JOB_SERVICES[name]()
    before = JobEvent.objects.filter(job=job).count()

    outcomes = race(call, call)

    refused = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(refused) == 1, outcomes
    assert JobEvent.objects.filter(job=job).count() == before + 1


def _withdraw():
    bid = BidFactory()
    return bid, lambda: bid_services.bid_withdraw(bid=_fresh(Bid, bid), by=_member(bid))


def _decline_bid():
    bid = BidFactory()
    return bid, lambda: bid_services.bid_decline(
        bid=_fresh(Bid, bid), by=bid.job.buyer, reason="Too dear."
    )


BID_SERVICES = {"withdraw": _withdraw, "decline": _decline_bid}


@pytest.mark.parametrize("name", BID_SERVICES)
def test_a_bid_service_fired_twice_at_once_acts_once(name):
    bid, call = BID_SERVICES[name]()

    outcomes = race(call, call)

    assert len([o for o in outcomes if isinstance(o, ApplicationError)]) == 1, outcomes
    assert BidEvent.objects.filter(bid=bid).count() == 1


@pytest.mark.parametrize("rival", ["withdraw", "decline"])
def test_an_award_racing_a_withdrawal_or_a_decline_leaves_one_outcome(rival):
    job = JobFactory()
    bid = BidFactory(job=job)
    award = lambda: job_services.job_award(  # noqa: E731
        job=_fresh(Job, job), bid_id=bid.pk, bid_version=bid.version, by=job.buyer
    )
    other = {
        "withdraw": lambda: bid_services.bid_withdraw(bid=_fresh(Bid, bid), by=_member(bid)),
        "decline": lambda: bid_services.bid_decline(
            bid=_fresh(Bid, bid), by=job.buyer, reason="No."
        ),
    }[rival]

    outcomes = race(award, other)

    assert len([o for o in outcomes if isinstance(o, ApplicationError)]) == 1, outcomes
    bid.refresh_from_db()
    job.refresh_from_db()
    if bid.status == BidStatus.AWARDED:
        assert job.status == JobStatus.AWARDED
    else:
        assert bid.status in (BidStatus.WITHDRAWN, BidStatus.DECLINED)
        assert job.status == JobStatus.OPEN
        assert not Notification.objects.filter(kind="bid_awarded").exists()


def test_a_price_raised_while_the_buyer_awards_is_refused_or_awarded_as_seen():
    job = JobFactory()
    bid = BidFactory(job=job, price=Decimal("1000"))
    award = lambda: job_services.job_award(  # noqa: E731
        job=_fresh(Job, job), bid_id=bid.pk, bid_version=bid.version, by=job.buyer
    )
    raise_price = lambda: bid_services.bid_update(  # noqa: E731
        bid=_fresh(Bid, bid), by=_member(bid), price=Decimal("1900")
    )

    race(award, raise_price)

    job.refresh_from_db()
    if job.status == JobStatus.AWARDED:
        assert job.awarded_bid.price == Decimal("1000")
    else:
        assert _fresh(Bid, bid).price == Decimal("1900")
