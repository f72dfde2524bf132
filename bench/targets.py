"""What the benchmark requests: for each page, a spread of URLs (ids, pages, terms, users)
read from the seeded database, each with the session cookie of the person who asks.

A target's `share` is its goal as a share of the trivial view's throughput (None: no goal).
Each request names the text its answer must contain (the job's title, the firm's name, the
label's code, or what every page of a list shows), so that a fast error page, or another
person's page, cannot pass for the page asked for.
"""

import random
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count, Q
from django.utils.html import escape

from accounts.models import Membership, OrganizationKind, User
from certification.models import CURRENT_STATUSES, Label, LabelStatus
from conversations.models import Conversation
from marketplace import selectors
from marketplace.models import BidStatus, Category, Currency, Job, JobStatus, Visibility

URLS_PER_TARGET = 400
SEARCH_TERMS = 300


@dataclass
class Target:
    name: str
    title: str
    share: float | None
    expect: str  # for requests that name nothing more particular
    requests: list[tuple] = field(default_factory=list)  # (path, user id[, expected text])

    def checks(self):
        """(path, user id, expected text) of each request."""
        for path, user_id, *expect in self.requests:
            yield path, user_id, expect[0] if expect else self.expect


class Sessions:
    """One signed-in session per user, created directly in the session store."""

    def __init__(self):
        self.store = import_module(settings.SESSION_ENGINE).SessionStore
        self.keys: dict[int, str] = {}

    def cookie(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        if user_id not in self.keys:
            user = User.objects.get(pk=user_id)
            session = self.store()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            self.keys[user_id] = session.session_key
        return f"{settings.SESSION_COOKIE_NAME}={self.keys[user_id]}"


def _pages(count: int, per_page: int = 20, most: int = 50) -> list[int]:
    return list(range(1, max(min((count + per_page - 1) // per_page, most), 1) + 1))


def _query(path: str, **params) -> str:
    params = {key: value for key, value in params.items() if value not in ("", None)}
    return f"{path}?{urlencode(params)}" if params else path


class Catalog:
    """Reads the ids, users and terms the targets spread over."""

    def __init__(self, *, rng: random.Random, size: int):
        self.rng = rng
        self.size = size
        self.search_terms = self._search_terms()
        # Who each signed-in person is on their dashboard: a firm's name, a buyer's own.
        self.provider_names = dict(
            Membership.objects.filter(organization__kind=OrganizationKind.PROVIDER).values_list(
                "user_id", "organization__name"
            )[:2000]
        )
        self.providers = list(self.provider_names)
        buyer_ids = Job.objects.values_list("buyer_id", flat=True).distinct().order_by("buyer_id")
        self.buyer_names = {
            user.pk: user.display_name for user in User.objects.filter(pk__in=buyer_ids[:2000])
        }
        self.buyers = list(self.buyer_names)
        self.open_jobs = Job.objects.filter(
            status=JobStatus.OPEN, visibility=Visibility.PUBLIC
        ).count()

    def _search_terms(self) -> list[str]:
        """Words of the job titles, so that searches find something (and sometimes much)."""
        titles = Job.objects.values_list("title", flat=True)[:5000]
        words = sorted({w.strip(",.").lower() for t in titles for w in t.split() if len(w) > 4})
        return self.rng.sample(words, min(SEARCH_TERMS, len(words)))

    def pick(self, items, count=None):
        items = list(items)
        return self.rng.sample(items, min(count or self.size, len(items)))

    def spread(self, paths, users=(None,)):
        users = list(users) or [None]
        return [(path, self.rng.choice(users)) for path in self.pick(paths)]


def _job_lists(catalog: Catalog) -> list[Target]:
    pages = _pages(catalog.open_jobs)
    sorts = ["newest", "budget_high", "budget_low", "deadline"]
    plain = [_query("/jobs/", page=page) for page in pages]
    searches = [_query("/jobs/", q=term) for term in catalog.search_terms]
    filters = [
        _query(
            "/jobs/",
            category=category,
            currency=currency,
            sort=sort,
            budget_from=budget,
            page=page,
        )
        for category in ["", *Category.values]
        for currency in ["", *Currency.values[:4]]
        for sort in sorts
        for budget in ["", "500"]
        for page in (1, 2)
    ]
    expect = "/jobs/"
    return [
        Target("job_list", "Job list, anonymous", 0.15, expect, catalog.spread(plain)),
        Target(
            "job_list_signed_in",
            "Job list, signed-in provider",
            0.15,
            expect,
            catalog.spread(plain, catalog.providers),
        ),
        Target("job_list_search", "Job list, search terms", 0.15, expect, catalog.spread(searches)),
        Target(
            "job_list_filters", "Job list, filters and sorts", 0.15, expect, catalog.spread(filters)
        ),
    ]


def _job_pages(catalog: Catalog) -> list[Target]:
    public = Job.objects.filter(visibility=Visibility.PUBLIC).exclude(status=JobStatus.DRAFT)
    jobs = catalog.pick(public.values_list("pk", "title")[: catalog.size * 20])
    crowded = (
        Job.objects.annotate(live=Count("bids", filter=~Q(bids__status=BidStatus.WITHDRAWN)))
        .filter(live__gte=50)
        .values_list("pk", "buyer_id", "title")[: catalog.size]
    )
    anyone = [None, *catalog.providers[:50]]
    return [
        Target(
            "job_detail",
            "Job detail",
            0.15,
            "<h1",
            [(f"/jobs/{pk}/", catalog.rng.choice(anyone), escape(title)) for pk, title in jobs],
        ),
        Target(
            "bid_comparison",
            "Bid comparison (50+ bids), as the buyer",
            0.08,
            "<h1",
            [(f"/jobs/{pk}/bids/", buyer, escape(title)) for pk, buyer, title in crowded],
        ),
    ]


def _dashboards(catalog: Catalog) -> list[Target]:
    return [
        Target(
            "dashboard_buyer",
            "Buyer dashboard",
            0.08,
            "<h1",
            [
                (_query("/", n=i), user, escape(catalog.buyer_names[user]))
                for i, user in enumerate(catalog.pick(catalog.buyers))
            ],
        ),
        Target(
            "dashboard_provider",
            "Provider dashboard",
            0.08,
            "<h1",
            [
                (_query("/", n=i), user, escape(catalog.provider_names[user]))
                for i, user in enumerate(catalog.pick(catalog.providers))
            ],
        ),
    ]


def _directory(catalog: Catalog) -> list[Target]:
    providers = Membership.objects.filter(organization__kind=OrganizationKind.PROVIDER).count()
    plain = [_query("/providers/", page=page) for page in _pages(providers)]
    labels = [
        _query("/providers/", label=label, page=page)
        for label in ["certified", "suspended", "expired", "revoked", "none"]
        for page in range(1, 6)
    ]
    countries = [code for code, _ in selectors.provider_countries()]
    searched = [
        _query("/providers/", country=country, category=category, min_rating=rating)
        for country in countries
        for category in ["", *Category.values]
        for rating in ["", "4"]
    ]
    profiles = catalog.pick(
        Membership.objects.filter(organization__kind=OrganizationKind.PROVIDER).values_list(
            "organization__slug", "organization__name"
        )
    )
    return [
        Target("directory", "Provider directory", 0.15, "/providers/", catalog.spread(plain)),
        Target(
            "directory_label",
            "Provider directory, label filter",
            0.15,
            "/providers/",
            catalog.spread(labels),
        ),
        Target(
            "directory_search",
            "Provider directory, country/category/rating",
            0.15,
            "/providers/",
            catalog.spread(searched),
        ),
        Target(
            "provider_profile",
            "Provider profile",
            0.15,
            "<h1",
            [(f"/providers/{slug}/", None, escape(name)) for slug, name in profiles],
        ),
    ]


def _labels(catalog: Catalog) -> list[Target]:
    in_register = Label.objects.exclude(status=LabelStatus.EXPIRED).count()
    register = [_query("/labels/", page=page) for page in _pages(in_register, 50)]
    register += [_query("/labels/", status="certified", page=page) for page in range(1, 6)]
    register += [_query("/labels/", q=term) for term in ("uganda", "kenya", "ltd", "group", "and")]
    codes = catalog.pick(
        Label.objects.filter(status__in=sorted(CURRENT_STATUSES)).values_list("code", flat=True)[
            : catalog.size * 5
        ]
    )
    return [
        Target("label_register", "Label register", 0.15, "/labels/", catalog.spread(register)),
        Target("label_page", "Label page", 0.15, "", [(f"/labels/{c}/", None, c) for c in codes]),
        Target(
            "badge",
            "Label badge.svg",
            0.50,
            "<svg",
            [(f"/labels/{c}/badge.svg", None) for c in codes],
        ),
    ]


def _api_and_conversations(catalog: Catalog) -> list[Target]:
    pages = _pages(catalog.open_jobs)
    api = [_query("/api/v1/jobs/", page=page) for page in pages]
    api += [_query("/api/v1/jobs/", category=c, page=1) for c in Category.values]
    conversations = catalog.pick(
        Conversation.objects.values_list("pk", "job__buyer_id", "job__title")[: catalog.size * 5]
    )
    return [
        Target("api_job_list", "API job list", 0.15, '"results"', catalog.spread(api)),
        Target(
            "conversation",
            "A conversation, as the buyer",
            0.15,
            "<h1",
            [(f"/conversations/{pk}/", buyer, escape(title)) for pk, buyer, title in conversations],
        ),
    ]


def build(*, rng: random.Random, size: int = URLS_PER_TARGET) -> list[Target]:
    catalog = Catalog(rng=rng, size=size)
    baseline = Target(
        "baseline",
        "Trivial view (same middleware)",
        None,
        "ok",
        [(f"/bench/trivial/?n={n}", None) for n in range(size)],
    )
    targets = [baseline]
    for group in (_job_lists, _job_pages, _dashboards, _directory, _labels):
        targets += group(catalog)
    targets += _api_and_conversations(catalog)
    return [target for target in targets if target.requests]
