from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import (
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from certification.models import (
    Concern,
    Economy,
    IncomeClassification,
    IncomeGroup,
    Label,
    LabelStatus,
    VerifiedFacts,
)
from marketplace.models import Bid, BidStatus, BudgetType, Category, Job, JobStatus, Visibility
from marketplace.services.stats import live_bids_add

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email address is verified, so they can log in."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.BUYER
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class BuyerFactory(UserFactory):
    role = Role.BUYER


class ProviderFactory(UserFactory):
    role = Role.PROVIDER


class ReviewerFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def reviewer_group(user, create, extracted, **kwargs):
        if create:
            from certification.services.reviewers import reviewer_group_sync

            user.groups.add(reviewer_group_sync())


class ProviderOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.PROVIDER
    name = factory.Sequence(lambda n: f"Provider Firm {n} Ltd")
    slug = factory.Sequence(lambda n: f"provider-firm-{n}")
    country = "UG"
    city = "Kampala"
    year_founded = 2015
    employee_count = 25
    local_ownership_percent = Decimal("100")


class BuyerOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.BUYER
    name = factory.Sequence(lambda n: f"Buyer Company {n}")
    slug = factory.Sequence(lambda n: f"buyer-company-{n}")
    country = "GB"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(ProviderFactory)
    organization = factory.SubFactory(ProviderOrganizationFactory)
    role = MembershipRole.MEMBER

    class Params:
        owner = factory.Trait(role=MembershipRole.OWNER)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(ProviderOrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    invited_by = None
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))

    class Params:
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
        )


class JobFactory(factory.django.DjangoModelFactory):
    """A job posted by a buyer; open for bids unless a trait says otherwise."""

    class Meta:
        model = Job

    buyer = factory.SubFactory(BuyerFactory)
    title = factory.Sequence(lambda n: f"Transcribe interview batch {n}")
    description = "Transcribe 40 hours of recorded interviews in English, verbatim."
    category = Category.TRANSCRIPTION
    skills = "English, Transcription"
    budget_type = BudgetType.FIXED
    budget_min = Decimal("1200.00")
    budget_max = Decimal("1200.00")
    currency = "USD"
    bid_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    delivery_date = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=40)).date())
    status = JobStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=JobStatus.DRAFT, published_at=None)
        invite_only = factory.Trait(visibility=Visibility.INVITE_ONLY)
        past_deadline = factory.Trait(
            bid_deadline=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
        )


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid
        skip_postgeneration_save = True

    job = factory.SubFactory(JobFactory)
    organization = factory.SubFactory(ProviderOrganizationFactory)
    submitted_by = factory.LazyAttribute(
        lambda bid: MembershipFactory(organization=bid.organization).user
    )
    price = Decimal("1000.00")
    currency = factory.SelfAttribute("job.currency")
    delivery_days = 14
    proposal = "Our team of six transcribers delivers verbatim transcripts, double-checked."

    @factory.post_generation
    def counted(bid, create, extracted, **kwargs):
        """The job's kept count of live bids follows, as bid_submit keeps it."""
        if create and bid.status != BidStatus.WITHDRAWN:
            live_bids_add(job=bid.job, delta=1)


# --- Certification ------------------------------------------------------------------------

INCOME_DATA_DIR = Path(__file__).resolve().parents[1] / "certification" / "data"
INCOME_FILES = {
    2025: INCOME_DATA_DIR / "country_income_groups_fy2025.csv",
    2026: INCOME_DATA_DIR / "country_income_groups.csv",
}


def load_shipped_incomes(*years: int):
    """Load the shipped World Bank files for these fiscal years (default: both), in order."""
    from certification.services.incomes import country_incomes_load

    return [country_incomes_load(path=INCOME_FILES[year]) for year in years or sorted(INCOME_FILES)]


class EconomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Economy
        django_get_or_create = ["iso3"]

    iso3 = factory.Sequence(lambda n: f"Q{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    iso2 = ""
    name = factory.Sequence(lambda n: f"Economy {n}")
    region = "Sub-Saharan Africa"


class IncomeClassificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomeClassification

    economy = factory.SubFactory(EconomyFactory)
    fiscal_year = 2026
    income_group = IncomeGroup.LOW
    lending_category = "IDA"


class VerifiedFactsFactory(factory.django.DjangoModelFactory):
    """A snapshot of verified facts taken from the label's organization's profile, with
    evidence accepted until the label's end."""

    class Meta:
        model = VerifiedFacts

    label = factory.SubFactory("tests.factories.LabelFactory", facts=None)
    country = factory.LazyAttribute(lambda facts: facts.label.organization.country)
    employee_count = factory.LazyAttribute(lambda facts: facts.label.organization.employee_count)
    local_ownership_percent = factory.LazyAttribute(
        lambda facts: facts.label.organization.local_ownership_percent
    )
    lowest_monthly_wage = Decimal("650000")
    wage_currency = "UGX"
    living_wage_benchmark = Decimal("600000")
    benchmark_currency = "UGX"
    benchmark_source = "Living wage estimate for Kampala"
    benchmark_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))
    total_workers = 25
    impact_workers = 10
    code_signed_by = "Grace Nakato"
    code_signed_on = factory.LazyAttribute(lambda facts: facts.label.valid_from)
    payroll_valid_until = factory.LazyAttribute(lambda facts: facts.label.valid_until)
    workforce_valid_until = factory.LazyAttribute(lambda facts: facts.label.valid_until)
    reason = "Verified at approval."


class LabelFactory(factory.django.DjangoModelFactory):
    """A label written directly, without the grant's checks, with verified facts copied from
    its organization's profile (facts=None: without). Active by default."""

    class Meta:
        model = Label
        skip_postgeneration_save = True

    organization = factory.SubFactory(ProviderOrganizationFactory)
    status = LabelStatus.ACTIVE
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=100))
    valid_until = factory.LazyAttribute(lambda label: label.valid_from + timedelta(days=364))

    class Params:
        expiring = factory.Trait(
            status=LabelStatus.EXPIRING,
            valid_from=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=350)),
        )
        expired = factory.Trait(
            status=LabelStatus.EXPIRED,
            valid_from=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400)),
        )
        suspended = factory.Trait(status=LabelStatus.SUSPENDED, status_reason="Suspended.")
        revoked = factory.Trait(status=LabelStatus.REVOKED, status_reason="Revoked.")

    facts = factory.RelatedFactory(VerifiedFactsFactory, factory_related_name="label")


PDF_BYTES = b"%PDF-1.4\n% Fairbid test document\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64
# --- Concerns about labels ----------------------------------------------------------------


class ConcernFactory(factory.django.DjangoModelFactory):
    """An open concern about an active label."""

    class Meta:
        model = Concern

    label = factory.SubFactory(LabelFactory)
    text = "Their workers are paid late every month."
    evidence_url = "https://example.com/news/late-pay"
    contact_email = factory.Sequence(lambda n: f"concerned{n}@example.com")


# --- Conversations and files ----------------------------------------------------------------


def text_upload(name="notes.txt", content=b"Scope notes: 40 interviews, English.\n"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def png_upload(name="photo.png", size=(40, 30)):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (31, 95, 63)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="brief.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def reviewer_dates(*, accepted_for_days: int = 200) -> dict:
    """What a reviewer records beside the benchmark: its date, and until when the evidence
    is accepted."""
    today = timezone.localdate()
    until = today + timedelta(days=accepted_for_days)
    return {
        "benchmark_date": today - timedelta(days=30),
        "payroll_valid_until": until,
        "workforce_valid_until": until,
    }
