"""Demo jobs in every state, with bids, awards, deliveries and reviews, made through the
services so that they obey the same rules as real ones."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organization, User
from marketplace.models import Job, JobStatus
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from marketplace.services.reviews import review_create

BUYER = "buyer@demo.fairbid.test"
JONAS = "jonas.weber@demo.fairbid.test"
MARIA = "maria.santos@demo.fairbid.test"
KAMPALA = "provider@demo.fairbid.test"
NAIROBI = "wanjiru.kamau@demo.fairbid.test"
POKHARA = "sita.gurung@demo.fairbid.test"
DHAKA = "rahim.uddin@demo.fairbid.test"
KIGALI = "jean.uwimana@demo.fairbid.test"
PRAIA = "ana.lopes@demo.fairbid.test"
APIA = "tavita.faleolo@demo.fairbid.test"

# (buyer, final status, job fields, bids as (bidder, price, days), reviews (buyer's, provider's))
JOBS = [
    (
        BUYER,
        JobStatus.OPEN,
        {
            "title": "Transcribe 30 hours of customer interviews",
            "description": "Verbatim English transcripts of 45 recorded customer interviews, "
            "with speaker labels and timestamps every two minutes.",
            "category": "transcription",
            "skills": "English, Transcription, Speaker labelling",
            "budget_type": "fixed",
            "budget_min": Decimal("1800"),
            "currency": "USD",
            "prefer_certified": True,
        },
        [(KAMPALA, "1650", 14), (NAIROBI, "1720", 10), (KIGALI, "1790", 12)],
        None,
    ),
    (
        BUYER,
        JobStatus.OPEN,
        {
            "title": "Swahili subtitles for six training videos",
            "description": "Subtitle six 20-minute safety training videos in Swahili (SRT files).",
            "category": "translation",
            "skills": "Swahili, Subtitling",
            "budget_type": "fixed",
            "budget_min": Decimal("950"),
            "currency": "USD",
            "visibility": "invite_only",
        },
        [],
        None,
    ),
    (
        JONAS,
        JobStatus.OPEN,
        {
            "title": "Design a bilingual product catalogue",
            "description": "A 32-page print catalogue in German and English for our tools, "
            "from our photos and product texts.",
            "category": "design",
            "skills": "InDesign, Print layout, German",
            "budget_type": "fixed",
            "budget_min": Decimal("2200"),
            "currency": "EUR",
        },
        [(DHAKA, "2100", 25), (POKHARA, "2250", 30)],
        None,
    ),
    (
        MARIA,
        JobStatus.OPEN,
        {
            "title": "Enter 2,000 paper survey forms into a spreadsheet",
            "description": "Scanned household survey forms, 4 pages each, double entry "
            "with a check of every disagreement.",
            "category": "data_entry",
            "skills": "Data entry, Excel, Double entry",
            "budget_type": "hourly",
            "budget_min": Decimal("6"),
            "budget_max": Decimal("10"),
            "currency": "USD",
            "prefer_certified": True,
        },
        [(KAMPALA, "1900", 18), (KIGALI, "2050", 15)],
        None,
    ),
    (
        BUYER,
        JobStatus.OPEN,
        {
            "title": "Research living-wage benchmarks for call centres",
            "description": "Collect published living-wage estimates for five cities and "
            "summarise their methods in a short report.",
            "category": "research",
            "skills": "Desk research, Report writing",
            "budget_type": "fixed",
            "budget_min": Decimal("700"),
            "currency": "GBP",
        },
        [],
        None,
    ),
    (
        BUYER,
        JobStatus.AWARDED,
        {
            "title": "Translate our onboarding guide into Portuguese and French",
            "description": "A 25-page onboarding guide for new customers, into European "
            "Portuguese and French, keeping our glossary.",
            "category": "translation",
            "skills": "Portuguese, French, Localisation",
            "budget_type": "fixed",
            "budget_min": Decimal("2400"),
            "currency": "EUR",
        },
        [(PRAIA, "2300", 21), (NAIROBI, "2450", 25)],
        None,
    ),
    (
        JONAS,
        JobStatus.IN_PROGRESS,
        {
            "title": "Build a booking page for our physiotherapy clinic",
            "description": "A mobile-friendly booking page connected to our calendar, "
            "with email confirmations.",
            "category": "software",
            "skills": "Python, Django, HTML",
            "budget_type": "hourly",
            "budget_min": Decimal("25"),
            "budget_max": Decimal("40"),
            "currency": "EUR",
        },
        [(POKHARA, "3200", 30)],
        None,
    ),
    (
        BUYER,
        JobStatus.DELIVERED,
        {
            "title": "Annotate 10,000 street images for a mapping model",
            "description": "Draw bounding boxes around signs, crossings and bus stops.",
            "category": "data_entry",
            "skills": "Image annotation, Quality control",
            "budget_type": "fixed",
            "budget_min": Decimal("3500"),
            "currency": "USD",
        },
        [(KAMPALA, "3400", 28), (DHAKA, "3600", 35)],
        None,
    ),
    (
        MARIA,
        JobStatus.COMPLETED,
        {
            "title": "Monthly bookkeeping for the third quarter",
            "description": "Reconcile three bank accounts and prepare monthly statements.",
            "category": "bookkeeping",
            "skills": "Xero, Reconciliation",
            "budget_type": "fixed",
            "budget_min": Decimal("900"),
            "currency": "USD",
        },
        [(APIA, "880", 20)],
        (
            (5, "Tidy books, clear questions, everything on time."),
            (5, "Organised receipts and quick answers. A pleasure."),
        ),
    ),
    (
        JONAS,
        JobStatus.COMPLETED,
        {
            "title": "Refresh our brand identity",
            "description": "New logo, colour palette and a one-page brand guide.",
            "category": "design",
            "skills": "Branding, Illustrator",
            "budget_type": "fixed",
            "budget_min": Decimal("4000"),
            "currency": "EUR",
        },
        [(DHAKA, "3800", 30), (POKHARA, "3900", 40)],
        ((4, "Strong concepts; one extra round of revisions was needed."), (5, "Clear brief.")),
    ),
    (
        BUYER,
        JobStatus.DRAFT,
        {
            "title": "Customer support over the holidays",
            "description": "Email and chat support in English from 20 December to 3 January.",
            "category": "customer_support",
            "skills": "English, Zendesk",
            "budget_type": "hourly",
            "budget_min": Decimal("12"),
            "budget_max": Decimal("18"),
            "currency": "USD",
        },
        [],
        None,
    ),
    (
        MARIA,
        JobStatus.CANCELLED,
        {
            "title": "Market research on solar lamps in East Africa",
            "description": "Desk research and 20 interviews with small retailers.",
            "category": "research",
            "skills": "Market research, Interviews",
            "budget_type": "fixed",
            "budget_min": Decimal("1500"),
            "currency": "USD",
        },
        [(NAIROBI, "1450", 30)],
        None,
    ),
]


# What the demo's firms offer on hourly jobs.
DEMO_HOURS_A_WEEK = 30


def seed(users: dict[str, User]) -> int:
    """Create each demo job that does not exist yet; returns how many demo jobs exist."""
    today = timezone.now()
    for buyer_email, status, fields, bids, reviews in JOBS:
        buyer = users[buyer_email]
        if Job.objects.filter(buyer=buyer, title=fields["title"]).exists():
            continue
        job = job_services.job_create(
            buyer=buyer,
            publish=status != JobStatus.DRAFT,
            bid_deadline=today + timedelta(days=14),
            delivery_date=(today + timedelta(days=60)).date(),
            **fields,
        )
        placed = [
            bid_services.bid_submit(
                job=job,
                by=users[bidder],
                price=Decimal(price),
                delivery_days=days,
                proposal=f"{_organization_of(users[bidder])} will deliver this in {days} days "
                "with a dedicated, trained team and a second person checking every item.",
                weekly_hour_limit=DEMO_HOURS_A_WEEK if fields["budget_type"] == "hourly" else None,
            )
            for bidder, price, days in bids
        ]
        if job.visibility == "invite_only":
            job_services.job_invite(
                job=job, by=buyer, organization=_organization_of(users[NAIROBI])
            )
        _advance(job, status, placed, buyer, users, reviews)
    return Job.objects.filter(buyer__email__in=[BUYER, JONAS, MARIA]).count()


def _organization_of(user: User) -> Organization:
    return user.memberships.select_related("organization").get().organization


def _advance(job, status, bids, buyer, users, reviews):
    if status == JobStatus.CANCELLED:
        job_services.job_cancel(job=job, by=buyer, reason="Our budget for this was cut.")
        return
    if status in (JobStatus.DRAFT, JobStatus.OPEN):
        return
    winner = bids[0]
    provider = winner.submitted_by
    job_services.job_award(job=job, bid_id=winner.pk, bid_version=winner.version, by=buyer)
    if status == JobStatus.AWARDED:
        return
    job_services.award_accept(job=job, by=provider)
    if status == JobStatus.IN_PROGRESS:
        return
    job_services.job_deliver(job=job, by=provider, message="Everything is in the shared folder.")
    if status == JobStatus.DELIVERED:
        return
    job_services.delivery_accept(job=job, by=buyer)
    (buyer_rating, buyer_text), (provider_rating, provider_text) = reviews
    review_create(job=job, by=buyer, rating=buyer_rating, text=buyer_text)
    review_create(job=job, by=provider, rating=provider_rating, text=provider_text)
