import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import Membership, Organization, OrganizationKind, Role, User
from certification.services.reviewers import REVIEWER_GROUP_NAME

pytestmark = pytest.mark.django_db

DEMO_LOGINS = [
    "buyer@demo.fairbid.test",
    "provider@demo.fairbid.test",
    "reviewer@demo.fairbid.test",
    "admin@demo.fairbid.test",
]


def _counts():
    return (User.objects.count(), Organization.objects.count(), Membership.objects.count())


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")

    assert _counts() == first
    output = capsys.readouterr().out
    for email in DEMO_LOGINS:
        assert email in output
    assert "fairbid-demo" in output


def test_demo_logins_work_with_verified_emails_and_their_roles(client):
    call_command("seed_demo")

    for email in DEMO_LOGINS:
        user = User.objects.get(email=email)
        assert user.check_password("fairbid-demo")
        assert EmailAddress.objects.get(user=user, email=email).verified

    buyer = User.objects.get(email="buyer@demo.fairbid.test")
    assert buyer.role == Role.BUYER
    assert not buyer.is_staff
    provider = User.objects.get(email="provider@demo.fairbid.test")
    membership = provider.memberships.select_related("organization").get()
    assert membership.is_owner
    assert membership.organization.kind == OrganizationKind.PROVIDER
    assert membership.organization.country.code == "UG"  # low income (World Bank FY2026)
    reviewer = User.objects.get(email="reviewer@demo.fairbid.test")
    assert reviewer.is_staff
    assert not reviewer.is_superuser
    assert reviewer.groups.filter(name=REVIEWER_GROUP_NAME).exists()
    assert User.objects.get(email="admin@demo.fairbid.test").is_superuser

    response = client.post(
        "/accounts/login/", {"login": "provider@demo.fairbid.test", "password": "fairbid-demo"}
    )
    assert response.status_code == 302


def test_demo_providers_span_several_countries():
    call_command("seed_demo")

    countries = set(
        Organization.objects.filter(kind=OrganizationKind.PROVIDER).values_list(
            "country", flat=True
        )
    )
    assert len(countries) >= 5


@override_settings(DJANGO_ENV="production")
def test_seed_demo_refuses_to_run_in_production():
    with pytest.raises(CommandError, match="refuses to run with DJANGO_ENV=production"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_marketplace_has_jobs_in_every_state_with_bids_and_reviews():
    from marketplace.models import Bid, Job, JobStatus, Review

    call_command("seed_demo")

    assert set(Job.objects.values_list("status", flat=True)) == set(JobStatus)
    assert Bid.objects.count() >= 14
    assert Review.objects.count() == 4


def test_demo_certification_has_every_application_state_and_label_status():
    from certification.models import Application, ApplicationStatus, Label, LabelStatus

    call_command("seed_demo")
    call_command("seed_demo")

    assert set(Label.objects.values_list("status", flat=True)) == set(LabelStatus)
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus)
    assert Label.objects.get(organization__name="Kampala Data Works Ltd").status == "active"
    kampala = Label.objects.get(organization__name="Kampala Data Works Ltd")
    assert kampala.fact_changes.filter(status="pending").exists()


def test_demo_conversations_have_messages_files_and_unread_counts():
    from conversations import selectors
    from conversations.models import Conversation, MessageAttachment

    call_command("seed_demo")
    call_command("seed_demo")

    buyer = User.objects.get(email="buyer@demo.fairbid.test")
    provider = User.objects.get(email="provider@demo.fairbid.test")
    assert Conversation.objects.count() == 3
    assert MessageAttachment.objects.count() == 2
    assert selectors.unread_message_count(user=buyer) == 2
    assert selectors.unread_message_count(user=provider) == 1


def test_demo_buyer_sees_real_impact_figures_and_the_public_page_its_totals(client):
    """Northwind awarded work to certified and other providers, with premiums, in US dollars
    and euros; its milestones were released and providers reported premium uses."""
    from certification.models import Label
    from contracts.models import Milestone, MilestoneStatus
    from impact.models import PremiumUse

    call_command("seed_demo")
    call_command("seed_demo")

    buyer = User.objects.get(email="buyer@demo.fairbid.test")
    assert buyer.contracts_bought.filter(status="completed").count() == 5
    assert PremiumUse.objects.count() == 3
    client.force_login(buyer)
    response = client.get("/impact/dashboard/")
    figures = response.context["report"].figures
    usd, eur = (
        next(row for row in figures.currencies if row.currency == code) for code in ("USD", "EUR")
    )
    for currency in (usd, eur):
        assert 0 < currency.certified_awarded < currency.awarded
        assert currency.completed_count >= 2
        assert currency.premiums_paid > 0
    assert figures.provider_count == 5
    assert figures.country_count == 5
    assert [code for code, _name, _value in figures.by_country["USD"]] == ["KE", "RW", "UG"]
    assert [code for code, _name, _value in figures.by_country["EUR"]] == ["CV", "NP"]
    assert len(figures.by_income["EUR"]) == 2
    assert any(certified and other for _month, certified, other in figures.by_month["USD"])
    assert response.content.count(b"<svg") == 6  # three charts in each currency
    finished = Milestone.objects.filter(contract__buyer=buyer, contract__status="completed")
    assert finished.count() == 7
    assert not finished.exclude(status=MilestoneStatus.RELEASED).exists()

    rows = client.get("/impact/dashboard/contracts.csv").content.decode().splitlines()
    premium_column = rows[0].split(",").index("premium_paid")
    assert len(rows) == 1 + 6  # the header, the five finished contracts and one in progress
    assert sum(float(row.split(",")[premium_column]) > 0 for row in rows[1:]) == 3
    assert client.get("/impact/dashboard/statement/").status_code == 200

    client.logout()
    public = client.get("/impact/")
    totals = {row["currency"]: row for row in public.context["rows"]}
    assert totals["USD"]["premiums_paid"] > 0
    assert totals["USD"]["premiums_reported"] > 0
    assert totals["EUR"]["premiums_reported"] > 0

    kampala = Label.objects.get(organization__name="Kampala Data Works Ltd")
    label_page = client.get(f"/labels/{kampala.code}/").content.decode()
    assert '<td class="number">130.00 USD</td><td class="number">105.00 USD</td>' in label_page


def test_demo_due_process_has_appeals_and_an_upheld_concern_on_a_public_page(client):
    """One appeal decided (a revocation upheld), one waiting for a second reviewer, and a
    concern upheld with a minor finding, listed on the label's public page."""
    from certification.models import Appeal, AppealStatus, Label

    call_command("seed_demo")
    call_command("seed_demo")

    assert sorted(Appeal.objects.values_list("subject", "status")) == [
        ("revocation", AppealStatus.UPHELD),
        ("suspension", AppealStatus.OPEN),
    ]
    decided = Appeal.objects.get(status=AppealStatus.UPHELD)
    assert decided.decided_by.email == "appeals.reviewer@demo.fairbid.test"
    revoked = Label.objects.get(status="revoked")
    assert "Decision upheld on" in client.get(f"/labels/{revoked.code}/").content.decode()
    nairobi = Label.objects.get(organization__name="Nairobi Transcribe Co.")
    page = client.get(f"/labels/{nairobi.code}/").content.decode()
    assert "Concern upheld" in page
    assert "Certified · corrective action open until" in page
