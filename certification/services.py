"""Every write of certification: the reviewers' group, country income data and labels."""

import csv
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, MembershipRole, Organization, User
from certification import application_selectors, criteria, selectors, transitions
from certification.models import (
    CERTIFIED_STATUSES,
    CURRENT_STATUSES,
    Concern,
    ConcernStatus,
    CountryIncomeLoad,
    Economy,
    IncomeClassification,
    IncomeGroup,
    IncomeGroupChange,
    Label,
    LabelEvent,
    LabelExpiryReminder,
    LabelStatus,
    LendingCategory,
    NotificationKind,
)
from core.exceptions import ApplicationError, validated
from notifications.services import notify, notify_each

logger = logging.getLogger(__name__)

# --- Reviewers' group ---------------------------------------------------------------------

REVIEWER_GROUP_NAME = "Certification reviewers"

# What a certification reviewer may do in Django admin, and nothing more: look up the
# organizations and people behind an application, the country data and the labels, and
# decide the public's concerns about labels.
REVIEWER_PERMISSIONS = [
    ("accounts", "view_organization"),
    ("accounts", "view_membership"),
    ("accounts", "view_user"),
    ("certification", "view_economy"),
    ("certification", "view_incomeclassification"),
    ("certification", "view_incomegroupchange"),
    ("certification", "view_countryincomeload"),
    ("certification", "view_label"),
    ("certification", "view_labelevent"),
    ("certification", "view_application"),
    ("certification", "change_application"),
    ("certification", "view_evidence"),
    ("certification", "view_applicationevent"),
    ("certification", "view_concern"),
    ("certification", "change_concern"),
]


def reviewer_group_sync(*, using: str = "default") -> Group:
    """Create the reviewers' group, or bring its permissions back to exactly the defined set."""
    with transaction.atomic(using=using):
        group, _ = Group.objects.using(using).get_or_create(name=REVIEWER_GROUP_NAME)
        permissions = [
            Permission.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
            for app_label, codename in REVIEWER_PERMISSIONS
        ]
        group.permissions.set(permissions)
    return group


# --- Country income data ------------------------------------------------------------------

INCOME_FILE_COLUMNS = (
    "iso3",
    "iso2",
    "name",
    "region",
    "income_group",
    "lending_category",
    "fiscal_year",
)
INCOME_GROUP_BY_NAME = {group.label: group.value for group in IncomeGroup}
INCOME_GROUP_BY_NAME[""] = ""
LENDING_CATEGORIES = {*LendingCategory.values, ""}


@dataclass(frozen=True)
class _IncomeRow:
    line: int
    iso3: str
    iso2: str
    name: str
    region: str
    income_group: str
    lending_category: str
    fiscal_year: int


@dataclass(frozen=True)
class LoadResult:
    source: str
    fiscal_year: int
    row_count: int
    economies_created: int = 0
    economies_updated: int = 0
    classifications_created: int = 0
    classifications_updated: int = 0
    changes: tuple[IncomeGroupChange, ...] = ()
    recompute_countries: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(
            self.economies_created
            or self.economies_updated
            or self.classifications_created
            or self.classifications_updated
            or self.changes
        )

    def summary(self) -> str:
        head = f"FY{self.fiscal_year} from {self.source}: {self.row_count} economies"
        if not self.changed:
            return f"{head}; already loaded, nothing changed."
        lines = [
            f"{head}; {self.classifications_created} classifications added, "
            f"{self.classifications_updated} updated; {self.economies_created} economies added, "
            f"{self.economies_updated} with a new name or region; "
            f"{len(self.changes)} income group changes."
        ]
        lines += [f"  {change}" for change in self.changes]
        countries = self.recompute_countries
        if 0 < len(countries) <= 20:
            lines.append(f"  Labels to recompute in: {', '.join(countries)}.")
        elif countries:
            lines.append(f"  Labels to recompute in {len(countries)} countries.")
        return "\n".join(lines)


def _fiscal_year(text: str) -> int | None:
    text = text.strip().upper().removeprefix("FY")
    if len(text) == 4 and text.isdigit():
        return int(text)
    return None


