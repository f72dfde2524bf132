"""Any text a person types, of any length and any characters, is saved or refused with a
reason: never a database error (a 500 that loses the action). On PostgreSQL, where a value
longer than its column, or a NUL character, is refused by the database itself."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import services as account_services
from accounts.models import Organization
from certification.models import Application, Concern, Label
from certification.services import applications as application_services
from certification.services import concerns as concern_services
from conversations import services as conversation_services
from conversations.models import Conversation, Message, MessageReport
from core.exceptions import ApplicationError
from marketplace.models import Bid, Job
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from tests.factories import JobFactory
from tests.permissions.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.requires_postgres]


CONTROL_CHARACTERS = ["\x00", "\x0b", "\x1b", "\u2028", "\n", "\ud800"]


def limit_of(model, field: str) -> int:
    """A column's length, or for unbounded text a length well past any form's limit."""
    return model._meta.get_field(field).max_length or 5000


def text_around(limit: int):
    """Text at, just under and beyond the limit (and empty), from any characters: letters of
    any script, emoji, control characters, NUL."""
    lengths = st.sampled_from(sorted({0, 1, limit - 1, limit, limit + 1, 2 * limit + 7}))
    tricky = st.sampled_from([*CONTROL_CHARACTERS, "\r", "\t", "\ufffe"])
    piece = st.text(alphabet=st.one_of(st.characters(), tricky), min_size=1, max_size=6)
    return st.builds(lambda p, n: (p * (n // len(p) + 1))[:n], piece, lengths)


@dataclass
class Case:
    name: str
    limit: int
    call: object  # call(world, text)


def _org_a(w):
    return w.users["provider_owner"].memberships.get().organization


def _job(w, target="job"):
    return Job.objects.get(pk=w.targets[target]["pk"])


def _job_fields(**text):
    return {
        "title": "Transcribe interviews",
        "description": "Forty hours, English.",
        "category": "transcription",
        "skills": "English",
        "budget_type": "fixed",
        "budget_min": "100.00",
        "budget_max": "200.00",
        "currency": "USD",
        "bid_deadline": timezone.now() + timedelta(days=5),
        "delivery_date": timezone.localdate() + timedelta(days=30),
        **text,
    }


def _bid_on_a_new_job(w, text):
    job = JobFactory(buyer=w.users["other_buyer"])
    bid_services.bid_submit(
        job=job, by=w.users["provider_owner"], price="100.00", delivery_days=5, proposal=text
    )


def _report(w, text):
    message = Message.objects.get(pk=w.targets["message_a"]["pk"])
    conversation_services.message_report(message=message, by=w.users["buyer"], reason=text)


def _application(w):
    return Application.objects.get(organization=_org_a(w))


CASES = [
    *(
        Case(
            f"organization_update {field}",
            limit_of(Organization, field),
            lambda w, t, field=field: account_services.organization_update(
                organization=_org_a(w), by=w.users["provider_owner"], **{field: t}
            ),
        )
        for field in ("name", "city", "description", "website")
    ),
    *(
        Case(
            f"job_create {field}",
            limit_of(Job, field),
            lambda w, t, field=field: job_services.job_create(
                buyer=w.users["buyer"], **_job_fields(**{field: t})
            ),
        )
        for field in ("title", "description", "skills")
    ),
    Case(
        "job_update title",
        limit_of(Job, "title"),
        lambda w, t: job_services.job_update(job=_job(w), by=w.users["buyer"], title=t),
    ),
    Case(
        "job_cancel reason",
        5000,
        lambda w, t: job_services.job_cancel(job=_job(w), by=w.users["buyer"], reason=t),
    ),
    Case("bid_submit proposal", limit_of(Bid, "proposal"), _bid_on_a_new_job),
    Case(
        "bid_decline reason",
        5000,
        lambda w, t: bid_services.bid_decline(
            bid=Bid.objects.get(pk=w.targets["bid_a"]["pk"]), by=w.users["buyer"], reason=t
        ),
    ),
    Case(
        "award_decline reason",
        5000,
        lambda w, t: job_services.award_decline(
            job=_job(w, "awarded"), by=w.users["provider_owner"], reason=t
        ),
    ),
    Case(
        "revision_request reason",
        5000,
        lambda w, t: job_services.revision_request(
            job=_job(w, "delivered"), by=w.users["buyer"], reason=t
        ),
    ),
    Case(
        "conversation_start text",
        limit_of(Message, "text"),
        lambda w, t: conversation_services.conversation_start(
            job=_job(w, "awarded"), by=w.users["provider_member"], text=t
        ),
    ),
    Case(
        "message_post text",
        limit_of(Message, "text"),
        lambda w, t: conversation_services.message_post(
            conversation=Conversation.objects.get(pk=w.targets["conversation_a"]["pk"]),
            by=w.users["buyer"],
            text=t,
        ),
    ),
    Case("message_report reason", limit_of(MessageReport, "reason"), _report),
    Case(
        "invitation_create email",
        254,
        lambda w, t: account_services.invitation_create(
            organization=_org_a(w), by=w.users["provider_owner"], email=f"{t}@example.com"
        ),
    ),
    Case(
        "api_token_create name",
        100,
        lambda w, t: account_services.api_token_create(user=w.users["provider_owner"], name=t),
    ),
    Case(
        "application_update impact_description",
        limit_of(Application, "impact_description"),
        lambda w, t: application_services.application_update(
            application=_application(w), by=w.users["provider_owner"], impact_description=t
        ),
    ),
    Case(
        "application_sign_code name",
        limit_of(Application, "code_signed_by"),
        lambda w, t: application_services.application_sign_code(
            application=_application(w), by=w.users["provider_owner"], name=t
        ),
    ),
    *(
        Case(
            f"concern_raise {field}",
            limit_of(Concern, field),
            lambda w, t, field=field: concern_services.concern_raise(
                label=Label.objects.get(code=w.targets["label"]["code"]),
                **{
                    "text": "Workers are paid late.",
                    "contact_email": "someone@example.com",
                    "evidence_url": "",
                    field: t,
                },
            ),
        )
        for field in ("text", "evidence_url")
    ),
]


def _outcome(case: Case, world, text: str):
    """None when the service saved or refused with a reason; else the unexpected error."""
    try:
        with transaction.atomic():
            case.call(world, text)
            transaction.set_rollback(True)
    except (ApplicationError, ValidationError):
        return None
    except Exception as error:  # noqa: BLE001 - any other error is what this test looks for
        return error
    return None


def _property_of(case: Case, world):
    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(text=text_around(case.limit))
    def saved_or_refused(text):
        error = _outcome(case, world, text)
        assert error is None, f"{case.name} with {len(text)} characters: {error!r}"

    return saved_or_refused


def test_every_service_that_takes_text_saves_it_or_refuses_it_with_a_reason():
    world = build_world()
    failures = []
    for case in CASES:
        for character in CONTROL_CHARACTERS:
            error = _outcome(case, world, f"Fair{character}trade")
            if error is not None:
                failures.append(f"{case.name} with {character!r}: {error!r}")
        try:
            _property_of(case, world)()
        except AssertionError as failure:
            failures.append(str(failure).splitlines()[0])
    assert not failures, "\n".join(failures)
