"""Seed a marketplace of BENCH_SCALE × (10,000 providers, 2,000 buyers, 100,000 jobs,
1,000,000 bids, 100,000 reviews, 100,000 labels, 20,000 conversations with 200,000 messages,
200,000 notifications) with COPY.

Ids are chosen here, so the relations are built in Python without reading back; the sequences
are moved past them at the end. Text comes from pools that Faker fills once (seeded, so two
seeds of one scale are alike), which keeps full-text search honest without calling Faker a
million times.
"""

import io
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import accumulate

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from tqdm import tqdm

from accounts.models import (
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from bench.bulk import copy_rows, reset_sequences
from certification.models import Label, LabelStatus
from conversations.models import Conversation, Message
from marketplace.models import (
    Bid,
    BidStatus,
    BudgetType,
    Category,
    Currency,
    Job,
    JobInvitation,
    JobStatus,
    Review,
    ReviewDirection,
    Visibility,
)
from marketplace.models import InvitationStatus as JobInvitationStatus
from marketplace.services.common import job_search_document
from marketplace.services.stats import stats_rebuild
from notifications.models import Notification

PASSWORD = "bench-password"
# Where Fairbid's providers are: low and lower-middle income countries, and a few high-income
# ones whose labels the nightly check suspends.
PROVIDER_COUNTRIES = ["UG", "KE", "TZ", "RW", "ET", "NG", "GH", "SN", "IN", "BD", "NP", "PK"]
PROVIDER_COUNTRIES += ["PH", "VN", "KH", "MM", "BO", "HN", "NI", "ZM", "MW", "MZ"]
HIGH_INCOME_COUNTRIES = ["DE", "US", "GB"]
BUYER_COUNTRIES = ["DE", "US", "GB", "NL", "FR", "SE", "CH", "CA", "AU"]
JOB_STATUS_SHARES = {
    JobStatus.OPEN: 30,
    JobStatus.DRAFT: 4,
    JobStatus.AWARDED: 5,
    JobStatus.IN_PROGRESS: 8,
    JobStatus.DELIVERED: 4,
    JobStatus.COMPLETED: 45,
    JobStatus.CANCELLED: 4,
}
CONTRACT_STATUSES = {
    JobStatus.AWARDED,
    JobStatus.IN_PROGRESS,
    JobStatus.DELIVERED,
    JobStatus.COMPLETED,
}
CROWDED_JOB_SHARE = 0.02  # jobs with 50 to 80 bids


@dataclass(frozen=True)
class Sizes:
    providers: int
    buyers: int
    jobs: int
    bids: int
    labels: int
    conversations: int
    messages: int
    notifications: int

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        def n(full):
            return max(int(full * scale), 1)

        return cls(
            providers=max(n(10_000), 100),
            buyers=max(n(2_000), 20),
            jobs=n(100_000),
            bids=n(1_000_000),
            labels=n(100_000),
            conversations=n(20_000),
            messages=n(200_000),
            notifications=n(200_000),
        )


class TextPool:
    """Realistic text, generated once and drawn from at random."""

    def __init__(self, faker: Faker, rng: random.Random, *, size: int = 6_000):
        self.rng = rng
        self.titles = [self._title(faker) for _ in range(size)]
        self.paragraphs = [faker.paragraph(nb_sentences=6) for _ in range(size)]
        self.sentences = [faker.sentence(nb_words=14) for _ in range(size)]
        self.skills = [faker.word() for _ in range(300)]

    @staticmethod
    def _title(faker: Faker) -> str:
        return f"{faker.bs().capitalize()} for {faker.catch_phrase().lower()}"[:160]

    def title(self):
        return self.rng.choice(self.titles)

    def paragraph(self):
        return self.rng.choice(self.paragraphs)

    def sentence(self):
        return self.rng.choice(self.sentences)

    def skill_list(self):
        return ", ".join(self.rng.sample(self.skills, self.rng.randint(1, 5)))


class Seeder:
    def __init__(self, scale: float, *, seed: int = 20261127):
        self.sizes = Sizes.at(scale)
        self.rng = random.Random(seed)
        faker = Faker()
        faker.seed_instance(seed)
        self.faker = faker
        self.text = TextPool(faker, self.rng, size=min(max(int(60_000 * scale), 300), 6_000))
        self.now = timezone.now()
        self.password = make_password(PASSWORD)
        self.next_user = 1
        self.owner_of = {}  # organization id -> its owner's user id
        self.buyer_ids = []
        self.provider_ids = []
        self.jobs = {}  # job id -> (status, buyer id)
        self.awarded = {}  # job id -> awarded bid's (id, organization id)
        self.bidders = {}  # job id -> organization ids that bid

    people_models = (User, Organization, Membership)

    def load_incomes(self):
        call_command(
            "load_country_incomes",
            str(settings.BASE_DIR / "certification/data/country_income_groups_fy2025.csv"),
            str(settings.BASE_DIR / "certification/data/country_income_groups.csv"),
            stdout=io.StringIO(),
        )

    def run(self):
        self.load_incomes()
        with transaction.atomic():
            self.organizations_and_people()
            self.jobs_and_bids()
        with transaction.atomic():
            self.reviews()
            self.labels()
            self.conversations()
            self.notifications()
        stats_rebuild()  # the counts the services keep, recounted from the rows COPY wrote
        reset_sequences(
            *self.people_models, Job, Bid, JobInvitation, Review, Label, Conversation, Message,
            Notification,
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # --- people ------------------------------------------------------------------------

    def _user(self, role: str, first: str, last: str) -> dict:
        user_id = self.next_user
        self.next_user += 1
        return {
            "id": user_id,
            "email": f"{slugify(first)}.{slugify(last)}.{user_id}@bench.example",
            "first_name": first,
            "last_name": last,
            "role": role,
            "password": self.password,
            "is_active": True,
            "date_joined": self.now - timedelta(days=self.rng.randint(1, 1500)),
        }

    def _organization(self, org_id: int, kind: str) -> dict:
        name = f"{self.faker.company()} {org_id}"
        row = {
            "id": org_id,
            "kind": kind,
            "name": name[:200],
            "slug": slugify(name)[:220],
        }
        if kind == OrganizationKind.BUYER:
            return row | {"country": self.rng.choice(BUYER_COUNTRIES)}
        high_income = self.rng.random() < 0.05
        return row | {
            "country": self.rng.choice(
                HIGH_INCOME_COUNTRIES if high_income else PROVIDER_COUNTRIES
            ),
            "city": self.faker.city(),
            "year_founded": self.rng.randint(1990, 2025),
            "employee_count": self.rng.choice([3, 8, 15, 40, 120, 300]),
            "local_ownership_percent": Decimal(self.rng.choice([40, 60, 75, 100])),
            "description": self.text.paragraph(),
        }

    def organizations_and_people(self):
        sizes = self.sizes
        users, organizations, memberships = [], [], []
        for org_id in range(1, sizes.providers + 1):
            organizations.append(self._organization(org_id, OrganizationKind.PROVIDER))
            owner = self._user(Role.PROVIDER, self.faker.first_name(), self.faker.last_name())
            users.append(owner)
            memberships.append((owner["id"], org_id))
            self.owner_of[org_id] = owner["id"]
            self.provider_ids.append(org_id)
        for index in range(sizes.buyers):
            buyer = self._user(Role.BUYER, self.faker.first_name(), self.faker.last_name())
            users.append(buyer)
            self.buyer_ids.append(buyer["id"])
            if index % 3:  # two buyers in three buy for a company
                org_id = sizes.providers + index + 1
                organizations.append(self._organization(org_id, OrganizationKind.BUYER))
                memberships.append((buyer["id"], org_id))
        copy_rows(User, tqdm(users, desc="users", unit="row"))
        copy_rows(Organization, tqdm(organizations, desc="organizations", unit="row"))
        copy_rows(
            Membership,
            (
                {"id": i, "user_id": u, "organization_id": o, "role": MembershipRole.OWNER}
                for i, (u, o) in enumerate(memberships, 1)
            ),
        )

    # --- jobs and bids -------------------------------------------------------------------

    def _job(self, job_id: int, buyer_id: int, status: str) -> dict:
        low = Decimal(self.rng.choice([200, 500, 800, 1500, 3000, 8000]))
        fixed = self.rng.random() < 0.6
        if status == JobStatus.OPEN:
            published = self.now - timedelta(days=self.rng.uniform(0, 60))
            deadline = self.now + timedelta(days=self.rng.uniform(1, 45))
        else:
            published = self.now - timedelta(days=self.rng.uniform(60, 700))
            deadline = published + timedelta(days=self.rng.uniform(5, 40))
        return {
            "id": job_id,
            "buyer_id": buyer_id,
            "title": self.text.title(),
            "description": self.text.paragraph(),
            "category": self.rng.choice(Category.values),
            "skills": self.text.skill_list(),
            "budget_type": BudgetType.FIXED if fixed else BudgetType.HOURLY,
            "budget_min": low,
            "budget_max": low if fixed else low * 2,
            "currency": self.rng.choice(Currency.values[:4]),
            "bid_deadline": deadline,
            "delivery_date": (deadline + timedelta(days=30)).date(),
            "prefer_certified": self.rng.random() < 0.3,
            "visibility": Visibility.INVITE_ONLY if self.rng.random() < 0.05 else Visibility.PUBLIC,
            "status": status,
            "published_at": None if status == JobStatus.DRAFT else published,
            "created_at": published,
            "updated_at": published,
        }

    def _bid_count(self, status: str, ordinary_mean: float) -> int:
        if status == JobStatus.DRAFT:
            return 0
        if self.rng.random() < CROWDED_JOB_SHARE:
            return self.rng.randint(50, 80)
        return self.rng.randint(0, max(int(2 * ordinary_mean), 1))

    def _bid_status(self, job_status: str, index: int) -> str:
        if job_status in CONTRACT_STATUSES:
            return BidStatus.AWARDED if index == 0 else BidStatus.NOT_SELECTED
        if job_status == JobStatus.CANCELLED:
            return BidStatus.DECLINED
        return BidStatus.WITHDRAWN if self.rng.random() < 0.08 else BidStatus.ACTIVE

    def _bids_of(self, job: dict, organization_ids, next_bid: int):
        for index, organization_id in enumerate(organization_ids):
            status = self._bid_status(job["status"], index)
            if status == BidStatus.AWARDED:
                job["awarded_bid_id"] = next_bid + index
                self.awarded[job["id"]] = (next_bid + index, organization_id)
            yield {
                "id": next_bid + index,
                "job_id": job["id"],
                "organization_id": organization_id,
                "submitted_by_id": self.owner_of[organization_id],
                "price": job["budget_min"] * Decimal(self.rng.choice(["0.8", "0.9", "1", "1.1"])),
                "currency": job["currency"],
                "delivery_days": self.rng.randint(3, 90),
                "proposal": self.text.paragraph(),
                "status": status,
                "shortlisted": status == BidStatus.ACTIVE and self.rng.random() < 0.1,
                "created_at": job["published_at"] + timedelta(hours=index + 1),
                "updated_at": job["published_at"] + timedelta(hours=index + 1),
            }

    def jobs_and_bids(self):
        sizes = self.sizes
        statuses = list(JOB_STATUS_SHARES)
        status_weights = list(accumulate(JOB_STATUS_SHARES.values()))
        # A few buyers post most jobs (one posts thousands at full scale), as on real markets.
        buyer_weights = list(accumulate(1 / rank for rank in range(1, len(self.buyer_ids) + 1)))
        crowded = CROWDED_JOB_SHARE * 65
        ordinary_mean = max((sizes.bids / (sizes.jobs * 0.96) - crowded) / 0.98, 0.5)
        jobs, bids = [], []
        next_bid = 1
        for job_id in tqdm(range(1, sizes.jobs + 1), desc="jobs and bids", unit="job"):
            status = self.rng.choices(statuses, cum_weights=status_weights)[0]
            buyer = self.rng.choices(self.buyer_ids, cum_weights=buyer_weights)[0]
            job = self._job(job_id, buyer, status)
            count = min(self._bid_count(status, ordinary_mean), len(self.provider_ids))
            if status in CONTRACT_STATUSES:
                count = max(count, 1)
            organization_ids = self.rng.sample(self.provider_ids, count)
            bids.extend(self._bids_of(job, organization_ids, next_bid))
            next_bid += count
            self.jobs[job_id] = (status, buyer, job["visibility"])
            self.bidders[job_id] = organization_ids
            jobs.append(job)
        copy_rows(Job, jobs)
        with tqdm(total=len(bids), desc="bids", unit="row") as progress:
            copy_rows(Bid, bids, progress=progress)
        Job.objects.update(search_document=job_search_document())
        self._invitations()

    def _invitations(self):
        rows = []
        for job_id, (_, _, visibility) in self.jobs.items():
            if visibility != Visibility.INVITE_ONLY:
                continue
            for organization_id in self.bidders[job_id]:
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "job_id": job_id,
                        "organization_id": organization_id,
                        "status": JobInvitationStatus.ACCEPTED,
                    }
                )
        copy_rows(JobInvitation, rows)

    # --- reviews, labels, conversations, notifications ----------------------------------

    def reviews(self):
        rows = []
        for job_id, (_, organization_id) in self.awarded.items():
            status, buyer, _ = self.jobs[job_id]
            if status != JobStatus.COMPLETED:
                continue
            for direction, author in (
                (ReviewDirection.OF_PROVIDER, buyer),
                (ReviewDirection.OF_BUYER, self.owner_of[organization_id]),
            ):
                written = self.now - timedelta(days=self.rng.uniform(1, 600))
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "job_id": job_id,
                        "direction": direction,
                        "created_at": written,
                        "published_at": written,
                        "author_id": author,
                        "provider_id": organization_id,
                        "rating": self.rng.choices([1, 2, 3, 4, 5], [1, 1, 3, 8, 10])[0],
                        "text": self.text.sentence(),
                        "hidden_at": self.now if self.rng.random() < 0.01 else None,
                        "hidden_reason": "Breaks the rules.",
                    }
                )
        copy_rows(Review, tqdm(rows, desc="reviews", unit="row"))

    def labels(self):
        """About 40% of providers hold a current label in each current status; the rest of
        the labels are past ones (expired or revoked), spread over every provider."""
        today = self.now.date()
        current = {
            LabelStatus.ACTIVE: (200, 300),
            LabelStatus.EXPIRING: (5, 25),
            LabelStatus.SUSPENDED: (100, 300),
        }
        rows = []
        for organization_id in self.provider_ids:
            if self.rng.random() >= 0.4 or len(rows) >= self.sizes.labels:
                continue
            status = self.rng.choices(list(current), [70, 15, 15])[0]
            until = today + timedelta(days=self.rng.randint(*current[status]))
            rows.append(self._label(len(rows) + 1, organization_id, status, until))
        while len(rows) < self.sizes.labels:
            status = self.rng.choices([LabelStatus.EXPIRED, LabelStatus.REVOKED], [85, 15])[0]
            until = today - timedelta(days=self.rng.randint(1, 2000))
            rows.append(
                self._label(len(rows) + 1, self.rng.choice(self.provider_ids), status, until)
            )
        copy_rows(Label, tqdm(rows, desc="labels", unit="row"))

    def _label(self, label_id, organization_id, status, until) -> dict:
        return {
            "id": label_id,
            "organization_id": organization_id,
            "code": f"bench{label_id:017d}",
            "status": status,
            "valid_from": until - timedelta(days=365),
            "valid_until": until,
            "auto_suspended": status == LabelStatus.SUSPENDED,
            "status_reason": "A criterion no longer holds." if status != "active" else "",
        }

    def conversations(self):
        rows, messages = [], []
        candidates = [job_id for job_id, bidders in self.bidders.items() if bidders]
        per_conversation = max(self.sizes.messages // self.sizes.conversations, 1)
        seen = set()
        while len(rows) < min(self.sizes.conversations, len(candidates)):
            job_id = self.rng.choice(candidates)
            organization_id = self.rng.choice(self.bidders[job_id])
            if (job_id, organization_id) in seen:
                continue
            seen.add((job_id, organization_id))
            conversation_id = len(rows) + 1
            buyer = self.jobs[job_id][1]
            owner = self.owner_of[organization_id]
            start = self.now - timedelta(days=self.rng.uniform(0, 300))
            for index in range(self.rng.randint(1, 2 * per_conversation - 1)):
                messages.append(
                    {
                        "id": len(messages) + 1,
                        "conversation_id": conversation_id,
                        "author_id": owner if index % 2 else buyer,
                        "text": self.text.sentence(),
                        "created_at": start + timedelta(minutes=17 * index),
                    }
                )
            rows.append(
                {
                    "id": conversation_id,
                    "job_id": job_id,
                    "organization_id": organization_id,
                    "started_by_id": owner,
                    "created_at": start,
                    "last_message_at": messages[-1]["created_at"],
                }
            )
        copy_rows(Conversation, tqdm(rows, desc="conversations", unit="row"))
        with tqdm(total=len(messages), desc="messages", unit="row") as progress:
            copy_rows(Message, messages, progress=progress)

    def notifications(self):
        last_user = self.next_user - 1
        rows = (
            {
                "id": index,
                "recipient_id": self.rng.randint(1, last_user),
                "kind": "new_bid",
                "message": self.text.sentence(),
                "url": f"/jobs/{self.rng.randint(1, self.sizes.jobs)}/",
                "read_at": self.now if self.rng.random() < 0.8 else None,
                "emailed_at": self.now,
                "created_at": self.now - timedelta(minutes=index),
            }
            for index in range(1, self.sizes.notifications + 1)
        )
        with tqdm(total=self.sizes.notifications, desc="notifications", unit="row") as progress:
            copy_rows(Notification, rows, progress=progress)


def seed(scale: float) -> Sizes:
    seeder = Seeder(scale)
    seeder.run()
    return seeder.sizes
