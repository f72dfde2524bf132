"""Reads of contracts: who may see one, a contract shaped for its page, the dashboards'
lists, and what the money of each milestone looks like."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from accounts import selectors as account_selectors
from contracts.models import (
    Contract,
    ContractStatus,
    Dispute,
    DocumentKind,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    Outcome,
    OutgoingPayment,
    Receipt,
    Submission,
)
from contracts.services.books import escrow_keys
from ledger import selectors as ledger_selectors


def may_view(*, contract: Contract, user) -> bool:
    if not user.is_authenticated:
        return False
    if contract.buyer_id == user.pk:
        return True
    if account_selectors.is_member(user=user, organization_id=contract.provider_id):
        return True
    return user.is_staff and user.has_perm("contracts.view_contract")


def is_provider_member(*, contract: Contract, user) -> bool:
    return account_selectors.is_member(user=user, organization_id=contract.provider_id)


def contract_for_job(job) -> Contract | None:
    return Contract.objects.filter(job=job).select_related("provider").first()


def contract_for_page(pk: int) -> Contract | None:
    milestones = Milestone.objects.select_related("funding").prefetch_related(
        "funding__payments",
        Prefetch("submissions", queryset=Submission.objects.prefetch_related("files__file")),
        Prefetch("outgoing", queryset=OutgoingPayment.objects.order_by("created_at", "pk")),
        Prefetch("receipts", queryset=Receipt.objects.order_by("kind")),
        Prefetch("events", queryset=MilestoneEvent.objects.order_by("created_at", "pk")),
    )
    return (
        Contract.objects.select_related("job", "provider", "buyer", "bid")
        .prefetch_related(Prefetch("milestones", queryset=milestones))
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class MilestoneMoney:
    """What a milestone's money looks like now: received with its reference (not yet
    applied), still missing, held in escrow (price and premium apart)."""

    received: Decimal
    missing: Decimal
    excess: Decimal
    held: Decimal
    premium_held: Decimal


def milestone_money(milestones) -> dict[int, MilestoneMoney]:
    """Each milestone's money, for milestones with their funding loaded; one query."""
    milestones = list(milestones)
    keys = []
    for milestone in milestones:
        keys += [f"funding:{milestone.funding.reference}", *escrow_keys(milestone.pk)]
    found = ledger_selectors.balances(keys=keys)
    result = {}
    for milestone in milestones:
        received = found[f"funding:{milestone.funding.reference}"]
        escrow, premium = escrow_keys(milestone.pk)
        pending = milestone.status == MilestoneStatus.PENDING
        due = milestone.funding.amount_due if pending else Decimal("0.00")
        result[milestone.pk] = MilestoneMoney(
            received=received,
            missing=max(due - received, Decimal("0.00")),
            excess=max(received - due, Decimal("0.00")),
            held=found[escrow],
            premium_held=found[premium],
        )
    return result


def contracts_for_user(*, user, statuses=None) -> QuerySet:
    """The contracts the user is a party to, as buyer or as a member of the provider."""
    membership = account_selectors.membership_for_user(user=user)
    own = Q(buyer=user)
    if membership is not None:
        own |= Q(provider_id=membership.organization_id)
    contracts = Contract.objects.filter(own).select_related("job__buyer", "provider")
    if statuses:
        contracts = contracts.filter(status__in=statuses)
    return contracts.prefetch_related("milestones").order_by("-created_at")


def active_contracts_for(user) -> list[Contract]:
    return list(contracts_for_user(user=user, statuses=[ContractStatus.ACTIVE])[:20])


def next_step(contract: Contract) -> Milestone | None:
    """The first milestone not settled: what is due next."""
    for milestone in contract.milestones.all():
        if milestone.status not in (
            MilestoneStatus.RELEASED,
            MilestoneStatus.REFUNDED,
            MilestoneStatus.SPLIT,
            MilestoneStatus.CANCELLED,
        ):
            return milestone
    return None


def may_download_submission_file(*, submission: Submission, user) -> bool:
    return may_view(contract=submission.milestone.contract, user=user)


def dispute_counts(*, organization_id: int) -> dict[str, int]:
    """A provider's disputes, for its reputation: opened on its contracts (by either side),
    decided for it (all released to it), against it (all refunded) and split."""
    disputes = Dispute.objects.filter(
        Q(milestone__contract__provider_id=organization_id)
        | Q(timesheet__contract__provider_id=organization_id)
    )
    decided = disputes.filter(decided_at__isnull=False)
    return disputes.aggregate(
        opened=Count("pk"),
        decided_for=Count("pk", filter=Q(pk__in=decided.filter(outcome=Outcome.RELEASE))),
        decided_against=Count("pk", filter=Q(pk__in=decided.filter(outcome=Outcome.REFUND))),
        split=Count("pk", filter=Q(pk__in=decided.filter(outcome=Outcome.SPLIT))),
    )


def disputes_by_milestone(milestones) -> dict[int, list[Dispute]]:
    found: dict[int, list[Dispute]] = {}
    for dispute in Dispute.objects.filter(milestone__in=list(milestones)).prefetch_related(
        "files__file"
    ):
        found.setdefault(dispute.milestone_id, []).append(dispute)
    return found


def statement(*, user, kind: str, start, end) -> QuerySet:
    """The receipts (a buyer's spending) or remittance advices (a provider's earnings) of
    the person, issued from start to end (dates, inclusive), newest first."""
    documents = Receipt.objects.filter(
        kind=kind, created_at__date__gte=start, created_at__date__lte=end
    )
    if kind == DocumentKind.RECEIPT:
        documents = documents.filter(milestone__contract__buyer=user)
    else:
        membership = account_selectors.provider_membership_for(user=user)
        documents = documents.filter(
            milestone__contract__provider_id=membership.organization_id if membership else None
        )
    return documents.select_related(
        "milestone__contract__job", "milestone__contract__provider", "milestone__contract__buyer"
    ).order_by("-created_at", "-pk")


def totals_by_currency(documents) -> list[dict]:
    """Each currency's totals of these documents: never summed across currencies."""
    return list(
        documents.order_by()
        .values("currency")
        .annotate(amount=Sum("amount"), premium=Sum("premium"), count=Count("pk"))
        .order_by("currency")
    )


def may_view_receipt(*, receipt: Receipt, user) -> bool:
    contract = receipt.milestone.contract
    if user.is_staff and user.has_perm("contracts.view_contract"):
        return True
    if receipt.kind == DocumentKind.RECEIPT:
        return contract.buyer_id == user.pk
    return account_selectors.is_member(user=user, organization_id=contract.provider_id)


def timesheets_of(contract: Contract) -> list:
    if contract.kind != "hourly":
        return []
    return list(
        contract.timesheets.select_related("milestone")
        .prefetch_related("disputes__files__file")
        .order_by("-week_start")
    )
