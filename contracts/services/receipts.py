"""Receipts and remittance advices: written with each release, numbered in sequence."""

from contracts.models import DocumentCounter, DocumentKind, Milestone, Receipt


def _next_number(kind: str) -> int:
    DocumentCounter.objects.get_or_create(kind=kind)
    counter = DocumentCounter.objects.select_for_update().get(kind=kind)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def receipts_issue(*, milestone: Milestone, amount, premium, fee=0) -> list[Receipt]:
    """The buyer's receipt and the provider's remittance advice for what a release moved;
    the caller holds the milestone's lock, inside the release's transaction."""
    return [
        Receipt.objects.create(
            kind=kind,
            number=_next_number(kind),
            milestone=milestone,
            amount=amount,
            premium=premium,
            fee=fee,
            currency=milestone.contract.currency,
        )
        for kind in (DocumentKind.RECEIPT, DocumentKind.REMITTANCE)
    ]
