import csv
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from kombu.exceptions import OperationalError

from certification.income_loads import INCOME_FILE_COLUMNS
from certification.models import (
    CountryIncomeLoad,
    Economy,
    IncomeClassification,
    IncomeGroup,
    IncomeGroupChange,
)
from certification.selectors import incomes as income_selectors
from certification.services.incomes import country_incomes_load
from core.exceptions import ApplicationError
from tests.factories import INCOME_FILES, load_shipped_incomes

pytestmark = pytest.mark.django_db


def _rows(**overrides):
    """One valid row of a classification file, with some values replaced."""
    row = {
        "iso3": "KEN",
        "iso2": "KE",
        "name": "Kenya",
        "region": "Sub-Saharan Africa",
        "income_group": "Lower middle income",
        "lending_category": "Blend",
        "fiscal_year": "FY2026",
    }
    row.update(overrides)
    return row


def _table_state():
    return (
        sorted(Economy.objects.values_list("iso3", "iso2", "name", "region")),
        sorted(
            IncomeClassification.objects.values_list(
                "economy__iso3", "fiscal_year", "income_group", "lending_category"
            )
        ),
        sorted(IncomeGroupChange.objects.values_list("pk", flat=True)),
        CountryIncomeLoad.objects.count(),
    )


# --- Loading the shipped files ----------------------------------------------------------------


def test_the_shipped_fy2026_file_loads_218_economies_with_the_readme_counts():
    (result,) = load_shipped_incomes(2026)

    assert result.fiscal_year == 2026
    assert result.row_count == 218
    assert result.classifications_created == 218
    groups = IncomeClassification.objects.filter(fiscal_year=2026)
    assert groups.filter(income_group=IncomeGroup.HIGH).count() == 87
    assert groups.filter(income_group=IncomeGroup.UPPER_MIDDLE).count() == 54
    assert groups.filter(income_group=IncomeGroup.LOWER_MIDDLE).count() == 50
    assert groups.filter(income_group=IncomeGroup.LOW).count() == 25
    assert set(groups.filter(income_group="").values_list("economy__iso3", flat=True)) == {
        "ETH",
        "VEN",
    }
    channel_islands = Economy.objects.get(iso3="CHI")
    assert channel_islands.iso2 == ""


def test_loading_fy2025_then_fy2026_records_exactly_the_five_income_group_changes():
    first, second = load_shipped_incomes(2025, 2026)

    assert first.changes == ()
    changes = {
        (c.economy.iso3, c.from_year, c.to_year, c.old_group, c.new_group)
        for c in IncomeGroupChange.objects.select_related("economy")
    }
    assert changes == {
        ("CRI", 2025, 2026, IncomeGroup.UPPER_MIDDLE, IncomeGroup.HIGH),
        ("CPV", 2025, 2026, IncomeGroup.LOWER_MIDDLE, IncomeGroup.UPPER_MIDDLE),
        ("WSM", 2025, 2026, IncomeGroup.LOWER_MIDDLE, IncomeGroup.UPPER_MIDDLE),
        ("NAM", 2025, 2026, IncomeGroup.UPPER_MIDDLE, IncomeGroup.LOWER_MIDDLE),
        ("ETH", 2025, 2026, IncomeGroup.LOW, ""),
    }
    assert len(second.changes) == 5
    # Ethiopia is still judged as low income (by FY2025), so its labels need no recompute.
    assert second.recompute_countries == ("CR", "CV", "NA", "WS")


def test_both_years_stay_loaded_and_names_and_regions_follow_the_newest():
    load_shipped_incomes(2025, 2026)

    assert IncomeClassification.objects.count() == 2 * 218
    afghanistan = Economy.objects.get(iso3="AFG")
    assert afghanistan.region == "Middle East, North Africa, Afghanistan & Pakistan"


