"""Demo impact: Northwind's finished work, so its impact dashboard and the public /impact/
page show real figures. Contracts with certified providers (with a fair-trade premium) and
with others, in US dollars and euros, each milestone funded, handed over, approved and
released; two providers report how they used their premiums; staff record a dated rate;
the platform's summary is computed. All through the services, as people would have done it.
Safe to run again: a job is found by its buyer and title, a premium use by its description.

Everything happens on the day the demo is seeded (the history is append-only), so the
figures show under "This quarter" and "This year".
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organization, User
from contracts.models import Contract
from contracts.services import milestones as milestone_services
from contracts.services import money
from demo.contracts import FINANCE
from demo.marketplace import BUYER, KAMPALA, KIGALI, NAIROBI, POKHARA, PRAIA
from impact import premiums
from impact import services as impact_services
from impact.models import ExchangeRate, PremiumUse
from marketplace.models import Job
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services

ADMIN = "admin@demo.fairbid.test"

# (provider's owner, premium percent, job fields, the bid's milestones as (title, amount))
WORK = [
    (
        KAMPALA,
        Decimal("5"),
        {
            "title": "Clean and deduplicate 8,000 customer records",
            "description": "Merge duplicate customers across our CRM exports, fix addresses "
            "and flag records that need a call.",
            "category": "data_entry",
            "skills": "Data cleaning, Excel, Quality control",
            "budget_min": Decimal("2600"),
            "currency": "USD",
        },
        [("The first 4,000 records", "1300"), ("The other records and a short report", "1300")],
    ),
    (
        NAIROBI,
        Decimal("8"),
        {
            "title": "Transcribe twelve recorded board meetings",
            "description": "Clean-verbatim English transcripts of twelve two-hour meetings, "
            "with the speakers named.",
            "category": "transcription",
            "skills": "English, Transcription",
            "budget_min": Decimal("1200"),
            "currency": "USD",
        },
        [],
    ),
    (
        PRAIA,
        Decimal("5"),
        {
            "title": "Localise our help centre into Portuguese",
            "description": "Eighty help articles into European Portuguese, with our glossary "
            "and screenshots' captions.",
            "category": "translation",
            "skills": "Portuguese, Localisation",
            "budget_min": Decimal("2100"),
            "currency": "EUR",
        },
        [("The first 40 articles", "1000"), ("The other articles and the glossary", "1100")],
    ),
    (
        POKHARA,
        Decimal("0"),
        {
            "title": "Build a dashboard of data-quality checks",
            "description": "A small web dashboard that runs our nightly data-quality checks "
            "and shows what failed.",
            "category": "software",
            "skills": "Python, Django, PostgreSQL",
            "budget_min": Decimal("3000"),
            "currency": "EUR",
        },
        [],
    ),
    (
        KIGALI,
        Decimal("0"),
        {
            "title": "Follow-up calls to 300 survey respondents",
            "description": "Call back respondents whose answers were incomplete and fill in "
            "the gaps in our survey tool.",
            "category": "customer_support",
            "skills": "English, French, Phone support",
            "budget_min": Decimal("900"),
            "currency": "USD",
        },
        [],
    ),
]

# (provider's owner, amount, currency, purpose, description): part of what each received.
PREMIUM_USES = [
    (
        KAMPALA,
        "60.00",
        "USD",
        "training",
        "A data-protection course for the four people of the quality team.",
    ),
    (KAMPALA, "45.00", "USD", "health", "Eye tests and glasses for six data-entry clerks."),
    (
        PRAIA,
        "50.00",
        "EUR",
        "community",
        "Dictionaries for the translation club of a secondary school in Praia.",
    ),
]


def seed(users: dict[str, User]) -> int:
    """Finish the demo buyer's work, record premium uses and a rate, compute the platform's
    summary; returns how many of the buyer's contracts are completed."""
    buyer, finance = users[BUYER], User.objects.get(email=FINANCE)
    for provider_email, premium_percent, fields, parts in WORK:
        if not Job.objects.filter(buyer=buyer, title=fields["title"]).exists():
            provider = users[provider_email]
            contract = _awarded(buyer, provider, premium_percent, fields, parts)
            _finished(contract, buyer=buyer, provider=provider, finance=finance)
    for provider_email, amount, currency, purpose, description in PREMIUM_USES:
        _premium_use(users[provider_email], amount, currency, purpose, description)
    _euro_rate(users[ADMIN])
    impact_services.platform_summary_refresh()
    return Contract.objects.filter(buyer=buyer, status="completed").count()


def _organization_of(user: User) -> Organization:
    return user.memberships.select_related("organization").get().organization


def _awarded(buyer, provider, premium_percent, fields, parts) -> Contract:
    """A published job, the provider's bid, the award (with the premium) and its acceptance,
    which makes the contract."""
    today = timezone.now()
    job = job_services.job_create(
        buyer=buyer,
        publish=True,
        budget_type="fixed",
        bid_deadline=today + timedelta(days=14),
        delivery_date=(today + timedelta(days=45)).date(),
        **fields,
    )
    due = today.date() + timedelta(days=30)
    bid = bid_services.bid_submit(
        job=job,
        by=provider,
        price=fields["budget_min"],
        delivery_days=30,
        proposal=f"{_organization_of(provider)} will do this with a trained team and a second "
        "person checking every item.",
        milestones=[
            {"title": title, "amount": Decimal(amount), "due_date": due} for title, amount in parts
        ],
    )
    job_services.job_award(
        job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer, premium_percent=premium_percent
    )
    job_services.award_accept(job=job, by=provider)
    return Contract.objects.get(job=job)


def _finished(contract: Contract, *, buyer, provider, finance) -> None:
    """Each milestone in turn: finance records the buyer's transfer, the provider hands the
    work over, the buyer approves it and its money (premium included) is released. The last
    release completes the contract."""
    for milestone in contract.milestones.select_related("funding").order_by("position"):
        money.payment_record(
            funding=milestone.funding,
            amount=milestone.funding.amount_due,
            bank_reference=f"DEMO-{milestone.funding.reference}",
            by=finance,
        )
        milestone_services.milestone_submit(
            milestone=milestone, by=provider, message="Done: the files are in the shared folder."
        )
        milestone_services.milestone_approve(milestone=milestone, by=buyer)


def _premium_use(owner: User, amount, currency, purpose, description) -> None:
    organization = _organization_of(owner)
    if PremiumUse.objects.filter(organization=organization, description=description).exists():
        return
    premiums.premium_use_report(
        organization=organization,
        by=owner,
        used_on=timezone.localdate(),
        amount=Decimal(amount),
        currency=currency,
        purpose=purpose,
        description=description,
    )


def _euro_rate(admin: User) -> None:
    """A euro rate into US dollars, so the dashboard can show converted totals beside it."""
    if ExchangeRate.objects.filter(from_currency="EUR", to_currency="USD").exists():
        return
    impact_services.exchange_rate_save(
        by=admin,
        from_currency="EUR",
        to_currency="USD",
        rate=Decimal("1.08"),
        on=timezone.localdate(),
        source="Demo rate, not a market quote",
    )
