"""Loading a year of the World Bank's country income classification, as pure steps: checking
the rows of a file, and planning what they change in what is already loaded. No ORM here;
certification.services.incomes reads the tables, asks for the plan and writes it.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from certification import criteria
from certification.models import IncomeGroup, LendingCategory
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
# The World Bank's names in its files, in English whatever language Fairbid is read in.
INCOME_GROUP_BY_NAME = {
    "Low income": IncomeGroup.LOW,
    "Lower middle income": IncomeGroup.LOWER_MIDDLE,
    "Upper middle income": IncomeGroup.UPPER_MIDDLE,
    "High income": IncomeGroup.HIGH,
    "": "",
}
LENDING_CATEGORIES = {*LendingCategory.values, ""}


@dataclass(frozen=True)
class IncomeRow:
    """One checked row of a classification file; income_group is the stored value."""

    line: int
    iso3: str
    iso2: str
    name: str
    region: str
    income_group: str
    lending_category: str
    fiscal_year: int


# --- Checking a file's rows -------------------------------------------------------------------


class _RowProblem(Exception):
    """What is wrong with one row; parse_income_rows adds the file and the line."""


def parse_income_rows(
    source: str, columns: list[str], rows: Iterable[tuple[int, Mapping]]
) -> list[IncomeRow]:
    """Check every row of a classification file; raise at the first problem, naming its line.

    rows are (line number, mapping of the file's columns) pairs.
    """
    _check_header(source, columns)
    parsed: list[IncomeRow] = []
    # The line of each code seen: a three-letter code never equals a two-letter one.
    lines_by_code: dict[str, int] = {}
    for line, raw in rows:
        try:
            row = _parse_row(line, raw, field_count=len(columns))
            _check_against_earlier_rows(row, first=parsed[0] if parsed else None)
            _check_codes_unseen(row, lines_by_code)
        except _RowProblem as problem:
            raise ApplicationError(
                _("{source}, line {line}: {problem}").format(
                    source=source, line=line, problem=problem
                )
            ) from None
        lines_by_code.update((code, line) for code in _codes(row))
        parsed.append(row)
    if not parsed:
        raise ApplicationError(_("{source}: the file has no rows.").format(source=source))
    return parsed


def _check_header(source: str, columns: list[str]) -> None:
    missing = [column for column in INCOME_FILE_COLUMNS if column not in columns]
    if missing:
        raise ApplicationError(
            _("{source}: the header lacks the column{value} {join}. Expected: {join2}.").format(
                source=source,
                value="s" if len(missing) > 1 else "",
                join=", ".join(missing),
                join2=", ".join(INCOME_FILE_COLUMNS),
            )
        )


def _parse_row(line: int, raw: Mapping, *, field_count: int) -> IncomeRow:
    """One row's own values, checked in the order of the file's columns."""
    if None in raw or any(raw.get(column) is None for column in INCOME_FILE_COLUMNS):
        raise _RowProblem(f"expected {field_count} fields separated by commas.")
    value = {column: str(raw[column]).strip() for column in INCOME_FILE_COLUMNS}
    iso3 = _letters_code(value["iso3"], length=3, what="three-letter economy code")
    iso2 = _letters_code(value["iso2"], length=2, what="two-letter country code", blank=True)
    if not value["name"]:
        raise _RowProblem("the economy has no name.")
    income_group = _income_group(value["income_group"])
    lending_category = _lending_category(value["lending_category"])
    fiscal_year = _fiscal_year(value["fiscal_year"])
    return IncomeRow(
        line=line,
        iso3=iso3,
        iso2=iso2,
        name=value["name"],
        region=value["region"],
        income_group=income_group,
        lending_category=lending_category,
        fiscal_year=fiscal_year,
    )


def _letters_code(text: str, *, length: int, what: str, blank: bool = False) -> str:
    code = text.upper()
    if (blank and not code) or (len(code) == length and code.isascii() and code.isalpha()):
        return code
    raise _RowProblem(f"{text!r} is not a {what}.")


def _income_group(name: str) -> str:
    if name not in INCOME_GROUP_BY_NAME:
        known = ", ".join(name for name in INCOME_GROUP_BY_NAME if name)
        raise _RowProblem(
            f"unknown income group {name!r}; expected one of {known}, or empty when unclassified."
        )
    return INCOME_GROUP_BY_NAME[name]


def _lending_category(text: str) -> str:
    if text not in LENDING_CATEGORIES:
        raise _RowProblem(f"unknown lending category {text!r}; expected IDA, IBRD, Blend or empty.")
    return text


def _fiscal_year(text: str) -> int:
    digits = text.strip().upper().removeprefix("FY")
    if len(digits) == 4 and digits.isdigit():
        return int(digits)
    raise _RowProblem(f"{text!r} is not a fiscal year such as FY2026.")


def _check_against_earlier_rows(row: IncomeRow, *, first: IncomeRow | None) -> None:
    if first is not None and row.fiscal_year != first.fiscal_year:
        raise _RowProblem(
            f"fiscal year FY{row.fiscal_year} differs from FY{first.fiscal_year} on line "
            f"{first.line}; load one year per file."
        )


def _codes(row: IncomeRow) -> list[str]:
    return [code for code in (row.iso3, row.iso2) if code]


def _check_codes_unseen(row: IncomeRow, lines_by_code: Mapping[str, int]) -> None:
    for code in _codes(row):
        if code in lines_by_code:
            raise _RowProblem(f"{code} already appears on line {lines_by_code[code]}.")


# --- Planning what a load changes -------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    income_group: str
    lending_category: str


@dataclass(frozen=True)
class LoadedEconomy:
    """An economy as already loaded: its codes and names, and its classification by year."""

    iso2: str
    name: str
    region: str
    years: Mapping[int, Classification] = field(default_factory=dict)


@dataclass(frozen=True, order=True)
class GroupChange:
    """An economy's income group differs from the one of the previous year loaded."""

    iso3: str
    from_year: int
    to_year: int
    old_group: str
    new_group: str


@dataclass(frozen=True)
class IncomeLoadPlan:
    """What loading a file's rows changes. Economies and classifications are named by the
    rows that create or update them."""

    fiscal_year: int
    row_count: int
    new_economies: tuple[IncomeRow, ...] = ()
    renamed_economies: tuple[IncomeRow, ...] = ()  # take the row's codes, name and region
    new_classifications: tuple[IncomeRow, ...] = ()
    changed_classifications: tuple[IncomeRow, ...] = ()
    stale_changes: frozenset[GroupChange] = frozenset()  # recorded, no longer true
    new_changes: tuple[GroupChange, ...] = ()
    recompute_countries: tuple[str, ...] = ()  # ISO alpha-2, where the judged group moves

    @property
    def changes_data(self) -> bool:
        """Whether the load writes economies or classifications; without them it writes
        nothing at all, not even a record of the load."""
        return bool(
            self.new_economies
            or self.renamed_economies
            or self.new_classifications
            or self.changed_classifications
        )


def plan_income_load(
    rows: list[IncomeRow],
    *,
    loaded: Mapping[str, LoadedEconomy],
    recorded_changes: Iterable[GroupChange],
    newest_year: int | None,
) -> IncomeLoadPlan:
    """Plan the load of one fiscal year's rows (from parse_income_rows).

    loaded: the file's economies already loaded, by World Bank code; recorded_changes: the
    group changes recorded for them; newest_year: the newest fiscal year loaded of any
    economy, or None before the first load.

    Names and regions follow the newest year loaded. The recorded group changes become those
    between consecutive years loaded, the file's year included. A country needs its labels
    recomputed when the group it is judged by (criteria.choose_income_basis) moves.
    """
    year = rows[0].fiscal_year
    groups_before = {row.iso3: _groups(loaded.get(row.iso3)) for row in rows}
    groups_after = {row.iso3: {**groups_before[row.iso3], year: row.income_group} for row in rows}
    wanted = _all_group_changes(groups_after)
    recorded = {change for change in recorded_changes if change.iso3 in groups_after}
    return IncomeLoadPlan(
        fiscal_year=year,
        row_count=len(rows),
        new_economies=_rows_where(_is_new, rows, loaded),
        renamed_economies=_rows_where(_renames, rows, loaded),
        new_classifications=_rows_where(_classifies_anew, rows, loaded),
        changed_classifications=_rows_where(_reclassifies, rows, loaded),
        stale_changes=frozenset(recorded - wanted),
        new_changes=tuple(sorted(wanted - recorded)),
        recompute_countries=_countries_to_recompute(
            rows,
            loaded,
            groups_before=groups_before,
            groups_after=groups_after,
            newest_before=newest_year,
            newest_after=max(newest_year or year, year),
        ),
    )


def _rows_where(
    test: Callable[[IncomeRow, LoadedEconomy | None], bool],
    rows: list[IncomeRow],
    loaded: Mapping[str, LoadedEconomy],
) -> tuple[IncomeRow, ...]:
    return tuple(row for row in rows if test(row, loaded.get(row.iso3)))


def _years(economy: LoadedEconomy | None) -> Mapping[int, Classification]:
    return economy.years if economy is not None else {}


def _groups(economy: LoadedEconomy | None) -> dict[int, str]:
    return {year: c.income_group for year, c in _years(economy).items()}


def _names_follow(row: IncomeRow, economy: LoadedEconomy | None) -> bool:
    """Whether the economy takes the row's codes, name and region: no newer year is loaded."""
    return max(_years(economy), default=row.fiscal_year) <= row.fiscal_year


def _is_new(row: IncomeRow, economy: LoadedEconomy | None) -> bool:
    return economy is None


def _classifies_anew(row: IncomeRow, economy: LoadedEconomy | None) -> bool:
    return row.fiscal_year not in _years(economy)


def _renames(row: IncomeRow, economy: LoadedEconomy | None) -> bool:
    return (
        economy is not None
        and _names_follow(row, economy)
        and (economy.iso2, economy.name, economy.region) != (row.iso2, row.name, row.region)
    )


def _iso2_after(row: IncomeRow, economy: LoadedEconomy | None) -> str:
    return economy.iso2 if economy is not None and not _names_follow(row, economy) else row.iso2


def _reclassifies(row: IncomeRow, economy: LoadedEconomy | None) -> bool:
    current = _years(economy).get(row.fiscal_year)
    return current is not None and current != Classification(row.income_group, row.lending_category)


def _group_changes(iso3: str, groups: Mapping[int, str]) -> Iterator[GroupChange]:
    """The changes of income group between consecutive years loaded."""
    ordered = sorted(groups.items())
    for (from_year, old), (to_year, new) in zip(ordered, ordered[1:], strict=False):
        if old != new:
            yield GroupChange(iso3, from_year, to_year, old, new)


def _all_group_changes(groups_by_economy: Mapping[str, Mapping[int, str]]) -> set[GroupChange]:
    return {
        change
        for iso3, groups in groups_by_economy.items()
        for change in _group_changes(iso3, groups)
    }


def _countries_to_recompute(
    rows: list[IncomeRow],
    loaded: Mapping[str, LoadedEconomy],
    *,
    groups_before: Mapping[str, Mapping[int, str]],
    groups_after: Mapping[str, Mapping[int, str]],
    newest_before: int | None,
    newest_after: int,
) -> tuple[str, ...]:
    """The ISO alpha-2 codes of the file's countries whose judged income group moves."""
    countries = {
        _iso2_after(row, loaded.get(row.iso3))
        for row in rows
        if _judged_group(groups_before[row.iso3], newest_before)
        != _judged_group(groups_after[row.iso3], newest_after)
    }
    return tuple(sorted(countries - {""}))


def _judged_group(groups: Mapping[int, str], newest_year: int | None) -> str | None:
    basis = criteria.choose_income_basis(groups.items(), newest_year=newest_year)
    return basis.income_group if basis else None
