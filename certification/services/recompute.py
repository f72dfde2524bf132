"""The nightly recompute: every current label moved to the status its dates, its computed
criteria and its verified evidence call for."""

import logging
from collections import Counter
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from certification import criteria, transitions
from certification.models import (
    CURRENT_STATUSES,
    Label,
    LabelStatus,
    SuspensionCause,
    VerifiedFacts,
)
from certification.selectors import facts as fact_selectors
from certification.selectors import incomes as income_selectors
from certification.services import findings as finding_services
from certification.services import labels as label_services
from certification.services import reminders as reminder_services
from core import formats, scheduled

logger = logging.getLogger(__name__)

RECOMPUTE_TASK = "certification.tasks.recompute_labels"


@dataclass
class RecomputeSummary:
    checked: int = 0
    moves: Counter = field(default_factory=Counter)  # (from, to) -> how many
    income_data_missing: bool = False

    @property
    def changed(self) -> int:
        return sum(self.moves.values())

    def __str__(self):
        text = f"Checked {self.checked} labels; {self.changed} changed"
        if self.moves:
            text += ": " + ", ".join(
                f"{old} → {new} {count}" for (old, new), count in sorted(self.moves.items())
            )
        if self.income_data_missing:
            text += " (no country income data loaded: only dates were judged)"
        return text + "."


def _graduated(results, facts) -> bool:
    """Only the country's classification fails, and the World Bank classifies the country:
    it left eligibility (graduated), which is no fault of the firm."""
    if not results or results[0].passed or facts.income is None:
        return False
    return facts.income.is_classified and criteria.all_passed(results[1:])


def _recompute_move(
    label: Label,
    facts,
    *,
    today: date,
    judge_criteria: bool,
    evidence_until: date | None = None,
) -> label_services.LabelMove | None:
    """evidence_until: the day the verified evidence behind the label lapses, if known."""
    judge_criteria = judge_criteria and not criteria.basis_too_old(facts.income)
    results = criteria.evaluate_computed(facts) if judge_criteria else []
    hold = criteria.all_passed(results) if judge_criteria else None
    if label.status == LabelStatus.TRANSITION and evidence_until is not None:
        # The grace period outlives evidence accepted until the label's own end.
        evidence_until = evidence_until if evidence_until < label.valid_until else None
    evidence_lapsed = evidence_until is not None and evidence_until < today
    graduated = judge_criteria and not evidence_lapsed and _graduated(results, facts)
    if evidence_lapsed:
        hold = False
    target = transitions.recompute_target(
        status=label.status,
        valid_until=label.valid_until,
        today=today,
        criteria_hold=hold,
        auto_suspended=label.auto_suspended,
        warning_days=settings.CERTIFICATION_EXPIRY_WARNING_DAYS,
        graduated=graduated,
        transition_until=label.transition_until,
    )
    if target == label.status:
        return None
    if target == LabelStatus.TRANSITION:
        until = label_services.transition_end(valid_until=label.valid_until, today=today)
        reason = (
            f"{results[0].explanation} The country left the economies the label is for; "
            "this says nothing against the organization, and the label stays valid until "
            f"{formats.day(until)}."
        )
        return label_services.LabelMove(label, target, reason, transition_until=until)
    if target == LabelStatus.SUSPENDED:
        failing = [] if criteria.all_passed(results) else [criteria.failing_explanations(results)]
        if evidence_lapsed:
            failing.append(
                "The verified evidence behind the label lapsed on "
                f"{formats.day(evidence_until)}; apply again with current documents."
            )
        reason = "A criterion no longer holds: " + " ".join(failing)
        cause = SuspensionCause.EVIDENCE if evidence_lapsed else SuspensionCause.DATA
        return label_services.LabelMove(label, target, reason, auto_suspended=True, cause=cause)
    return label_services.LabelMove(label, target, _reason_by_date(label, target, results))


