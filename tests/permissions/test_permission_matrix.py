"""Every URL of the web UI and the API answers each role as tests/permissions/matrix.py says,
and no answer shows anything of another party. See matrix.py for how to add an entry."""

import os

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.matrix import ADMIN_NAMESPACE, MATRIX, answers_row, unpack
from tests.permissions.world import (
    MARKERS,
    ROLES,
    SHOWN_TO_WHOEVER_HOLDS_THE_LINK,
    build_world,
)

pytestmark = pytest.mark.django_db
PRINT_OBSERVED = os.environ.get("PERMISSION_MATRIX_PRINT") == "1"


def url_patterns(patterns=None, namespace=""):
    """(name with namespace, namespace, pattern) for every URL pattern the project serves."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, namespace, pattern


def served_names() -> set[str]:
    """Every URL but Django admin's, by name (None for an unnamed one)."""
    return {name for name, namespace, _ in url_patterns() if namespace != ADMIN_NAMESPACE}


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # the test client closes it after
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _code(response, login_url: str) -> str:
    """The status, with "L" for a redirect to a log-in page."""
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return "L"
    return str(response.status_code)


def answer(client: Client, user, method: str, url: str, *, api: bool) -> tuple[str, str]:
    """One request as one role, rolled back afterwards so that every role meets the same world."""
    login_url = "/admin/login/" if url.startswith("/admin/") else reverse("account_login")
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        if method == "post" and api:
            response = client.post(url, data={}, content_type="application/json")
        else:
            response = getattr(client, method)(url)
        result = _code(response, login_url), _body(response)
        client.logout()
        transaction.set_rollback(True)
    cache.clear()  # rate limits count per test, not per matrix row
    return result


def _leaks(role: str, body: str, *, name: str = "") -> list[str]:
    allowed = SHOWN_TO_WHOEVER_HOLDS_THE_LINK.get(name, set())
    return [
        marker
        for marker, readers in MARKERS.items()
        if role not in readers and marker not in allowed and marker in body
    ]


def test_every_url_has_an_entry_and_every_entry_a_url():
    served = served_names()
    missing = sorted(served - MATRIX.keys())
    stale = sorted(MATRIX.keys() - served)
    assert None not in served, "Name every URL pattern, so the matrix can list it."
    assert not missing, (
        f"These URLs have no entry in tests/permissions/matrix.py: {missing}. "
        "Run PERMISSION_MATRIX_PRINT=1 pytest tests/permissions -s to see what each role gets."
    )
    assert not stale, f"These matrix entries name no URL any more: {stale}"


def test_each_role_gets_the_expected_answer_and_nothing_of_another_party():
    world = build_world()
    client = Client(raise_request_exception=False)
    wrong, leaks, printed = [], [], []
    for name in sorted(served_names()):
        target, expected = unpack(MATRIX.get(name))
        kwargs = world.targets[target] if target else {}
        url = reverse(name, kwargs=kwargs)
        observed = {}
        for method in ("get", "post"):
            codes = []
            for role in ROLES:
                code, body = answer(
                    client, world.users.get(role), method, url, api=url.startswith("/api/")
                )
                codes.append(code)
                leaks += [
                    f"{method.upper()} {url} as {role}: {m}" for m in _leaks(role, body, name=name)
                ]
            observed[method] = answers_row(codes)
            if expected and expected[method] != observed[method]:
                wrong.append(
                    f"{method.upper()} {name} ({url})\n"
                    f"  expected {expected[method]}\n  observed {observed[method]}"
                )
        printed.append(
            f'    "{name}": E({target!r},\n        get= "{observed["get"]}",\n'
            f'        post="{observed["post"]}"),'
        )
    if PRINT_OBSERVED:
        print("\n".join(printed))
    assert not leaks, "Answers show another party's data:\n" + "\n".join(leaks)
    assert not wrong, (
        "Answers differ from the matrix (roles: " + ", ".join(ROLES) + "):\n" + ("\n".join(wrong))
    )


# Admin's log-in and log-out pages answer everyone (without showing anything of anyone).
ADMIN_OPEN_TO_ALL = {"admin:login", "admin:logout"}
MODEL_PAGE_SUFFIXES = ("_changelist", "_add", "_change", "_delete", "_history")


def _admin_url(name: str, pattern) -> str:
    """A model page points at the model's first object; other admin pages at something that
    exists (the accounts app, the first user's content type)."""
    arguments = set(pattern.pattern.regex.groupindex)
    kwargs = {}
    if "object_id" in arguments:
        kwargs["object_id"] = "1"
        page = name.split(":", 1)[1]
        if page.endswith(MODEL_PAGE_SUFFIXES):
            app_label, model_name = page.rsplit("_", 1)[0].split("_", 1)
            first = apps.get_model(app_label, model_name)._default_manager.order_by("pk").first()
            kwargs["object_id"] = str(first.pk if first else 1)
    if "id" in arguments:  # a user's password page
        kwargs["id"] = str(get_user_model().objects.order_by("pk").first().pk)
    if "content_type_id" in arguments:
        kwargs["content_type_id"] = ContentType.objects.get_for_model(get_user_model()).pk
    if "app_label" in arguments:
        kwargs["app_label"] = "accounts"
    return reverse(name, kwargs=kwargs)


def test_admin_is_for_staff_only():
    """Every page of Django admin sends people who are not staff to the log-in page, and
    answers staff without an error (what each staff member may do is tested in tests/admin)."""
    world = build_world()
    client = Client(raise_request_exception=False)
    wrong = []
    admin_patterns = [
        (name, pattern)
        for name, namespace, pattern in url_patterns()
        if namespace == ADMIN_NAMESPACE and name
    ]
    for name, pattern in admin_patterns:
        url = _admin_url(name, pattern)
        for role in ROLES:
            code, body = answer(client, world.users.get(role), "get", url, api=False)
            staff = role in ("reviewer", "superuser")
            if code.startswith("5") or not (staff or code == "L" or name in ADMIN_OPEN_TO_ALL):
                wrong.append(f"GET {url} as {role}: {code}")
            if not staff:
                wrong += [f"GET {url} as {role}: {m}" for m in _leaks(role, body)]
    assert len(admin_patterns) > 50
    assert not wrong, "\n".join(wrong)
