import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from certification.models import Label, LabelStatus
from tests.factories import LabelFactory, ProviderOrganizationFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _page(client, label):
    return client.get(reverse("certification:label_detail", args=[label.code]))


def _badge(client, label_or_code):
    code = getattr(label_or_code, "code", label_or_code)
    return client.get(reverse("certification:label_badge_svg", args=[code]))


# --- The verification page ------------------------------------------------------------------


def test_the_page_shows_the_organization_status_dates_and_criteria(client, incomes):
    organization = ProviderOrganizationFactory(
        name="Gulu Transcripts Ltd", country="UG", city="Gulu", employee_count=12
    )
    label = LabelFactory(organization=organization)

    response = _page(client, label)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Gulu Transcripts Ltd" in html
    assert "Gulu, Uganda" in html
    assert reverse("marketplace:provider_profile", args=[organization.slug]) in html
    assert "Fairbid certified" in html
    assert label.valid_from.strftime("%B %Y") in html
    assert label.valid_until.strftime("%B %Y") in html
    assert "Uganda is a low-income economy (World Bank, FY2026)." in html
    assert "The organization has 12 employees; the limit is 250." in html
    assert html.count("✓ Met") == 6  # all judged on the verified facts
    assert "Not checked since it was granted" in html


def test_the_page_shows_a_failing_criterion_and_when_the_label_was_last_checked(client, incomes):
    label = LabelFactory(organization=ProviderOrganizationFactory(employee_count=300))
    label.last_checked_at = "2026-08-01T02:30:00Z"
    label.save()

    html = _page(client, label).content.decode()

    assert "✗ Not met" in html
    assert "more than the limit of 250" in html
    assert "1 August 2026" in html


@pytest.mark.parametrize(
    ("trait", "said"),
    [
        ("expired", "This label expired"),
        ("suspended", "This label is suspended."),
        ("revoked", "This label was revoked."),
    ],
)
def test_a_label_no_longer_in_force_says_so_with_its_reason(client, trait, said):
    label = LabelFactory(**{trait: True}, status_reason="Child labour found by an audit.")

    html = _page(client, label).content.decode()

    assert said in html
    assert "Fairbid certified" not in html
    if trait != "expired":
        assert "Reason: Child labour found by an audit." in html


def test_a_wrong_code_is_a_plain_404(client):
    LabelFactory()

    assert client.get("/labels/no-such-code/").status_code == 404
    assert client.get("/labels/no-such-code/badge.svg").status_code == 404


def test_the_badge_links_to_the_label_page_when_it_has_a_code():
    html = render_to_string(
        "certification/_label_badge.html", {"status": "active", "code": "abc123"}
    )

    assert f'<a href="{reverse("certification:label_detail", args=["abc123"])}">' in html
    assert "<a" not in render_to_string("certification/_label_badge.html", {"status": "active"})


# --- The embeddable badge -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "word"),
    [
        (LabelStatus.ACTIVE, "certified"),
        (LabelStatus.EXPIRING, "certified"),
        (LabelStatus.SUSPENDED, "suspended"),
        (LabelStatus.EXPIRED, "expired"),
        (LabelStatus.REVOKED, "revoked"),
    ],
)
def test_the_svg_badge_shows_the_live_status(client, status, word):
    label = LabelFactory(status=status)

    response = _badge(client, label)

    svg = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "max-age=300" in response["Cache-Control"]
    assert svg.startswith("<svg")
    assert f'<title id="fairbid-label-title">Fairbid label {label.code}: {word}' in svg
    assert f">{word}</text>" in svg
    if word != "certified":
        assert "certified" not in svg.lower()
    assert "<script" not in svg


def test_the_svg_badge_follows_a_status_change_at_once(client, reviewer):
    from certification.services.labels import label_transition

    label = LabelFactory()
    assert ">certified</text>" in _badge(client, label).content.decode()

    label_transition(label=label, to=LabelStatus.SUSPENDED, reason="Concern upheld.", by=reviewer)

    assert ">suspended</text>" in _badge(client, label).content.decode()


def test_the_svg_badge_escapes_the_organization_name(client):
    label = LabelFactory(organization=ProviderOrganizationFactory(name="A&B <Firm>"))

    svg = _badge(client, label).content.decode()

    assert "A&amp;B &lt;Firm&gt;" in svg


# --- The public register --------------------------------------------------------------------


def _register(client, **params):
    return client.get(reverse("certification:label_register"), params)


def test_the_register_lists_labels_in_force_suspended_and_revoked_but_not_expired(client):
    active = LabelFactory(organization=ProviderOrganizationFactory(name="Active Firm"))
    suspended = LabelFactory(suspended=True, organization=ProviderOrganizationFactory(name="Sus"))
    revoked = LabelFactory(revoked=True, organization=ProviderOrganizationFactory(name="Rev"))
    expired = LabelFactory(expired=True, organization=ProviderOrganizationFactory(name="Exp"))

    html = _register(client).content.decode()

    for label in (active, suspended, revoked):
        assert reverse("certification:label_detail", args=[label.code]) in html
    assert expired.code not in html


def test_the_register_finds_a_label_by_its_code_by_name_and_by_country(client):
    kampala = LabelFactory(organization=ProviderOrganizationFactory(name="Kampala Data Co"))
    nairobi = LabelFactory(organization=ProviderOrganizationFactory(name="Nairobi", country="KE"))

    by_code = _register(client, q=kampala.code).content.decode()
    by_name = _register(client, q="kampala data").content.decode()
    by_country_name = _register(client, q="Kenya").content.decode()
    by_country = _register(client, country="KE").content.decode()

    def found(html):
        labels = {"kampala": kampala, "nairobi": nairobi}
        return {name for name, label in labels.items() if label.code in html}

    assert found(by_code) == {"kampala"}
    assert found(by_name) == {"kampala"}
    assert found(by_country_name) == {"nairobi"}
    assert found(by_country) == {"nairobi"}


@pytest.mark.parametrize(
    ("status", "shown"),
    [("certified", {"active", "expiring"}), ("suspended", {"suspended"}), ("revoked", {"revoked"})],
)
def test_the_register_filters_by_status(client, status, shown):
    labels = {
        trait: LabelFactory(**({trait: True} if trait != "active" else {}))
        for trait in ("active", "expiring", "suspended", "revoked")
    }

    html = _register(client, status=status).content.decode()

    assert {trait for trait, label in labels.items() if label.code in html} == shown


def test_the_register_says_when_nothing_matches(client):
    LabelFactory(facts=None)

    assert "No label matches this search." in _register(client, q="nothing").content.decode()
    Label.objects.all().delete()
    assert "No organization holds the label yet." in _register(client).content.decode()


def test_the_register_pages_its_rows(client):
    LabelFactory.create_batch(30)

    first = _register(client).content.decode()
    second = _register(client, page=2).content.decode()

    assert "Page 1 of 2" in first
    assert first.count("label-badge--active") == 25
    assert second.count("label-badge--active") == 5


def test_the_register_runs_as_many_queries_for_50_labels_as_for_5(client):
    LabelFactory.create_batch(5)
    five = count_queries(lambda: _register(client, q="Provider"))
    LabelFactory.create_batch(45)

    fifty = count_queries(lambda: _register(client, q="Provider"))

    assert fifty == five
