"""The benchmark's smoke run: a tiny marketplace seeded the way `make bench` seeds it, and
every page the benchmark measures asked for by the person the benchmark asks as, answering
200 with its own content (the job's title, the firm's name, the label's code)."""

import random

import pytest

from bench import targets as bench_targets
from bench.run import count_queries
from bench.seed import Seeder
from marketplace.models import Bid, Job, JobStatus

pytestmark = [pytest.mark.django_db, pytest.mark.requires_postgres]

TINY = 0.002
EVERY_TARGET = {
    "baseline",
    "job_list",
    "job_list_signed_in",
    "job_list_search",
    "job_list_filters",
    "job_detail",
    "bid_comparison",
    "dashboard_buyer",
    "dashboard_provider",
    "directory",
    "directory_label",
    "directory_search",
    "provider_profile",
    "label_register",
    "label_page",
    "badge",
    "api_job_list",
    "conversation",
}


def test_every_page_of_the_benchmark_answers_with_its_own_content(settings):
    settings.ROOT_URLCONF = "bench.urls"
    Seeder(TINY).run()
    assert set(Job.objects.values_list("status", flat=True)) == set(JobStatus.values)
    assert Bid.objects.count() >= 1000
    assert not Job.objects.filter(search_document=None).exists()

    targets = bench_targets.build(rng=random.Random(1), size=12)
    assert {target.name for target in targets} == EVERY_TARGET
    sessions = bench_targets.Sessions()
    for target in targets:
        count_queries(target, sessions, sample=12)
