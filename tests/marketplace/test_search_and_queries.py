from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from marketplace import selectors
from marketplace.services.jobs import job_create
from tests.factories import BidFactory, JobFactory, MembershipFactory, ProviderOrganizationFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _post(buyer, title, description, skills="", **extra):
    return job_create(
        buyer=buyer,
        publish=True,
        title=title,
        description=description,
        category=extra.get("category", "translation"),
        skills=skills,
        budget_type="fixed",
        budget_min=extra.get("budget", Decimal("500")),
        currency=extra.get("currency", "USD"),
        bid_deadline=timezone.now() + timedelta(days=extra.get("days", 5)),
        delivery_date=(timezone.now() + timedelta(days=30)).date(),
    )


def _titles(jobs):
    return [job.title for job in jobs]


def test_search_finds_words_in_title_description_and_skills(buyer):
    _post(buyer, "French manual", "Translate a pump manual.", skills="French")
    _post(buyer, "Logo design", "A logo for a bakery.", skills="Illustrator")

    assert _titles(selectors.job_list(user=buyer, q="pump")) == ["French manual"]
    assert _titles(selectors.job_list(user=buyer, q="illustrator")) == ["Logo design"]
    assert _titles(selectors.job_list(user=buyer, q="bakery logo")) == ["Logo design"]


@pytest.mark.requires_postgres
def test_full_text_search_matches_word_forms_and_uses_the_gin_index(buyer):
    _post(buyer, "Manual translation", "Translating a manual into French.")
    _post(buyer, "Logo design", "A logo for a bakery.")

    assert _titles(selectors.job_list(user=buyer, q="translate")) == ["Manual translation"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = "
            "'marketplace_job_search_document_gin'"
        )
        assert "USING gin (search_document)" in cursor.fetchone()[0]


def test_filters_and_sorts(buyer):
    _post(buyer, "Cheap", "x", budget=Decimal("100"), days=9)
    _post(buyer, "Dear", "x", budget=Decimal("900"), days=3, currency="EUR")
    _post(buyer, "Mid", "x", budget=Decimal("500"), days=6, category="design")

    assert _titles(selectors.job_list(user=buyer, sort="budget_high")) == ["Dear", "Mid", "Cheap"]
    assert _titles(selectors.job_list(user=buyer, sort="deadline")) == ["Dear", "Mid", "Cheap"]
    assert _titles(selectors.job_list(user=buyer, currency="EUR")) == ["Dear"]
    assert _titles(selectors.job_list(user=buyer, category="design")) == ["Mid"]
    assert _titles(
        selectors.job_list(user=buyer, budget_from=Decimal("200"), budget_to=Decimal("600"))
    ) == ["Mid"]


def test_certified_only_bids_leave_out_providers_without_the_label(job):
    BidFactory(job=job)
    BidFactory(job=job)

    assert selectors.bids_for_comparison(job=job).count() == 2
    # Nobody carries the label yet, so no bid is from a certified provider.
    assert not selectors.bids_for_comparison(job=job, certified_only=True).exists()


def test_closed_and_past_deadline_jobs_are_not_listed(buyer):
    JobFactory(buyer=buyer, title="Past", past_deadline=True)
    JobFactory(buyer=buyer, title="Done", status="completed")
    JobFactory(buyer=buyer, title="Live")

    assert _titles(selectors.job_list(user=buyer)) == ["Live"]


def test_bad_filter_input_is_explained_not_a_crash(client):
    response = client.get(reverse("marketplace:job_list"), {"budget_from": "lots", "sort": "evil"})

    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()


def _same_queries_for_5_and_50(load, grow):
    grow(5)
    five = count_queries(load)
    grow(45)
    assert count_queries(load) == five


def test_job_list_queries_do_not_grow(client, buyer):
    def load():
        assert client.get(reverse("marketplace:job_list")).status_code == 200

    _same_queries_for_5_and_50(load, lambda n: BidFactory.create_batch(n, job=JobFactory()))
    _same_queries_for_5_and_50(load, lambda n: JobFactory.create_batch(n))


def test_bid_comparison_queries_do_not_grow(client, job):
    client.force_login(job.buyer)

    def load():
        assert client.get(reverse("marketplace:bid_comparison", args=[job.pk])).status_code == 200

    _same_queries_for_5_and_50(load, lambda n: BidFactory.create_batch(n, job=job))


def test_buyer_dashboard_queries_do_not_grow(client, job):
    client.force_login(job.buyer)

    def load():
        assert client.get(reverse("home")).status_code == 200

    def grow(n):
        for _ in range(n):
            BidFactory(job=JobFactory(buyer=job.buyer))

    _same_queries_for_5_and_50(load, grow)


def test_provider_dashboard_queries_do_not_grow(client, provider_owner):
    organization = provider_owner.memberships.get().organization
    client.force_login(provider_owner)

    def load():
        assert client.get(reverse("home")).status_code == 200

    _same_queries_for_5_and_50(
        load, lambda n: BidFactory.create_batch(n, organization=organization)
    )


def test_directory_queries_do_not_grow(client):
    def load():
        assert client.get(reverse("marketplace:provider_directory")).status_code == 200

    def grow(n):
        for organization in ProviderOrganizationFactory.create_batch(n):
            MembershipFactory(organization=organization, owner=True)

    _same_queries_for_5_and_50(load, grow)