def _reason_by_date(label: Label, target: str, results) -> str:
    until = formats.day(
        label.transition_until
        if label.status == LabelStatus.TRANSITION and target == LabelStatus.EXPIRED
        else label.valid_until
    )
    warning_days = settings.CERTIFICATION_EXPIRY_WARNING_DAYS
    if target == LabelStatus.EXPIRED:
        return f"The label's validity ended on {until}."
    if label.status == LabelStatus.TRANSITION:
        reason = f"{results[0].explanation} The country is eligible again."
    elif label.status == LabelStatus.SUSPENDED:
        reason = "Every computed criterion holds again."
    else:
        reason = ""
    if target == LabelStatus.EXPIRING:
        return f"{reason} The label is valid until {until}, within {warning_days} days.".strip()
    if reason:
        return reason
    return f"The label is valid until {until}, more than {warning_days} days away."


def labels_recompute(
    *,
    today: date | None = None,
    organization_ids: Iterable[int] | None = None,
    countries: Iterable[str] | None = None,
    batch_size: int = 500,
    task: str = RECOMPUTE_TASK,
) -> RecomputeSummary:
    """Re-evaluate current labels (all, or those of some organizations or countries) and
    move each to the status its dates, the World Bank's data on its verified country and the
    validity of its verified evidence call for. Only the verified facts count: what an owner
    has typed in the profile since waits for a reviewer.

    Batches of batch_size labels, each in its own transaction with a fixed number of
    queries; a run stopped halfway leaves every batch whole and the next run finishes.
    Idempotent: a second run changes nothing (it only stamps last_checked_at).
    """
    today = today or timezone.localdate()
    labels = Label.objects.filter(status__in=sorted(CURRENT_STATUSES))
    if organization_ids is not None:
        labels = labels.filter(organization_id__in=list(organization_ids))
    if countries is not None:
        codes = [c.upper() for c in countries]
        verified_there = VerifiedFacts.objects.filter(country__in=codes).values("label_id")
        labels = labels.filter(Q(organization__country__in=codes) | Q(pk__in=verified_there))
    newest_year = income_selectors.newest_fiscal_year()
    summary = RecomputeSummary(income_data_missing=newest_year is None)
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                labels.filter(pk__gt=last_pk)
                .select_related("organization")
                .select_for_update(of=("self",))
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            snapshots = fact_selectors.current_facts_by_label(label.pk for label in batch)
            incomes = (
                income_selectors.country_incomes(
                    {facts.country.code for facts in snapshots.values()},
                    newest_year=newest_year,
                )
                if newest_year is not None
                else {}
            )
            moves = []
            for label in batch:
                facts = snapshots.get(label.pk)
                move = _recompute_move(
                    label,
                    fact_selectors.facts_computed(facts, incomes=incomes) if facts else None,
                    today=today,
                    judge_criteria=newest_year is not None and facts is not None,
                    evidence_until=fact_selectors.evidence_lapses_on(facts) if facts else None,
                )
                if move is not None:
                    summary.moves[(str(label.status), str(move.to))] += 1
                    moves.append(move)
            if moves:
                label_services.apply_label_moves(moves, by=task)
            Label.objects.filter(pk__in=[label.pk for label in batch]).update(
                last_checked_at=timezone.now()
            )
        summary.checked += len(batch)
        last_pk = batch[-1].pk
        if len(batch) < batch_size:
            break
    if summary.changed:
        logger.info("Label recompute: %s", summary)
    return summary


def labels_nightly(*, today: date | None = None, task: str = RECOMPUTE_TASK) -> str:
    """Everything the nightly run does, whoever starts it (beat or manage.py): bring every
    current label in line, then remind the owners of labels ending soon and of verified
    evidence lapsing soon. Returns a summary.

    A run for today is recorded (core.scheduled), so one lost with its worker is made up; a run
    judged as of another day does not stand for today's."""
    with scheduled.recorded_run(RECOMPUTE_TASK) if today is None else nullcontext():
        summary = labels_recompute(today=today, task=task)
        overdue = finding_services.findings_enforce(today=today or timezone.localdate(), task=task)
        reminded = reminder_services.label_expiry_reminders_send(today=today)
        evidence = reminder_services.evidence_lapse_reminders_send(today=today)
    return (
        f"{summary} Suspended for an overdue finding: {overdue}. Expiry reminders sent: "
        f"{reminded}. Evidence reminders sent: {evidence}."
    )
