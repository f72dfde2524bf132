"""A provider's reputation as parts anyone can check, each a count over a stated period,
with no weighting and no single score: contracts completed, milestones on time, changes
requested, disputes opened and how they were decided, buyers' ratings with their
distribution, and repeat buyers. Computed for many organizations at once, in a fixed number
of queries (the bid comparison shows a compact form for every bidder)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from contracts.models import (
    Contract,
    ContractEvent,
    ContractStatus,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    Submission,
)
from contracts.models.disputes import Dispute, Outcome, Side
from marketplace.models import ReviewDirection
from marketplace.selectors import published_reviews


@dataclass
class Reputation:
    since: date
    until: date
    contracts_started: int = 0
    contracts_completed: int = 0
    contracts_ended_early: int = 0
    milestones_due: int = 0
    milestones_on_time: int = 0
    submissions: int = 0
    changes_requested: int = 0
    disputes_opened: int = 0
    disputes_opened_by_buyer: int = 0
    disputes_open: int = 0
    disputes_released: int = 0
    disputes_refunded: int = 0
    disputes_split: int = 0
    ratings: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(5, 0, -1), 0))
    buyers: int = 0
    repeat_buyers: int = 0

    @property
    def rating_count(self) -> int:
        return sum(self.ratings.values())

    def as_dict(self) -> dict:
        return {
            "since": self.since,
            "until": self.until,
            "contracts": {
                "started": self.contracts_started,
                "completed": self.contracts_completed,
                "ended_early": self.contracts_ended_early,
            },
            "milestones": {"due": self.milestones_due, "on_time": self.milestones_on_time},
            "changes": {"submissions": self.submissions, "requested": self.changes_requested},
            "disputes": {
                "opened": self.disputes_opened,
                "opened_by_buyer": self.disputes_opened_by_buyer,
                "open": self.disputes_open,
                "released_to_provider": self.disputes_released,
                "refunded_to_buyer": self.disputes_refunded,
                "split": self.disputes_split,
            },
            "ratings": {str(stars): n for stars, n in self.ratings.items()},
            "buyers": {"total": self.buyers, "repeat": self.repeat_buyers},
        }


def _contracts(ids, since):
    started, ended, completed = Counter(), Counter(), Counter()
    rows = Contract.objects.filter(provider_id__in=ids, created_at__date__gte=since)
    for provider, status in rows.values_list("provider_id", "status"):
        started[provider] += 1
        ended[provider] += status == ContractStatus.ENDED
    finished = ContractEvent.objects.filter(
        contract__provider_id__in=ids,
        to_status=ContractStatus.COMPLETED,
        created_at__date__gte=since,
    )
    for row in finished.values("contract__provider_id").annotate(n=Count("pk")).order_by():
        completed[row["contract__provider_id"]] = row["n"]
    return started, ended, completed


def _milestones(ids, since, until):
    """Milestones due in the period: those whose work was first submitted by the due day,
    among those submitted or overdue (a cancelled or refunded one without work is left out)."""
    first = Submission.objects.filter(milestone=OuterRef("pk")).order_by("created_at")
    rows = (
        Milestone.objects.filter(
            contract__provider_id__in=ids, due_date__gte=since, due_date__lt=until
        )
        .annotate(first_submitted=Subquery(first.values("created_at")[:1]))
        .values_list("contract__provider_id", "due_date", "first_submitted", "status")
    )
    due, on_time = Counter(), Counter()
    for provider, due_date, submitted, status in rows:
        if submitted is None and status in (MilestoneStatus.CANCELLED, MilestoneStatus.REFUNDED):
            continue
        due[provider] += 1
        on_time[provider] += submitted is not None and submitted.date() <= due_date
    return due, on_time


def _changes(ids, since):
    submissions = (
        Submission.objects.filter(
            milestone__contract__provider_id__in=ids, created_at__date__gte=since
        )
        .values("milestone__contract__provider_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    requested = (
        MilestoneEvent.objects.filter(
            milestone__contract__provider_id__in=ids,
            to_status=MilestoneStatus.CHANGES_REQUESTED,
            created_at__date__gte=since,
        )
        .values("milestone__contract__provider_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    key = "milestone__contract__provider_id"
    return (
        Counter({row[key]: row["n"] for row in submissions}),
        Counter({row[key]: row["n"] for row in requested}),
    )


def _disputes(ids, since, reputations):
    rows = Dispute.objects.filter(
        milestone__contract__provider_id__in=ids, opened_at__date__gte=since
    ).values_list("milestone__contract__provider_id", "opened_by_side", "outcome", "decided_at")
    outcome_field = {
        Outcome.RELEASE: "disputes_released",
        Outcome.REFUND: "disputes_refunded",
        Outcome.SPLIT: "disputes_split",
    }
    for provider, side, outcome, decided_at in rows:
        reputation = reputations[provider]
        reputation.disputes_opened += 1
        reputation.disputes_opened_by_buyer += side == Side.BUYER
        if decided_at is None:
            reputation.disputes_open += 1
        else:
            name = outcome_field[outcome]
            setattr(reputation, name, getattr(reputation, name) + 1)


def _ratings(ids, since, reputations):
    rows = (
        published_reviews()
        .filter(provider_id__in=ids, direction=ReviewDirection.OF_PROVIDER)
        .filter(created_at__date__gte=since)
        .values("provider_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        reputations[row["provider_id"]].ratings[row["rating"]] = row["n"]


def _buyers(ids, since, reputations):
    rows = (
        Contract.objects.filter(provider_id__in=ids, created_at__date__gte=since)
        .values("provider_id", "buyer_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        reputation = reputations[row["provider_id"]]
        reputation.buyers += 1
        reputation.repeat_buyers += row["n"] >= 2


def reputations_for(organization_ids, *, today: date | None = None) -> dict[int, Reputation]:
    """The reputation of each organization over the last IMPACT_REPUTATION_PERIOD (eight
    queries whatever the number of organizations)."""
    until = today or timezone.localdate()
    since = until - settings.IMPACT_REPUTATION_PERIOD
    ids = list(organization_ids)
    reputations = defaultdict(lambda: Reputation(since=since, until=until))
    started, ended, completed = _contracts(ids, since)
    due, on_time = _milestones(ids, since, until)
    submissions, requested = _changes(ids, since)
    for pk in ids:
        reputation = reputations[pk]
        reputation.contracts_started = started[pk]
        reputation.contracts_ended_early = ended[pk]
        reputation.contracts_completed = completed[pk]
        reputation.milestones_due = due[pk]
        reputation.milestones_on_time = on_time[pk]
        reputation.submissions = submissions[pk]
        reputation.changes_requested = requested[pk]
    _disputes(ids, since, reputations)
    _ratings(ids, since, reputations)
    _buyers(ids, since, reputations)
    return {pk: reputations[pk] for pk in ids}
