"""Planning a load of country income data: pure, judged without the database."""

from certification.income_loads import (
    Classification,
    GroupChange,
    IncomeLoadPlan,
    IncomeRow,
    LoadedEconomy,
    plan_income_load,
)
from certification.models import IncomeGroup

LOW, LOWER_MIDDLE, UPPER_MIDDLE = (
    IncomeGroup.LOW,
    IncomeGroup.LOWER_MIDDLE,
    IncomeGroup.UPPER_MIDDLE,
)
AFRICA = "Sub-Saharan Africa"


def _row(year, group, *, iso3="CPV", iso2="CV", name="Cabo Verde", lending="Blend"):
    return IncomeRow(2, iso3, iso2, name, AFRICA, group, lending, year)


def _loaded(groups_by_year, *, iso2="CV", name="Cabo Verde", lending="Blend"):
    years = {year: Classification(group, lending) for year, group in groups_by_year.items()}
    return LoadedEconomy(iso2, name, AFRICA, years)


def test_a_new_economy_is_created_classified_and_its_country_recomputed():
    row = _row(2026, LOWER_MIDDLE)

    plan = plan_income_load([row], loaded={}, recorded_changes=[], newest_year=2026)

    assert plan == IncomeLoadPlan(
        fiscal_year=2026,
        row_count=1,
        new_economies=(row,),
        new_classifications=(row,),
        recompute_countries=("CV",),
    )
    assert plan.changes_data


def test_a_new_economy_without_a_country_code_has_no_labels_to_recompute():
    row = _row(2026, "", iso3="CHI", iso2="", name="Channel Islands")

    plan = plan_income_load([row], loaded={}, recorded_changes=[], newest_year=None)

    assert plan.new_economies == (row,)
    assert plan.recompute_countries == ()


def test_a_newer_year_renames_an_economy_but_an_older_year_does_not():
    loaded = {"CPV": _loaded({2025: LOWER_MIDDLE}, name="Cape Verde")}

    newer = plan_income_load(
        [_row(2026, LOWER_MIDDLE)], loaded=loaded, recorded_changes=[], newest_year=2025
    )
    older = plan_income_load(
        [_row(2024, LOWER_MIDDLE)], loaded=loaded, recorded_changes=[], newest_year=2025
    )

    assert newer.renamed_economies == (_row(2026, LOWER_MIDDLE),)
    assert newer.recompute_countries == ()
    assert older.renamed_economies == ()
    assert older.new_classifications == (_row(2024, LOWER_MIDDLE),)


def test_a_change_of_income_group_is_recorded_and_the_country_recomputed():
    row = _row(2026, UPPER_MIDDLE)

    plan = plan_income_load(
        [row],
        loaded={"CPV": _loaded({2025: LOWER_MIDDLE})},
        recorded_changes=[],
        newest_year=2025,
    )

    assert plan.new_classifications == (row,)
    assert plan.new_changes == (GroupChange("CPV", 2025, 2026, LOWER_MIDDLE, UPPER_MIDDLE),)
    assert plan.stale_changes == frozenset()
    assert plan.recompute_countries == ("CV",)


def test_a_corrected_year_back_to_the_previous_group_drops_the_recorded_change():
    recorded = GroupChange("CPV", 2025, 2026, LOWER_MIDDLE, UPPER_MIDDLE)
    row = _row(2026, LOWER_MIDDLE)

    plan = plan_income_load(
        [row],
        loaded={"CPV": _loaded({2025: LOWER_MIDDLE, 2026: UPPER_MIDDLE})},
        recorded_changes=[recorded],
        newest_year=2026,
    )

    assert plan.changed_classifications == (row,)
    assert plan.new_classifications == ()
    assert plan.stale_changes == {recorded}
    assert plan.new_changes == ()
    assert plan.recompute_countries == ("CV",)


def test_a_year_loaded_between_two_others_splits_their_change_in_two():
    recorded = GroupChange("CPV", 2024, 2026, LOW, UPPER_MIDDLE)

    plan = plan_income_load(
        [_row(2025, LOWER_MIDDLE, name="Cape Verde")],
        loaded={"CPV": _loaded({2024: LOW, 2026: UPPER_MIDDLE})},
        recorded_changes=[recorded],
        newest_year=2026,
    )

    assert plan.stale_changes == {recorded}
    assert plan.new_changes == (
        GroupChange("CPV", 2024, 2025, LOW, LOWER_MIDDLE),
        GroupChange("CPV", 2025, 2026, LOWER_MIDDLE, UPPER_MIDDLE),
    )
    assert plan.renamed_economies == ()  # the names of FY2026 stay
    assert plan.recompute_countries == ()  # still judged by FY2026


def test_a_country_unclassified_in_the_newest_year_keeps_its_judged_group_and_needs_no_recompute():
    plan = plan_income_load(
        [_row(2026, "", iso3="ETH", iso2="ET", name="Ethiopia", lending="IDA")],
        loaded={"ETH": _loaded({2025: LOW}, iso2="ET", name="Ethiopia", lending="IDA")},
        recorded_changes=[],
        newest_year=2025,
    )

    assert plan.new_changes == (GroupChange("ETH", 2025, 2026, LOW, ""),)
    assert plan.recompute_countries == ()


def test_its_older_classified_year_loaded_later_gives_it_a_group_and_recomputes_it():
    plan = plan_income_load(
        [_row(2025, LOW, iso3="ETH", iso2="ET", name="Ethiopia", lending="IDA")],
        loaded={"ETH": _loaded({2026: ""}, iso2="ET", name="Ethiopia", lending="IDA")},
        recorded_changes=[],
        newest_year=2026,
    )

    assert plan.new_changes == (GroupChange("ETH", 2025, 2026, LOW, ""),)
    assert plan.recompute_countries == ("ET",)


def test_a_new_lending_category_updates_the_classification_only():
    row = _row(2026, LOWER_MIDDLE, lending="IDA")

    plan = plan_income_load(
        [row],
        loaded={"CPV": _loaded({2025: LOWER_MIDDLE, 2026: LOWER_MIDDLE})},
        recorded_changes=[],
        newest_year=2026,
    )

    assert plan.changed_classifications == (row,)
    assert (plan.new_changes, plan.stale_changes, plan.recompute_countries) == ((), set(), ())


def test_the_same_rows_again_plan_nothing_and_leave_other_economies_changes_alone():
    other = GroupChange("NAM", 2025, 2026, UPPER_MIDDLE, LOWER_MIDDLE)

    plan = plan_income_load(
        [_row(2026, UPPER_MIDDLE)],
        loaded={"CPV": _loaded({2025: LOWER_MIDDLE, 2026: UPPER_MIDDLE})},
        recorded_changes=[GroupChange("CPV", 2025, 2026, LOWER_MIDDLE, UPPER_MIDDLE), other],
        newest_year=2026,
    )

    assert plan == IncomeLoadPlan(fiscal_year=2026, row_count=1)
    assert not plan.changes_data