def _read_income_file(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            columns = list(reader.fieldnames or [])
            rows = [(reader.line_num, row) for row in reader]
    except FileNotFoundError as exc:
        raise ApplicationError(f"{path}: no such file.") from exc
    except UnicodeDecodeError as exc:
        raise ApplicationError(f"{path}: not a UTF-8 text file.") from exc
    return columns, rows


def _parse_income_rows(
    source: str, columns: list[str], rows: Iterable[tuple[int, Mapping]]
) -> list[_IncomeRow]:
    """Check every row of a classification file; raise at the first problem, naming its line."""
    missing = [column for column in INCOME_FILE_COLUMNS if column not in columns]
    if missing:
        raise ApplicationError(
            f"{source}: the header lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}. Expected: {', '.join(INCOME_FILE_COLUMNS)}."
        )
    parsed, seen_iso3, seen_iso2, year_line = [], {}, {}, None
    for line, raw in rows:

        def problem(message, line=line):
            return ApplicationError(f"{source}, line {line}: {message}")

        if None in raw or any(raw.get(column) is None for column in INCOME_FILE_COLUMNS):
            raise problem(f"expected {len(columns)} fields separated by commas.")
        value = {column: str(raw[column]).strip() for column in INCOME_FILE_COLUMNS}
        iso3, iso2 = value["iso3"].upper(), value["iso2"].upper()
        if not (len(iso3) == 3 and iso3.isascii() and iso3.isalpha()):
            raise problem(f"{value['iso3']!r} is not a three-letter economy code.")
        if iso2 and not (len(iso2) == 2 and iso2.isascii() and iso2.isalpha()):
            raise problem(f"{value['iso2']!r} is not a two-letter country code.")
        if not value["name"]:
            raise problem("the economy has no name.")
        if value["income_group"] not in INCOME_GROUP_BY_NAME:
            known = ", ".join(group.label for group in IncomeGroup)
            raise problem(
                f"unknown income group {value['income_group']!r}; expected one of {known}, "
                "or empty when unclassified."
            )
        if value["lending_category"] not in LENDING_CATEGORIES:
            raise problem(
                f"unknown lending category {value['lending_category']!r}; expected IDA, IBRD, "
                "Blend or empty."
            )
        year = _fiscal_year(value["fiscal_year"])
        if year is None:
            raise problem(f"{value['fiscal_year']!r} is not a fiscal year such as FY2026.")
        if year_line is None:
            year_line = (year, line)
        elif year != year_line[0]:
            raise problem(
                f"fiscal year FY{year} differs from FY{year_line[0]} on line {year_line[1]}; "
                "load one year per file."
            )
        if iso3 in seen_iso3:
            raise problem(f"{iso3} already appears on line {seen_iso3[iso3]}.")
        if iso2 and iso2 in seen_iso2:
            raise problem(f"{iso2} already appears on line {seen_iso2[iso2]}.")
        seen_iso3[iso3] = line
        if iso2:
            seen_iso2[iso2] = line
        parsed.append(
            _IncomeRow(
                line=line,
                iso3=iso3,
                iso2=iso2,
                name=value["name"],
                region=value["region"],
                income_group=INCOME_GROUP_BY_NAME[value["income_group"]],
                lending_category=value["lending_category"],
                fiscal_year=year,
            )
        )
    if not parsed:
        raise ApplicationError(f"{source}: the file has no rows.")
    return parsed


def _group_changes(history: list[tuple[int, str]]) -> Iterator[tuple[int, int, str, str]]:
    """(from_year, to_year, old_group, new_group) between consecutive years loaded."""
    ordered = sorted(history)
    for (from_year, old), (to_year, new) in zip(ordered, ordered[1:], strict=False):
        if old != new:
            yield from_year, to_year, old, new


def _judged_group(history, newest_year) -> str | None:
    basis = criteria.choose_income_basis(history, newest_year=newest_year)
    return basis.income_group if basis else None


def country_incomes_load(
    *,
    path: str | Path | None = None,
    rows: Iterable[Mapping[str, str]] | None = None,
    source: str = "",
) -> LoadResult:
    """Load one fiscal year of the World Bank's classification, from a CSV file or from rows
    (mappings with the file's columns; line numbers in errors count a header line).

    All or nothing: every row is checked before anything is written. Idempotent: loading the
    same data again changes nothing. Records each change of income group against the
    economy's previous year loaded and, after commit, queues a recompute of the labels in the
    countries whose judged income group changed.
    """
    if (path is None) == (rows is None):
        raise TypeError("Pass either path or rows.")
    if path is not None:
        path = Path(path)
        source = source or path.name
        columns, numbered = _read_income_file(path)
    else:
        rows = list(rows)
        source = source or "rows"
        columns = list(rows[0]) if rows else list(INCOME_FILE_COLUMNS)
        numbered = list(enumerate(rows, start=2))
    parsed = _parse_income_rows(source, columns, numbered)
    year = parsed[0].fiscal_year

    with transaction.atomic():
        result = _write_income_rows(source, year, parsed)
    if result.recompute_countries:
        from certification.tasks import recompute_labels_for_countries

        countries = list(result.recompute_countries)
        transaction.on_commit(lambda: recompute_labels_for_countries.delay(countries))
    return result


def _write_income_rows(source: str, year: int, parsed: list[_IncomeRow]) -> LoadResult:
    newest_before = selectors.newest_fiscal_year()
    newest_after = max(newest_before or year, year)
    economies = {e.iso3: e for e in Economy.objects.filter(iso3__in=[r.iso3 for r in parsed])}
    history = defaultdict(dict)  # economy id -> {year: group}
    existing = {}
    for classification in IncomeClassification.objects.filter(economy__in=economies.values()):
        history[classification.economy_id][classification.fiscal_year] = classification.income_group
        existing[(classification.economy_id, classification.fiscal_year)] = classification

    new_economies = [
        Economy(iso3=r.iso3, iso2=r.iso2, name=r.name, region=r.region)
        for r in parsed
        if r.iso3 not in economies
    ]
    renamed = []
    for row in parsed:
        economy = economies.get(row.iso3)
        if economy is None or max(history[economy.pk], default=year) > year:
            continue  # names and regions follow the newest year loaded
        if (economy.iso2, economy.name, economy.region) != (row.iso2, row.name, row.region):
            economy.iso2, economy.name, economy.region = row.iso2, row.name, row.region
            renamed.append(economy)

    to_create, to_update = [], []
    for row in parsed:
        economy = economies.get(row.iso3)
        current = existing.get((economy.pk, year)) if economy else None
        if current is None:
            to_create.append(row)
        elif (current.income_group, current.lending_category) != (
            row.income_group,
            row.lending_category,
        ):
            current.income_group = row.income_group
            current.lending_category = row.lending_category
            to_update.append(current)

    if not (new_economies or renamed or to_create or to_update):
        return LoadResult(source=source, fiscal_year=year, row_count=len(parsed))

    load = CountryIncomeLoad.objects.create(source=source, fiscal_year=year, row_count=len(parsed))
    try:
        Economy.objects.bulk_update(renamed, ["iso2", "name", "region"])
        Economy.objects.bulk_create(new_economies)
    except IntegrityError as exc:
        raise ApplicationError(
            f"{source}: a country code is already used by another economy."
        ) from exc
    economies = {e.iso3: e for e in Economy.objects.filter(iso3__in=[r.iso3 for r in parsed])}
    for classification in to_update:
        classification.load = load
    IncomeClassification.objects.bulk_update(
        to_update, ["income_group", "lending_category", "load"]
    )
    IncomeClassification.objects.bulk_create(
        IncomeClassification(
            economy=economies[row.iso3],
            fiscal_year=year,
            income_group=row.income_group,
            lending_category=row.lending_category,
            load=load,
        )
        for row in to_create
    )

    # Bring the recorded changes of the file's economies in line with the years now loaded.
    judged_before = {
        economy.pk: _judged_group(history[economy.pk].items(), newest_before)
        for economy in economies.values()
    }
    for row in parsed:
        history[economies[row.iso3].pk][year] = row.income_group
    wanted = {
        (economy_id, *change)
        for economy_id, groups in history.items()
        for change in _group_changes(list(groups.items()))
    }
    recorded = {
        (c.economy_id, c.from_year, c.to_year, c.old_group, c.new_group): c.pk
        for c in IncomeGroupChange.objects.filter(economy__in=economies.values())
    }
    IncomeGroupChange.objects.filter(
        pk__in=[pk for key, pk in recorded.items() if key not in wanted]
    ).delete()
    by_id = {economy.pk: economy for economy in economies.values()}
    created_changes = IncomeGroupChange.objects.bulk_create(
        IncomeGroupChange(
            economy=by_id[economy_id],
            from_year=from_year,
            to_year=to_year,
            old_group=old,
            new_group=new,
            load=load,
        )
        for economy_id, from_year, to_year, old, new in sorted(wanted - set(recorded))
    )
    created_changes.sort(key=lambda change: (change.to_year, change.economy.name))

    recompute = sorted(
        economy.iso2
        for economy in economies.values()
        if economy.iso2
        and judged_before[economy.pk] != _judged_group(history[economy.pk].items(), newest_after)
    )
    load.economies_created = len(new_economies)
    load.classifications_created = len(to_create)
    load.classifications_updated = len(to_update)
    load.income_group_changes = len(created_changes)
    load.save()
    return LoadResult(
        source=source,
        fiscal_year=year,
        row_count=len(parsed),
        economies_created=len(new_economies),
        economies_updated=len(renamed),
        classifications_created=len(to_create),
        classifications_updated=len(to_update),
        changes=tuple(created_changes),
        recompute_countries=tuple(recompute),
    )


# --- Labels -------------------------------------------------------------------------------

RECOMPUTE_TASK = "certification.tasks.recompute_labels"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in range(start.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def label_valid_until(valid_from: date) -> date:
    """The last day of a label valid CERTIFICATION_LABEL_VALIDITY_MONTHS from valid_from."""
    return add_months(valid_from, settings.CERTIFICATION_LABEL_VALIDITY_MONTHS) - timedelta(days=1)


@dataclass(frozen=True)
class _Move:
    label: Label
    to: str
    reason: str
    auto_suspended: bool = False


def _apply_moves(moves: list[_Move], *, by=None, task: str = "") -> list[LabelEvent]:
    """The one place a label's status changes. The caller holds the labels' row locks in
    an atomic block. Checks every move against the transition table, then writes the new
    statuses and their history in one UPDATE and one INSERT."""
    for move in moves:
        if not transitions.can_move(move.label.status, move.to):
            current = LabelStatus(move.label.status).label.lower()
            wanted = LabelStatus(move.to).label.lower()
            raise ApplicationError(
                f"A label that is {current} cannot become {wanted}.", code="invalid_transition"
            )
    now = timezone.now()
    events = []
    for move in moves:
        events.append(
            LabelEvent(
                label=move.label,
                from_status=move.label.status,
                to_status=move.to,
                reason=move.reason,
                actor=by,
                actor_task=task,
            )
        )
        move.label.status = move.to
        move.label.status_reason = move.reason
        move.label.auto_suspended = move.auto_suspended
        move.label.updated_at = now
    Label.objects.bulk_update(
        [move.label for move in moves], ["status", "status_reason", "auto_suspended", "updated_at"]
    )
    LabelEvent.objects.bulk_create(events)
    _tell_owners_of_moves(moves)
    return events


def label_transition(*, label: Label, to: str, reason: str, by=None, task: str = "") -> Label:
    """Move a label to another status, as a person (by) or a task (task, its name)."""
    if (by is None) == (not task):
        raise TypeError("Name either the person (by) or the task behind the change.")
    to = LabelStatus(to)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Please give the reason for changing the label's status.")
    with transaction.atomic():
        locked = Label.objects.select_for_update().get(pk=label.pk)
        _apply_moves([_Move(locked, to, reason)], by=by, task=task)
    for name in ("status", "status_reason", "auto_suspended", "updated_at"):
        setattr(label, name, getattr(locked, name))
    return label


@transaction.atomic
def label_grant(*, organization: Organization, by, valid_from: date | None = None) -> Label:
    """Grant a provider organization the label, valid CERTIFICATION_LABEL_VALIDITY_MONTHS.

    Refused while it holds a current label, when a computed criterion fails, or to a person
    who belongs to the organization.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not organization.is_provider:
        raise ApplicationError(f"{organization} is not a provider; only providers hold the label.")
    if Membership.objects.filter(organization=organization, user=by).exists():
        raise ApplicationError("You cannot grant the label to an organization you belong to.")
    current = organization.labels.filter(status__in=sorted(CURRENT_STATUSES)).first()
    if current is not None:
        raise ApplicationError(
            f"{organization} already holds a current label ({current.code}, "
            f"{current.get_status_display().lower()})."
        )
    results = selectors.computed_criteria_for(organization)
    if not criteria.all_passed(results):
        raise ApplicationError(
            f"{organization} does not meet every criterion: "
            f"{criteria.failing_explanations(results)}"
        )
    today = timezone.localdate()
    valid_from = valid_from or today
    valid_until = label_valid_until(valid_from)
    status = transitions.status_by_date(
        valid_until=valid_until,
        today=today,
        warning_days=settings.CERTIFICATION_EXPIRY_WARNING_DAYS,
    )
    if status == LabelStatus.EXPIRED:
        raise ApplicationError(f"A label valid from {_day(valid_from)} would already have ended.")
    reason = f"Label granted, valid from {_day(valid_from)} until {_day(valid_until)}."
    label = validated(
        Label(
            organization=organization,
            status=status,
            valid_from=valid_from,
            valid_until=valid_until,
            status_reason=reason,
        )
    )
    label.save()
    LabelEvent.objects.create(
        label=label, from_status="", to_status=status, reason=reason, actor=by
    )
    return label


@transaction.atomic
def label_renew(*, label: Label, by, reason: str) -> Label:
    """Give a current label a new validity from today, lifting a suspension or the expiry
    warning (its holder was just approved again)."""
    label = Label.objects.select_for_update().get(pk=label.pk)
    if label.status not in CURRENT_STATUSES:
        raise ApplicationError("Only a current label can be renewed; grant a new one instead.")
    today = timezone.localdate()
    label.valid_from, label.valid_until = today, label_valid_until(today)
    label.save(update_fields=["valid_from", "valid_until", "updated_at"])
    if label.status != LabelStatus.ACTIVE:
        label = label_transition(label=label, to=LabelStatus.ACTIVE, reason=reason, by=by)
    return label


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


def _recompute_move(
    label: Label,
    facts,
    *,
    today: date,
    judge_criteria: bool,
    evidence_until: date | None = None,
) -> _Move | None:
    """evidence_until: the day the verified evidence behind the label lapses, if known."""
    warning_days = settings.CERTIFICATION_EXPIRY_WARNING_DAYS
    results = criteria.evaluate_computed(facts) if judge_criteria else []
    hold = criteria.all_passed(results) if judge_criteria else None
    evidence_lapsed = evidence_until is not None and evidence_until < today
    if evidence_lapsed:
        hold = False
    target = transitions.recompute_target(
        status=label.status,
        valid_until=label.valid_until,
        today=today,
        criteria_hold=hold,
        auto_suspended=label.auto_suspended,
        warning_days=warning_days,
    )
    if target == label.status:
        return None
    until = _day(label.valid_until)
    if target == LabelStatus.EXPIRED:
        reason = f"The label's validity ended on {until}."
    elif target == LabelStatus.SUSPENDED:
        failing = (
            [criteria.failing_explanations(results)] if not criteria.all_passed(results) else []
        )
        if evidence_lapsed:
            failing.append(
                f"The verified evidence behind the label lapsed on {_day(evidence_until)}; "
                "apply again with current documents."
            )
        reason = "A criterion no longer holds: " + " ".join(failing)
        return _Move(label, target, reason, auto_suspended=True)
    elif label.status == LabelStatus.SUSPENDED:
        reason = "Every computed criterion holds again."
        if target == LabelStatus.EXPIRING:
            reason += f" The label is valid until {until}."
    elif target == LabelStatus.EXPIRING:
        reason = f"The label is valid until {until}, within {warning_days} days."
    else:
        reason = f"The label is valid until {until}, more than {warning_days} days away."
    return _Move(label, target, reason)


def labels_recompute(
    *,
    today: date | None = None,
    organization_ids: Iterable[int] | None = None,
    countries: Iterable[str] | None = None,
    batch_size: int = 500,
    task: str = RECOMPUTE_TASK,
) -> RecomputeSummary:
    """Re-evaluate current labels (all, or those of some organizations or countries) and
    move each to the status its dates and computed criteria call for.

    Batches of batch_size labels, each in its own transaction with a fixed number of
    queries; a run stopped halfway leaves every batch whole and the next run finishes.
    Idempotent: a second run changes nothing (it only stamps last_checked_at).
    """
    today = today or timezone.localdate()
    labels = Label.objects.filter(status__in=sorted(CURRENT_STATUSES))
    if organization_ids is not None:
        labels = labels.filter(organization_id__in=list(organization_ids))
    if countries is not None:
        labels = labels.filter(organization__country__in=[c.upper() for c in countries])
    newest_year = selectors.newest_fiscal_year()
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
            incomes = (
                selectors.country_incomes(
                    {label.organization.country.code for label in batch}, newest_year=newest_year
                )
                if newest_year is not None
                else {}
            )
            evidence_until = application_selectors.evidence_until_by_label(
                label.pk for label in batch
            )
            moves = []
            for label in batch:
                facts = selectors.organization_facts(label.organization, incomes=incomes)
                move = _recompute_move(
                    label,
                    facts,
                    today=today,
                    judge_criteria=newest_year is not None,
                    evidence_until=evidence_until.get(label.pk),
                )
                if move is not None:
                    summary.moves[(str(label.status), str(move.to))] += 1
                    moves.append(move)
            if moves:
                _apply_moves(moves, task=task)
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


# --- Telling owners of their label's status -----------------------------------------------

LABEL_STATUS_WORDS = {
    LabelStatus.ACTIVE: "active",
    LabelStatus.EXPIRING: "expiring soon",
    LabelStatus.EXPIRED: "expired",
    LabelStatus.SUSPENDED: "suspended",
    LabelStatus.REVOKED: "revoked",
}


def _what_restores(move: _Move) -> str:
    """What would bring the label back (or keep it), for the owner's notice."""
    until = _day(move.label.valid_until)
    if move.to == LabelStatus.SUSPENDED and move.auto_suspended:
        return (
            "It becomes active again at the next nightly check once every criterion named "
            "above holds; if your profile is out of date, correct it."
        )
    if move.to == LabelStatus.SUSPENDED:
        return (
            "A reviewer suspended it and only a reviewer lifts it; contact Fairbid's "
            "certification reviewers to resolve the reason above."
        )
    if move.to == LabelStatus.EXPIRED:
        return "To hold the label again, apply for certification again."
    if move.to == LabelStatus.REVOKED:
        return (
            "A revoked label is not restored; contact Fairbid's certification reviewers if "
            "you believe this is a mistake."
        )
    if move.to == LabelStatus.EXPIRING:
        return f"Apply for certification again before {until} to keep the label without a gap."
    return "Nothing more is needed from you."


def label_status_notice(move: _Move) -> str:
    """The owner's notice of a change: the new status, the reason, what would restore it."""
    head = f"Your Fairbid label is now {LABEL_STATUS_WORDS[move.to]}."
    return f"{head} Reason: {move.reason} {_what_restores(move)}"


def _owners_by_organization(organization_ids) -> dict[int, list[User]]:
    """The active owners of these organizations, in one query."""
    owners = defaultdict(list)
    for membership in Membership.objects.filter(
        organization_id__in=organization_ids, role=MembershipRole.OWNER, user__is_active=True
    ).select_related("user"):
        owners[membership.organization_id].append(membership.user)
    return owners


def _tell_owners_of_moves(moves: list[_Move]) -> None:
    """In-app and, after commit, email notice to each moved label's owner: two queries
    whatever the number of moves."""
    if not moves:
        return
    owners = _owners_by_organization({move.label.organization_id for move in moves})
    notify_each(
        kind=NotificationKind.LABEL_STATUS,
        notices=[
            (
                owner,
                label_status_notice(move),
                reverse("certification:label_detail", args=[move.label.code]),
            )
            for move in moves
            for owner in owners[move.label.organization_id]
        ],
    )


# --- Concerns -----------------------------------------------------------------------------

CONCERN_ACTIONS = {"suspend": LabelStatus.SUSPENDED, "revoke": LabelStatus.REVOKED}


def _reviewers():
    return User.objects.filter(groups__name=REVIEWER_GROUP_NAME, is_staff=True, is_active=True)


@transaction.atomic
def concern_raise(
    *, label: Label, text: str, contact_email: str, evidence_url: str = ""
) -> Concern:
    """Anyone's concern about a label in force or suspended; reviewers are told of it."""
    if label.status not in CURRENT_STATUSES:
        raise ApplicationError(
            f"This label is {label.get_status_display().lower()}; it certifies nothing any "
            "more, so there is no concern to raise about it."
        )
    concern = validated(
        Concern(
            label=label,
            text=(text or "").strip(),
            evidence_url=(evidence_url or "").strip(),
            contact_email=(contact_email or "").strip(),
        )
    )
    concern.save()
    notify(
        recipients=_reviewers(),
        kind=NotificationKind.LABEL_CONCERN,
        message=f"New concern #{concern.pk} about the label {label.code} of {label.organization}.",
        url=reverse("admin:certification_concern_change", args=[concern.pk]),
    )
    return concern


def concern_decide(
    *, concern: Concern, by, uphold: bool, action: str | None = None, note: str
) -> Concern:
    """A reviewer upholds or dismisses an open concern, with a note. Upholding may suspend
    or revoke the label (action "suspend" or "revoke"), the note going to its history."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            "Please write a note on your decision.", fields={"note": "Required."}
        )
    if action is not None and action not in CONCERN_ACTIONS:
        raise TypeError(f"Unknown action {action!r}; expected suspend, revoke or None.")
    if action is not None and not uphold:
        raise ApplicationError("Only an upheld concern can suspend or revoke the label.")
    if not by.has_perm("certification.change_concern"):
        raise ApplicationError(
            "Only certification reviewers decide concerns.", code="permission_denied"
        )
    to = ConcernStatus.UPHELD if uphold else ConcernStatus.DISMISSED
    with transaction.atomic():
        locked = Concern.objects.select_for_update().select_related("label").get(pk=concern.pk)
        if Membership.objects.filter(
            organization_id=locked.label.organization_id, user=by
        ).exists():
            raise ApplicationError(
                "You cannot decide a concern about an organization you belong to.",
                code="permission_denied",
            )
        if not transitions.concern_can_move(locked.status, to):
            raise ApplicationError(
                f"This concern is already {locked.get_status_display().lower()}.",
                code="invalid_transition",
            )
        if action is not None:
            label_transition(
                label=locked.label,
                to=CONCERN_ACTIONS[action],
                reason=f"Concern #{locked.pk} upheld: {note}",
                by=by,
            )
        locked.status = to
        locked.decision_note = note
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    for name in ("status", "decision_note", "decided_by", "decided_at"):
        setattr(concern, name, getattr(locked, name))
    return concern


# --- Reminders before a label ends --------------------------------------------------------


def label_expiry_reminders_send(*, today: date | None = None, batch_size: int = 500) -> int:
    """Remind the owners of labels in force that end soon, once for each number of days in
    CERTIFICATION_EXPIRY_REMINDER_DAYS; returns how many labels were reminded.

    A label is due the reminder of the nearest such day its end is within (a label first
    seen 5 days before its end gets the 7-day reminder only). Each reminder sent is recorded,
    so a second run sends nothing. Batches of batch_size labels, each with a fixed number of
    queries.
    """
    today = today or timezone.localdate()
    days = sorted(set(settings.CERTIFICATION_EXPIRY_REMINDER_DAYS))
    reminded = 0
    for index, before in enumerate(days):
        after = days[index - 1] if index else -1
        already = LabelExpiryReminder.objects.filter(
            label=OuterRef("pk"), days_before=before, valid_until=OuterRef("valid_until")
        )
        due = Label.objects.filter(
            status__in=sorted(CERTIFIED_STATUSES),
            valid_until__gt=today + timedelta(days=after),
            valid_until__lte=today + timedelta(days=before),
        ).exclude(Exists(already))
        while True:
            with transaction.atomic():
                batch = list(due.order_by("pk")[:batch_size])
                if not batch:
                    break
                LabelExpiryReminder.objects.bulk_create(
                    LabelExpiryReminder(
                        label=label, days_before=before, valid_until=label.valid_until
                    )
                    for label in batch
                )
                _remind_owners(batch, today=today)
            reminded += len(batch)
            if len(batch) < batch_size:
                break
    return reminded


def _remind_owners(labels: list[Label], *, today: date) -> None:
    owners = _owners_by_organization({label.organization_id for label in labels})
    notices = []
    for label in labels:
        left = (label.valid_until - today).days
        when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
        message = (
            f"Your Fairbid label ends {when}, on {_day(label.valid_until)}. To keep it "
            "without a gap, apply for certification again before then."
        )
        url = reverse("certification:label_detail", args=[label.code])
        notices += [(owner, message, url) for owner in owners[label.organization_id]]
    notify_each(kind=NotificationKind.LABEL_EXPIRY_REMINDER, notices=notices)
