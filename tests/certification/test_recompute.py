from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command

from accounts.models import Organization
from certification.models import Label, LabelEvent, LabelStatus
from certification.selectors import incomes as income_selectors
from certification.selectors import labels as label_selectors
from certification.services.labels import label_grant, label_transition
from certification.services.recompute import labels_recompute
from certification.tasks import recompute_labels, recompute_labels_for_countries
from tests.factories import (
    LabelFactory,
    ProviderOrganizationFactory,
    VerifiedFactsFactory,
    load_shipped_incomes,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

END = date(2027, 6, 30)  # the last valid day of the labels below


def _label(**kwargs):
    kwargs.setdefault("valid_from", date(2026, 7, 1))
    kwargs.setdefault("valid_until", END)
    return LabelFactory(**kwargs)


def _granted(country, reviewer):
    label = label_grant(organization=ProviderOrganizationFactory(country=country), by=reviewer)
    VerifiedFactsFactory(label=label)
    return label


def _status(label):
    label.refresh_from_db()
    return label.status


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (END - timedelta(days=31), LabelStatus.ACTIVE),
        (END - timedelta(days=30), LabelStatus.EXPIRING),
        (END, LabelStatus.EXPIRING),
        (END + timedelta(days=1), LabelStatus.EXPIRED),
    ],
)
def test_an_active_label_expires_by_its_dates(incomes, today, expected):
    label = _label()

    labels_recompute(today=today)

    assert _status(label) == expected


def test_an_expiring_label_expires_the_day_after_its_last_day(incomes):
    label = _label(status=LabelStatus.EXPIRING)

    labels_recompute(today=END)
    assert _status(label) == LabelStatus.EXPIRING
    labels_recompute(today=END + timedelta(days=1))

    assert _status(label) == LabelStatus.EXPIRED
    event = label.events.get()
    assert event.reason == "The label's validity ended on 30 June 2027."
    assert event.actor_task == "certification.tasks.recompute_labels"


def test_moving_the_clock_past_the_end_and_running_the_task_expires_the_label(
    incomes, time_machine
):
    label = _label()
    time_machine.move_to(datetime(2027, 7, 1, 3, 0, tzinfo=UTC), tick=False)

    recompute_labels()

    assert _status(label) == LabelStatus.EXPIRED
    organization = Organization.objects.filter(pk=label.organization_id)
    assert label_selectors.annotate_label(organization).get().label_status == LabelStatus.EXPIRED


def test_a_suspended_label_expires_at_its_end(incomes):
    label = _label(status=LabelStatus.SUSPENDED, auto_suspended=False)

    labels_recompute(today=END + timedelta(days=1))

    assert _status(label) == LabelStatus.EXPIRED


def test_past_labels_are_left_alone_and_last_checked_is_stamped(incomes):
    expired = _label(status=LabelStatus.EXPIRED)
    revoked = _label(status=LabelStatus.REVOKED)
    active = _label()

    summary = labels_recompute(today=date(2026, 8, 1))

    assert summary.checked == 1
    active.refresh_from_db()
    expired.refresh_from_db()
    assert active.last_checked_at is not None
    assert expired.last_checked_at is None
    assert _status(revoked) == LabelStatus.REVOKED


# --- Computed criteria ------------------------------------------------------------------------


def test_a_label_whose_criterion_fails_is_suspended_with_the_explanation(incomes):
    label = _label(organization=ProviderOrganizationFactory(employee_count=251))

    labels_recompute(today=date(2026, 8, 1))

    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED
    assert label.auto_suspended
    assert label.status_reason == (
        "A criterion no longer holds: "
        "The organization has 251 employees, more than the limit of 250."
    )


def test_a_profile_edit_lifts_no_suspension_by_the_check(incomes):
    organization = ProviderOrganizationFactory(employee_count=251)
    label = _label(organization=organization)
    labels_recompute(today=date(2026, 8, 1))
    organization.employee_count = 250
    organization.save()

    labels_recompute(today=date(2026, 8, 2))

    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED  # the verified head count is still 251
    assert [(e.from_status, e.to_status) for e in label.events.all()] == [("active", "suspended")]


def test_a_suspension_lifted_near_the_end_makes_the_label_expiring(incomes):
    label = _label(status=LabelStatus.SUSPENDED, auto_suspended=True)

    labels_recompute(today=END - timedelta(days=10))

    assert _status(label) == LabelStatus.EXPIRING


def test_a_suspension_by_a_person_is_not_lifted_by_the_check(incomes, reviewer):
    label = _label()
    label_transition(label=label, to=LabelStatus.SUSPENDED, reason="Concern upheld.", by=reviewer)

    summary = labels_recompute(today=date(2026, 8, 1))

    assert summary.changed == 0
    assert _status(label) == LabelStatus.SUSPENDED


def test_an_expiring_label_whose_end_moved_away_is_active_again(incomes):
    label = _label(status=LabelStatus.EXPIRING)

    labels_recompute(today=date(2026, 8, 1))

    assert _status(label) == LabelStatus.ACTIVE


