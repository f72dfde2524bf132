"""Loading the World Bank's country income classification, one fiscal year a file."""

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction

from certification import criteria, selectors
from certification.models import (
    CountryIncomeLoad,
    Economy,
    IncomeClassification,
    IncomeGroup,
    IncomeGroupChange,
    LendingCategory,
)
from certification.tasks import recompute_labels_for_countries
from core.exceptions import ApplicationError

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
