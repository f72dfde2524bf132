"""Reads of labels: the status every page shows, badges on any organization queryset, the
public register and the public record of due process."""

from datetime import date

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_countries import countries

from certification import codes
from certification.models import (
    CERTIFIED_STATUSES,
    CURRENT_STATUSES,
    FactChange,
    FactChangeStatus,
    FindingSeverity,
    Label,
    LabelEvent,
    LabelStatus,
    VerifiedFacts,
)
from certification.selectors import appeals as appeal_selectors
from certification.selectors import concerns as concern_selectors


def effective_status_expression(*, today: date | None = None, path: str = ""):
    """A label's status as it is today, in SQL (see transitions.effective_status): a current
    label past its last day reads "expired" before any job has recorded it. path reaches the
    label ("" on labels, "label__" on rows with a label FK)."""
    today = today or timezone.localdate()
    past_end = Q(
        **{
            f"{path}status__in": sorted(CURRENT_STATUSES - {LabelStatus.TRANSITION}),
            f"{path}valid_until__lt": today,
        }
    )
    past_grace = Q(
        **{f"{path}status": LabelStatus.TRANSITION, f"{path}transition_until__lt": today}
    )
    return Case(
        When(past_end | past_grace, then=Value(LabelStatus.EXPIRED.value)),
        default=F(f"{path}status"),
        output_field=CharField(),
    )


def with_effective_status(labels: QuerySet) -> QuerySet:
    """Labels annotated with effective_status: what every page, the API and the badge show."""
    return labels.annotate(effective_status=effective_status_expression())


def in_force(*, path: str = "") -> Q:
    """Labels that certify today: active, expiring or in transition, and not past their
    last day."""
    today = timezone.localdate()
    return Q(
        **{
            f"{path}status__in": sorted(CERTIFIED_STATUSES - {LabelStatus.TRANSITION}),
            f"{path}valid_until__gte": today,
        }
    ) | Q(**{f"{path}status": LabelStatus.TRANSITION, f"{path}transition_until__gte": today})