def test_without_country_data_only_dates_are_judged():
    in_time = _label()
    ended = _label(organization=ProviderOrganizationFactory(), valid_until=date(2026, 7, 31))

    summary = labels_recompute(today=date(2026, 8, 1))

    assert summary.income_data_missing
    assert _status(in_time) == LabelStatus.ACTIVE
    assert _status(ended) == LabelStatus.EXPIRED
    assert "only dates were judged" in str(summary)


# --- A new World Bank year --------------------------------------------------------------------


def test_loading_fy2026_after_fy2025_puts_cabo_verde_and_samoa_in_transition(
    incomes_fy2025, reviewer, django_capture_on_commit_callbacks
):
    cabo_verde = _granted("CV", reviewer)
    samoa = _granted("WS", reviewer)
    kenya = _granted("KE", reviewer)
    ethiopia = _granted("ET", reviewer)
    namibian = ProviderOrganizationFactory(country="NA")
    assert "Namibia is an upper-middle-income economy" in str(
        [r.explanation for r in income_selectors.computed_criteria_for(namibian)]
    )

    with django_capture_on_commit_callbacks(execute=True):
        load_shipped_incomes(2026)

    assert _status(cabo_verde) == LabelStatus.TRANSITION
    assert _status(samoa) == LabelStatus.TRANSITION
    assert cabo_verde.status_reason.startswith(
        "Cabo Verde is an upper-middle-income economy (World Bank, FY2026). The country left "
        "the economies the label is for; this says nothing against the organization"
    )
    assert samoa.events.last().actor_task == ("certification.tasks.recompute_labels_for_countries")
    assert _status(kenya) == LabelStatus.ACTIVE
    assert _status(ethiopia) == LabelStatus.ACTIVE
    namibia_label = label_grant(organization=namibian, by=reviewer)
    assert namibia_label.status == LabelStatus.ACTIVE


def test_a_namibian_label_in_transition_under_fy2025_is_active_again_after_fy2026(
    incomes_fy2025,
):
    label = _label(organization=ProviderOrganizationFactory(country="NA"))
    labels_recompute(today=date(2026, 8, 1))
    assert _status(label) == LabelStatus.TRANSITION

    load_shipped_incomes(2026)
    recompute_labels_for_countries(["NA"])

    assert _status(label) == LabelStatus.ACTIVE


def test_the_country_task_only_touches_those_countries(incomes):
    in_costa_rica = _label(organization=ProviderOrganizationFactory(country="CR"))
    in_samoa = _label(organization=ProviderOrganizationFactory(country="WS"))

    recompute_labels_for_countries(["WS"])

    assert _status(in_samoa) == LabelStatus.TRANSITION
    assert _status(in_costa_rica) == LabelStatus.ACTIVE


# --- Idempotency and batching -----------------------------------------------------------------


def _mixed_labels(count):
    countries = ["UG", "CV", "KE", "WS", "NA"]
    return [
        _label(organization=ProviderOrganizationFactory(country=countries[i % len(countries)]))
        for i in range(count)
    ]


def test_a_second_run_changes_nothing(incomes):
    _mixed_labels(10)
    first = labels_recompute(today=END - timedelta(days=5))
    events = LabelEvent.objects.count()

    second = labels_recompute(today=END - timedelta(days=5))

    assert first.changed == 10
    assert second.changed == 0
    assert second.checked == 10
    assert LabelEvent.objects.count() == events


def test_small_batches_process_every_label(incomes):
    labels = _mixed_labels(7)

    summary = labels_recompute(today=date(2026, 8, 1), batch_size=2)

    assert summary.checked == 7
    assert summary.moves == {("active", "transition"): 3}  # Cabo Verde, Samoa, Cabo Verde
    assert {_status(label) for label in labels} == {LabelStatus.ACTIVE, LabelStatus.TRANSITION}


@pytest.mark.parametrize("today", [date(2026, 8, 1), END - timedelta(days=5)])
def test_the_number_of_queries_does_not_grow_with_the_number_of_labels(incomes, today):
    _mixed_labels(5)
    five = count_queries(lambda: labels_recompute(today=today))
    Label.objects.update(status=LabelStatus.ACTIVE, auto_suspended=False)
    _mixed_labels(45)

    fifty = count_queries(lambda: labels_recompute(today=today))

    assert fifty == five


def test_the_number_of_queries_is_the_same_when_nothing_changes(incomes):
    _mixed_labels(5)
    labels_recompute(today=date(2026, 8, 1))
    five = count_queries(lambda: labels_recompute(today=date(2026, 8, 1)))
    _mixed_labels(45)
    labels_recompute(today=date(2026, 8, 1))

    fifty = count_queries(lambda: labels_recompute(today=date(2026, 8, 1)))

    assert fifty == five


# --- Entry points -----------------------------------------------------------------------------


def test_the_nightly_task_is_scheduled():
    from django.conf import settings

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "certification.tasks.recompute_labels" in scheduled


def test_the_command_recomputes_as_of_a_date_and_prints_a_summary(incomes, capsys):
    label = _label()

    call_command("recompute_labels", "--today", "2027-07-01")

    assert _status(label) == LabelStatus.EXPIRED
    assert "Checked 1 labels; 1 changed: active → expired 1." in capsys.readouterr().out
    assert label.events.get().actor_task == "manage.py recompute_labels"
