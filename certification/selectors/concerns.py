"""Reads of concerns: those the organization may answer, and those the public record lists."""

from datetime import date

from django.db.models import QuerySet

from certification.models import Concern, ConcernStatus, Label


def answer_time_open(concern: Concern, *, today: date) -> bool:
    """Whether the organization may still answer: not answered yet, and its time not over."""
    return concern.answered_at is None and (
        concern.answer_due is not None and today <= concern.answer_due
    )


def open_concerns(label: Label) -> QuerySet:
    """The label's open concerns, oldest first, for its organization: never who raised them."""
    return label.concerns.filter(status=ConcernStatus.OPEN).order_by("created_at", "pk")


def upheld_concerns(label: Label) -> QuerySet:
    """The label's upheld concerns, for its public record: when raised and when upheld."""
    return label.concerns.filter(status=ConcernStatus.UPHELD).order_by("-decided_at", "-pk")
