"""Page weight: the first load of the pages people open most, as production serves them.

Providers work where bandwidth is scarce. Each page, loaded in Chromium with an empty cache,
must come in at most 60 KB on the wire: the HTML, and the CSS, JavaScript, fonts and images
it pulls in, counted as transferred (encoded bodies plus response headers). Static files are
served as in production: collected into a fresh STATIC_ROOT with whitenoise's compressed
manifest storage, served by whitenoise (gzip or brotli, as the browser negotiates), DEBUG off.
No request may leave the site.
"""

from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.test import Client, override_settings
from pytest_django.live_server_helper import LiveServer

from accounts.models import Organization
from demo import marketplace as demo
from marketplace.models import Job, JobStatus

pytestmark = pytest.mark.requires_chromium

BUDGET = 60 * 1024


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """Settings as in production for static files, with the files collected and compressed."""
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=tmp_path_factory.mktemp("staticfiles"),
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture(scope="module")
def production_server(production_static):
    """A live server whose static files come from whitenoise, not from the test helpers.

    The live_server fixture serves static files itself, uncompressed; here every request
    reaches the WSGI application, so whitenoise's middleware answers for /static/.
    """
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@dataclass
class Load:
    url: str
    responses: list[tuple[str, int, str]] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(size for _, size, _ in self.responses)

    def report(self) -> str:
        lines = [f"{self.total:>7,} B  {self.url}"]
        lines += [
            f"{size:>16,} B  {url}{f' ({encoding})' if encoding else ''}"
            for url, size, encoding in self.responses
        ]
        lines += [f"{'off-site':>18}  {url}" for url in self.offsite]
        lines += [f"{'failed':>18}  {url}" for url in self.failed]
        return "\n".join(lines)


def first_load(browser, server, path: str, *, cookies=()) -> Load:
    """Load `path` in a fresh browser context (empty cache) and add up what came over the wire."""
    context = browser.new_context()
    context.add_cookies(list(cookies))
    page = context.new_page()
    load = Load(path)
    finished = []
    site = urlsplit(server.url).netloc
    page.on(
        "request",
        lambda request: urlsplit(request.url).netloc == site or load.offsite.append(request.url),
    )
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: load.failed.append(request.url))
    response = page.goto(server.url + path, wait_until="networkidle")
    assert response.ok, f"{path} answered {response.status}"
    for request in finished:
        sizes = request.sizes()
        headers = request.response().headers
        load.responses.append(
            (
                urlsplit(request.url).path,
                sizes["responseHeadersSize"] + sizes["responseBodySize"],
                headers.get("content-encoding", ""),
            )
        )
    context.close()
    return load


def session_cookie(server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": server.url,
    }


@pytest.mark.django_db(transaction=True)
def test_first_loads_stay_within_60_kb_and_on_the_site(browser, production_server):
    call_command("seed_demo", stdout=StringIO())
    job = (
        Job.objects.filter(status=JobStatus.OPEN, buyer__email=demo.BUYER)
        .annotate(bids_in=Count("bids"))
        .order_by("-bids_in")
        .first()
    )
    provider = Organization.objects.get(memberships__user__email=demo.KAMPALA)
    buyer_cookie = session_cookie(production_server, job.buyer)

    loads = [
        first_load(browser, production_server, "/jobs/"),
        first_load(browser, production_server, job.get_absolute_url()),
        first_load(browser, production_server, f"/jobs/{job.pk}/bids/", cookies=[buyer_cookie]),
        first_load(browser, production_server, f"/providers/{provider.slug}/"),
    ]

    report = "\n".join(load.report() for load in loads)
    print(report)
    assert all(load.total <= BUDGET for load in loads), f"Over {BUDGET:,} B:\n{report}"
    assert not any(load.offsite or load.failed for load in loads), report
    static = [(url, enc) for load in loads for url, _, enc in load.responses if "/static/" in url]
    assert static, report
    assert all(enc in {"gzip", "br"} for _, enc in static), f"Uncompressed static:\n{report}"


CONVERSATION_BUDGET = 40 * 1024


@pytest.mark.django_db(transaction=True)
def test_a_conversation_of_20_messages_loads_within_40_kb_and_on_the_site(
    browser, production_server
):
    from conversations import services as conversation_services
    from tests.factories import BidFactory, JobFactory, MembershipFactory, text_upload

    grace = MembershipFactory(owner=True).user
    job = JobFactory()
    BidFactory(job=job, organization=grace.memberships.get().organization)
    conversation = conversation_services.conversation_start(
        job=job, by=grace, text="Are the recordings in stereo, one speaker per channel?"
    )
    for n in range(19):
        conversation_services.message_post(
            conversation=conversation,
            by=job.buyer if n % 2 else grace,
            text=f"Message {n}: we checked the batch of interviews and the timestamps every "
            "two minutes look right; two speakers overlap in places, which we mark as "
            "[crosstalk]. Details at https://example.com/batches/{n}.",
            uploads=[text_upload(f"batch-{n}.txt")] if n % 5 == 0 else [],
        )
    cookie = session_cookie(production_server, job.buyer)

    load = first_load(browser, production_server, conversation.get_absolute_url(), cookies=[cookie])

    print(load.report())
    assert load.total <= CONVERSATION_BUDGET, load.report()
    assert not load.offsite, load.report()
    assert not load.failed, load.report()
    assert conversation.messages.count() == 20