def test_loading_an_older_year_after_a_newer_one_keeps_the_newest_names_and_same_changes():
    load_shipped_incomes(2026)
    (older,) = load_shipped_incomes(2025)

    assert Economy.objects.get(iso3="AFG").region.startswith("Middle East")
    assert IncomeGroupChange.objects.count() == 5
    # Ethiopia, unclassified in FY2026, is now judged by FY2025 (low income).
    assert "ET" in older.recompute_countries
    assert "CV" not in older.recompute_countries


def test_loading_the_same_files_twice_changes_nothing_and_records_no_new_change():
    load_shipped_incomes(2025, 2026)
    before = _table_state()

    again = load_shipped_incomes(2025, 2026)

    assert _table_state() == before
    assert [result.changed for result in again] == [False, False]
    assert all(result.recompute_countries == () for result in again)
    assert "nothing changed" in again[1].summary()


def test_a_corrected_file_updates_its_year_and_replaces_the_recorded_change():
    load_shipped_incomes(2025)
    cabo_verde = {"iso3": "CPV", "iso2": "CV", "name": "Cabo Verde"}
    country_incomes_load(rows=[_rows(**cabo_verde, income_group="Upper middle income")])
    assert IncomeGroupChange.objects.get().new_group == IncomeGroup.UPPER_MIDDLE

    result = country_incomes_load(rows=[_rows(**cabo_verde, income_group="Low income")])

    assert result.classifications_updated == 1
    change = IncomeGroupChange.objects.get()
    assert (change.old_group, change.new_group) == (IncomeGroup.LOWER_MIDDLE, IncomeGroup.LOW)
    assert IncomeClassification.objects.get(economy__iso3="CPV", fiscal_year=2026).income_group == (
        IncomeGroup.LOW
    )


def test_each_load_that_changes_something_is_recorded():
    load_shipped_incomes(2025, 2026)
    load_shipped_incomes(2026)

    loads = CountryIncomeLoad.objects.order_by("loaded_at", "pk")
    assert [(load.fiscal_year, load.source) for load in loads] == [
        (2025, "country_income_groups_fy2025.csv"),
        (2026, "country_income_groups.csv"),
    ]
    assert loads[1].income_group_changes == 5
    assert loads[1].classifications_created == 218


# --- Refusing bad files -----------------------------------------------------------------------


def _write(tmp_path, lines):
    path = tmp_path / "incomes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = ",".join(INCOME_FILE_COLUMNS)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("UGA,UG,Uganda,Sub-Saharan Africa,Middle income,IDA,FY2026", "unknown income group"),
        ("UGA,UG,Uganda,Sub-Saharan Africa,Low income,World,FY2026", "unknown lending category"),
        ("UGA,UG,Uganda,Sub-Saharan Africa,Low income,IDA,2026-27", "not a fiscal year"),
        ("UGA,UG,Uganda,Sub-Saharan Africa,Low income,IDA,FY2025", "differs from FY2026"),
        ("UG,UG,Uganda,Sub-Saharan Africa,Low income,IDA,FY2026", "three-letter"),
        ("UGA,U1,Uganda,Sub-Saharan Africa,Low income,IDA,FY2026", "two-letter"),
        ("UGA,UG,,Sub-Saharan Africa,Low income,IDA,FY2026", "no name"),
        ("UGA,UG,Uganda,Sub-Saharan Africa,Low income,IDA", "fields"),
        ("UGA,UG,Uganda,Sub-Saharan Africa,Low income,IDA,FY2026,extra", "fields"),
        ("KEN,XX,Kenya again,Sub-Saharan Africa,Low income,IDA,FY2026", "KEN already appears"),
    ],
)
def test_a_bad_row_is_refused_naming_its_line_and_nothing_is_loaded(tmp_path, bad_line, message):
    path = _write(
        tmp_path,
        [HEADER, "KEN,KE,Kenya,Sub-Saharan Africa,Lower middle income,Blend,FY2026", bad_line],
    )

    with pytest.raises(ApplicationError) as error:
        country_incomes_load(path=path)

    assert "incomes.csv, line 3:" in error.value.message
    assert message in error.value.message
    assert Economy.objects.count() == 0
    assert IncomeClassification.objects.count() == 0


