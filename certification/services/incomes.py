"""Loading the World Bank's country income classification, one fiscal year a file.

The rows are checked and the changes planned by the pure certification.income_loads; this
module reads what is loaded, writes the plan and queues the labels' recompute.
"""

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from certification import income_loads
from certification.income_loads import GroupChange, IncomeLoadPlan, IncomeRow
from certification.models import (
    CountryIncomeLoad,
    Economy,
    IncomeClassification,
    IncomeGroupChange,
)
from certification.selectors import incomes as income_selectors
from certification.tasks import recompute_labels_for_countries
from core.exceptions import ApplicationError
from core.tasks import enqueue_on_commit


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


def _read_income_file(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            columns = list(reader.fieldnames or [])
            rows = [(reader.line_num, row) for row in reader]
    except FileNotFoundError as exc:
        raise ApplicationError(_("{path}: no such file.").format(path=path)) from exc
    except UnicodeDecodeError as exc:
        raise ApplicationError(_("{path}: not a UTF-8 text file.").format(path=path)) from exc
    return columns, rows


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
        columns = list(rows[0]) if rows else list(income_loads.INCOME_FILE_COLUMNS)
        numbered = list(enumerate(rows, start=2))
    parsed = income_loads.parse_income_rows(source, columns, numbered)
    with transaction.atomic():
        result = _write_income_rows(source, parsed)
    if result.recompute_countries:
        # Lost with a broker that is down, this recompute is done by the nightly one.
        enqueue_on_commit(recompute_labels_for_countries, list(result.recompute_countries))
    return result


def _write_income_rows(source: str, rows: list[IncomeRow]) -> LoadResult:
    """Plan the load against what is loaded of the file's economies, then write the plan."""
    economies = _economies(rows)
    classifications = list(IncomeClassification.objects.filter(economy__in=economies.values()))
    recorded = _recorded_changes(economies)
    plan = income_loads.plan_income_load(
        rows,
        loaded=_loaded_economies(economies, classifications),
        recorded_changes=recorded,
        newest_year=income_selectors.newest_fiscal_year(),
    )
    if not plan.changes_data:
        return LoadResult(source=source, fiscal_year=plan.fiscal_year, row_count=plan.row_count)

    load = CountryIncomeLoad.objects.create(
        source=source, fiscal_year=plan.fiscal_year, row_count=plan.row_count
    )
    _write_economies(source, plan, economies)
    economies = _economies(rows)
    _write_classifications(plan, load, economies, classifications)
    IncomeGroupChange.objects.filter(
        pk__in=[recorded[change] for change in plan.stale_changes]
    ).delete()
    created_changes = _write_group_changes(plan, load, economies)
    load.economies_created = len(plan.new_economies)
    load.classifications_created = len(plan.new_classifications)
    load.classifications_updated = len(plan.changed_classifications)
    load.income_group_changes = len(created_changes)
    load.save()
    return LoadResult(
        source=source,
        fiscal_year=plan.fiscal_year,
        row_count=plan.row_count,
        economies_created=len(plan.new_economies),
        economies_updated=len(plan.renamed_economies),
        classifications_created=len(plan.new_classifications),
        classifications_updated=len(plan.changed_classifications),
        changes=tuple(created_changes),
        recompute_countries=plan.recompute_countries,
    )


def _economies(rows: list[IncomeRow]) -> dict[str, Economy]:
    """The file's economies already stored, by World Bank code."""
    return {e.iso3: e for e in Economy.objects.filter(iso3__in=[row.iso3 for row in rows])}


def _loaded_economies(
    economies: Mapping[str, Economy], classifications: Iterable[IncomeClassification]
) -> dict[str, income_loads.LoadedEconomy]:
    years = {economy.pk: {} for economy in economies.values()}
    for classification in classifications:
        years[classification.economy_id][classification.fiscal_year] = income_loads.Classification(
            classification.income_group, classification.lending_category
        )
    return {
        iso3: income_loads.LoadedEconomy(
            economy.iso2, economy.name, economy.region, years[economy.pk]
        )
        for iso3, economy in economies.items()
    }


def _recorded_changes(economies: Mapping[str, Economy]) -> dict[GroupChange, int]:
    """The group changes recorded for these economies, each with its row's id."""
    iso3_by_id = {economy.pk: iso3 for iso3, economy in economies.items()}
    return {
        GroupChange(
            iso3_by_id[c.economy_id], c.from_year, c.to_year, c.old_group, c.new_group
        ): c.pk
        for c in IncomeGroupChange.objects.filter(economy__in=economies.values())
    }


def _write_economies(source: str, plan: IncomeLoadPlan, economies: Mapping[str, Economy]) -> None:
    renamed = [economies[row.iso3] for row in plan.renamed_economies]
    for economy, row in zip(renamed, plan.renamed_economies, strict=True):
        economy.iso2, economy.name, economy.region = row.iso2, row.name, row.region
    try:
        Economy.objects.bulk_update(renamed, ["iso2", "name", "region"])
        Economy.objects.bulk_create(
            Economy(iso3=row.iso3, iso2=row.iso2, name=row.name, region=row.region)
            for row in plan.new_economies
        )
    except IntegrityError as exc:
        raise ApplicationError(
            _("{source}: a country code is already used by another economy.").format(source=source)
        ) from exc


def _write_classifications(
    plan: IncomeLoadPlan,
    load: CountryIncomeLoad,
    economies: Mapping[str, Economy],
    classifications: Iterable[IncomeClassification],
) -> None:
    of_the_year = {c.economy_id: c for c in classifications if c.fiscal_year == plan.fiscal_year}
    changed = []
    for row in plan.changed_classifications:
        classification = of_the_year[economies[row.iso3].pk]
        classification.income_group = row.income_group
        classification.lending_category = row.lending_category
        classification.load = load
        changed.append(classification)
    IncomeClassification.objects.bulk_update(changed, ["income_group", "lending_category", "load"])
    IncomeClassification.objects.bulk_create(
        IncomeClassification(
            economy=economies[row.iso3],
            fiscal_year=plan.fiscal_year,
            income_group=row.income_group,
            lending_category=row.lending_category,
            load=load,
        )
        for row in plan.new_classifications
    )


def _write_group_changes(
    plan: IncomeLoadPlan, load: CountryIncomeLoad, economies: Mapping[str, Economy]
) -> list[IncomeGroupChange]:
    """Record the plan's new group changes, in the order of the economies' ids; returns them
    by year and economy name, as the load's summary lists them."""
    created = IncomeGroupChange.objects.bulk_create(
        IncomeGroupChange(
            economy=economies[change.iso3],
            from_year=change.from_year,
            to_year=change.to_year,
            old_group=change.old_group,
            new_group=change.new_group,
            load=load,
        )
        for change in sorted(
            plan.new_changes,
            key=lambda change: (economies[change.iso3].pk, change.from_year, change.to_year),
        )
    )
    return sorted(created, key=lambda change: (change.to_year, change.economy.name))