def _labels_newest_first(organization_ref) -> QuerySet:
    """An organization's labels, its current one (if any) first, then the most recent."""
    return (
        Label.objects.filter(organization=organization_ref)
        .annotate(
            _not_current=Case(
                When(status__in=sorted(CURRENT_STATUSES), then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("_not_current", "-valid_from", "-pk")
    )


def annotate_label(queryset: QuerySet, *, organization_path: str = "") -> QuerySet:
    """Add label_status and label_code (None without a label) to a queryset reaching an
    organization: "" for organizations, "organization__" for rows with an organization FK.

    The label shown is the organization's current one or else its most recent (expired or
    revoked), so a badge never silently vanishes. Two subqueries, no per-row queries.
    """
    labels = with_effective_status(_labels_newest_first(OuterRef(f"{organization_path}pk")))
    return queryset.annotate(
        label_status=Subquery(labels.values("effective_status")[:1]),
        label_code=Subquery(labels.values("code")[:1]),
        label_transition_until=Subquery(labels.values("transition_until")[:1]),
    )


# How buyers rank labels when they sort bids by label: in force first, then certified with a
# caveat, then never certified (or expired), then suspended, then revoked.
LABEL_RANKS = {
    LabelStatus.ACTIVE: 0,
    LabelStatus.EXPIRING: 0,
    LabelStatus.TRANSITION: 1,
    LabelStatus.SUSPENDED: 3,
    LabelStatus.REVOKED: 4,
}
UNCERTIFIED_RANK = 2


def label_rank(field: str = "label_status"):
    """The rank (LABEL_RANKS) of an annotated label status, in SQL."""
    return Case(
        *[When(**{field: status}, then=Value(rank)) for status, rank in LABEL_RANKS.items()],
        default=Value(UNCERTIFIED_RANK),
        output_field=IntegerField(),
    )


def certified_only(queryset: QuerySet, *, organization_path: str = "") -> QuerySet:
    """Keep the rows whose organization holds a label in force today."""
    certified = Label.objects.filter(in_force(), organization=OuterRef(f"{organization_path}pk"))
    return queryset.filter(Exists(certified))


def holds_label_in_force(organization_id: int) -> bool:
    """Whether the organization carries the label now (active or expiring)."""
    return Label.objects.filter(
        organization_id=organization_id, status__in=sorted(CERTIFIED_STATUSES)
    ).exists()


def label_for_organization(organization) -> Label | None:
    """The organization's current label, or else its most recent one, or None; with its
    effective_status."""
    return with_effective_status(_labels_newest_first(organization)).first()


def label_by_code(code: str) -> Label | None:
    """The label with this public code and its effective_status, or None. A code is read
    as people type it (any case, O for 0, I or L for 1, dashes anywhere); older codes match
    exactly."""
    return (
        with_effective_status(Label.objects.select_related("organization"))
        .filter(code__in={code, codes.normalized(code) or code})
        .first()
    )


def label_history(label: Label) -> QuerySet:
    return LabelEvent.objects.filter(label=label).select_related("actor").order_by("created_at")


# The labels the public register lists: in force, and also suspended or revoked ones, so a
# buyer can find out that a label no longer holds.
REGISTER_STATUSES = CERTIFIED_STATUSES | {LabelStatus.SUSPENDED, LabelStatus.REVOKED}
# What the register's status filter offers: a name and the statuses it keeps.
REGISTER_FILTERS = {
    "certified": CERTIFIED_STATUSES,
    "suspended": frozenset({LabelStatus.SUSPENDED}),
    "revoked": frozenset({LabelStatus.REVOKED}),
}


def _country_codes_named(text: str) -> list[str]:
    text = text.lower()
    return [code for code, name in countries if text in name.lower()]


def label_register(*, query: str = "", country: str = "", status: str = "") -> QuerySet:
    """Labels for the public register, with their organization, in two queries a page.

    query matches a label code exactly, or part of the organization's name or country's
    name; country is an ISO alpha-2 code; status one of REGISTER_FILTERS. The country is the
    verified one (verified_country), never what the profile says since.
    """
    statuses = REGISTER_FILTERS.get(status, REGISTER_STATUSES)
    verified_country = VerifiedFacts.objects.filter(label=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    labels = (
        with_effective_status(Label.objects.select_related("organization"))
        .annotate(
            verified_country=Coalesce(
                Subquery(verified_country.values("country")[:1]), F("organization__country")
            )
        )
        .filter(effective_status__in=sorted(statuses))
    )
    query = query.strip()
    if query:
        matches = Q(code__in={query, codes.normalized(query) or query}) | Q(
            organization__name__icontains=query
        )
        country_codes = _country_codes_named(query)
        if country_codes:
            matches |= Q(verified_country__in=country_codes)
        labels = labels.filter(matches)
    if country:
        labels = labels.filter(verified_country=country)
    return labels.order_by("organization__name", "-valid_from", "-pk")


def last_revocation(*, organization) -> LabelEvent | None:
    """The latest revocation of one of the organization's labels, if any."""
    return (
        LabelEvent.objects.filter(label__organization=organization, to_status=LabelStatus.REVOKED)
        .order_by("-created_at", "-pk")
        .first()
    )


def corrective_action_until(label: Label) -> date | None:
    """The deadline of the label's earliest open minor finding, if any."""
    return (
        label.findings.filter(closed_at__isnull=True, severity=FindingSeverity.MINOR)
        .order_by("deadline")
        .values_list("deadline", flat=True)
        .first()
    )


def public_record(label: Label) -> dict:
    """What the public may know of a label's due process: its findings (what and when, not
    who raised them), the upheld concerns (when, never what or who), the suspensions and
    revocations decided by people and the appeals of them, with dates."""
    return {
        "appeals": appeal_selectors.public_appeals(label),
        "concerns": concern_selectors.upheld_concerns(label),
        "findings": label.findings.order_by("-created_at", "-pk"),
        "sanctions": label.events.filter(
            to_status__in=[LabelStatus.SUSPENDED, LabelStatus.REVOKED], actor_task=""
        ).order_by("-created_at", "-pk"),
    }


def pending_fact_change(label: Label) -> FactChange | None:
    """The changed facts of the label awaiting a reviewer, if any."""
    return label.fact_changes.filter(status=FactChangeStatus.PENDING).first()