def test_a_missing_column_is_named():
    path_rows = [{k: v for k, v in _rows().items() if k != "region"}]

    with pytest.raises(ApplicationError, match="lacks the column region"):
        country_incomes_load(rows=path_rows)


def test_a_file_without_rows_or_missing_is_refused(tmp_path):
    with pytest.raises(ApplicationError, match="no rows"):
        country_incomes_load(path=_write(tmp_path, [HEADER]))
    with pytest.raises(ApplicationError, match="no such file"):
        country_incomes_load(path=tmp_path / "absent.csv")


def test_a_bad_row_in_the_second_half_leaves_earlier_data_untouched():
    load_shipped_incomes(2025)
    before = _table_state()
    with open(INCOME_FILES[2026], encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    rows[150]["income_group"] = "Rich"

    with pytest.raises(ApplicationError, match="line 152"):
        country_incomes_load(rows=rows)

    assert _table_state() == before


# --- Scheduling the recompute ---------------------------------------------------------------


def test_loading_a_newer_year_queues_the_recompute_of_the_changed_countries_after_commit(
    incomes_fy2025, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "certification.tasks.recompute_labels_for_countries.apply_async",
        lambda args, **options: queued.append(*args),
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load_shipped_incomes(2026)

    assert len(callbacks) == 1
    assert queued == [["CR", "CV", "NA", "WS"]]


def test_a_broker_that_is_down_does_not_undo_a_load(
    incomes_fy2025, django_capture_on_commit_callbacks, monkeypatch
):
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    monkeypatch.setattr(
        "certification.tasks.recompute_labels_for_countries.apply_async",
        mock.Mock(side_effect=refused),
    )

    with django_capture_on_commit_callbacks(execute=True):
        [result] = load_shipped_incomes(2026)

    assert result.recompute_countries  # the nightly recompute covers them
    assert IncomeClassification.objects.filter(fiscal_year=2026).exists()


def test_loading_the_same_year_again_queues_nothing(incomes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        load_shipped_incomes(2026)

    assert callbacks == []


# --- Judging a country ------------------------------------------------------------------------


def test_a_country_is_judged_by_the_newest_year(incomes):
    kenya = income_selectors.country_income("KE")

    assert kenya.economy_name == "Kenya"
    assert kenya.basis.income_group == IncomeGroup.LOWER_MIDDLE
    assert kenya.basis.fiscal_year == 2026
    assert not kenya.basis.is_fallback


def test_a_country_unclassified_in_the_newest_year_is_judged_by_its_latest_classified_year(
    incomes,
):
    ethiopia = income_selectors.country_income("ET")

    assert ethiopia.basis.income_group == IncomeGroup.LOW
    assert ethiopia.basis.fiscal_year == 2025
    assert ethiopia.basis.newest_fiscal_year == 2026
    assert ethiopia.basis.is_fallback


def test_a_country_never_classified_is_unclassified_and_one_without_data_is_none(incomes):
    venezuela = income_selectors.country_income("VE")

    assert venezuela.basis.income_group == ""
    assert not venezuela.basis.is_classified
    assert income_selectors.country_income("AQ") is None


def test_nothing_is_judged_before_any_load():
    assert income_selectors.country_income("KE") is None
    assert income_selectors.newest_fiscal_year() is None


# --- Management command -----------------------------------------------------------------------


def test_the_command_loads_files_in_order_and_prints_what_changed(capsys):
    call_command("load_country_incomes", str(INCOME_FILES[2025]), str(INCOME_FILES[2026]))

    output = capsys.readouterr().out
    assert "FY2025" in output
    assert "5 income group changes" in output
    assert "Cabo Verde: Lower middle income (FY2025) → Upper middle income (FY2026)" in output
    assert "Labels to recompute in: CR, CV, NA, WS." in output


def test_the_command_reports_a_bad_file_as_a_command_error(tmp_path):
    path = _write(tmp_path, ["iso3,name", "KEN,Kenya"])

    with pytest.raises(CommandError, match="lacks the columns"):
        call_command("load_country_incomes", str(path))
