"""One small marketplace with every party in it, for the permission matrix.

Each role is a user; each object a URL can point at is built through the services, as users
would build it. Text that only some people may read carries a marker (``mk-...``), and
``MARKERS`` says who may see each one: the matrix fails if any other role finds it in a page.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts import services as account_services
from certification.models import EvidenceKind, LabelStatus
from certification.services import appeals as appeal_services
from certification.services import applications as application_services
from certification.services import labels as label_services
from contracts.models import Contract
from conversations import services as conversation_services
from marketplace.services import files as file_services
from marketplace.services import jobs as job_services
from notifications.models import Notification
from tests.factories import (
    BidFactory,
    BuyerFactory,
    ConcernFactory,
    JobFactory,
    LabelFactory,
    MembershipFactory,
    ProviderOrganizationFactory,
    ReviewerFactory,
    UserFactory,
    load_shipped_incomes,
    pdf_upload,
    text_upload,
)

ROLES = (
    "anonymous",
    "buyer",
    "other_buyer",
    "provider_owner",
    "provider_member",
    "other_provider",
    "reviewer",
    "superuser",
)

FIRM_A = ("provider_owner", "provider_member")

# Who may read each marker; every other role must never find it in an answer.
MARKERS = {
    "mk-bid-a-proposal": ("buyer", *FIRM_A, "superuser"),
    "mk-bid-b-proposal": ("buyer", "other_provider", "superuser"),
    "4321.77": ("buyer", *FIRM_A, "superuser"),  # firm A's sealed price
    "4,321.77": ("buyer", *FIRM_A, "superuser"),
    "mk-draft-title": ("buyer", "superuser"),
    "mk-conversation-a": ("buyer", *FIRM_A, "superuser"),
    "mk-conversation-b": ("buyer", "other_provider", "superuser"),
    "mk-bid-file-a": ("buyer", *FIRM_A, "superuser"),
    "mk-delivery-message": ("buyer", *FIRM_A, "superuser"),
    "mk-application-a": (*FIRM_A, "reviewer", "superuser"),
    "mk-evidence-a": (*FIRM_A, "reviewer", "superuser"),
    "mk-api-token-name": ("provider_owner",),
    "mk-concern-text": ("reviewer", "superuser"),
    "mk-appeal-a": (*FIRM_A, "reviewer", "superuser"),
    "mk-concern-a": (*FIRM_A, "reviewer", "superuser"),
    "mk-invitee": ("provider_owner",),
    **{f"mk-notification-of-{role}": (role,) for role in ROLES if role != "anonymous"},
}

# An invitation's link is its secret: whoever holds it is shown whom it invites.
SHOWN_TO_WHOEVER_HOLDS_THE_LINK = {"accounts:invitation": {"mk-invitee"}}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)


def _people(world: World):
    users = world.users
    users["buyer"] = BuyerFactory()
    users["other_buyer"] = BuyerFactory()
    firm_a = ProviderOrganizationFactory(name="Firm A Cooperative")
    users["provider_owner"] = MembershipFactory(owner=True, organization=firm_a).user
    users["provider_member"] = MembershipFactory(organization=firm_a).user
    firm_b = ProviderOrganizationFactory(name="Firm B Collective")
    users["other_provider"] = MembershipFactory(owner=True, organization=firm_b).user
    users["reviewer"] = ReviewerFactory()
    users["superuser"] = UserFactory(is_staff=True, is_superuser=True)
    for role, user in users.items():
        Notification.objects.create(
            recipient=user, kind="job_published", message=f"mk-notification-of-{role}"
        )
    return firm_a, firm_b


def _open_job(world: World, firm_a, firm_b):
    users = world.users
    job = JobFactory(buyer=users["buyer"])
    brief = file_services.job_files_add(job=job, by=users["buyer"], uploads=[pdf_upload()])[0]
    bid_a = BidFactory(
        job=job,
        organization=firm_a,
        submitted_by=users["provider_owner"],
        price=Decimal("4321.77"),
        proposal="mk-bid-a-proposal",
    )
    BidFactory(
        job=job,
        organization=firm_b,
        submitted_by=users["other_provider"],
        price=Decimal("3999.00"),
        proposal="mk-bid-b-proposal",
    )
    bid_file = file_services.bid_files_add(
        bid=bid_a, by=users["provider_owner"], uploads=[text_upload("mk-bid-file-a.txt")]
    )[0]
    conversation_a = conversation_services.conversation_start(
        job=job,
        by=users["provider_member"],
        text="mk-conversation-a",
        uploads=[text_upload("mk-conversation-a.txt")],
    )
    conversation_services.conversation_start(
        job=job, by=users["other_provider"], text="mk-conversation-b"
    )
    message = conversation_a.messages.get()
    attachment = message.attachments.get()
    world.targets.update(
        job={"pk": job.pk},
        job_bid_a={"pk": job.pk, "bid_pk": bid_a.pk},
        bid_a={"pk": bid_a.pk},
        job_file={"pk": job.pk, "file_pk": brief.file_id},
        bid_file={"pk": job.pk, "bid_pk": bid_a.pk, "file_pk": bid_file.file_id},
        conversation_a={"pk": conversation_a.pk},
        message_a={"pk": message.pk},
        conversation_message_a={"pk": conversation_a.pk, "message_pk": message.pk},
        attachment_a={"pk": conversation_a.pk, "file_pk": attachment.file_id},
    )


def _awarded_job(buyer, firm_a, owner, *, proposal="mk-bid-a-proposal"):
    job = JobFactory(buyer=buyer)
    bid = BidFactory(job=job, organization=firm_a, submitted_by=owner, proposal=proposal)
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    return job


def _jobs_later_in_life(world: World, firm_a):
    users = world.users
    draft = JobFactory(buyer=users["buyer"], draft=True, title="mk-draft-title")
    awarded = _awarded_job(users["buyer"], firm_a, users["provider_owner"])
    delivered = _awarded_job(users["buyer"], firm_a, users["provider_owner"])
    job_services.award_accept(job=delivered, by=users["provider_owner"])
    delivery = job_services.job_deliver(
        job=delivered,
        by=users["provider_member"],
        message="mk-delivery-message",
        uploads=[text_upload("mk-delivery-message.txt")],
    )
    delivery_file = delivery.files.get()
    contract = Contract.objects.get(job=delivered)
    world.targets.update(
        contract={"pk": contract.pk},
        contract_milestone={"pk": contract.pk, "milestone_pk": contract.milestones.first().pk},
        # No payment is sent nor work submitted yet: these point inside the contract, at
        # nothing, so they answer as far as the contract's own check lets each role come.
        contract_payment={"pk": contract.pk, "payment_pk": 999999},
        contract_file={"pk": contract.pk, "file_pk": 999999},
        contract_dispute={"pk": contract.pk, "dispute_pk": 999999},
        receipt={"pk": 999999},  # none yet: nothing was paid
        contract_timesheet={"pk": contract.pk, "timesheet_pk": 999999},  # a fixed-price one
        milestone={"pk": contract.milestones.first().pk},
        # The API names payments, disputes and premium uses by their own ids: none yet.
        nothing={"pk": 999999},
    )
    world.targets.update(
        draft={"pk": draft.pk},
        awarded={"pk": awarded.pk},
        delivered={"pk": delivered.pk},
        delivery_file={
            "pk": delivered.pk,
            "delivery_pk": delivery.pk,
            "file_pk": delivery_file.file_id,
        },
    )


def _certification(world: World, firm_a):
    owner = world.users["provider_owner"]
    load_shipped_incomes()
    application = application_services.application_start(organization=firm_a, by=owner)
    application_services.application_update(
        application=application, by=owner, impact_description="mk-application-a"
    )
    evidence = application_services.evidence_add(
        application=application,
        by=owner,
        kind=EvidenceKind.values[0],
        upload=pdf_upload("mk-evidence-a.pdf"),
        valid_until=timezone.localdate() + timedelta(days=200),
    )
    label = LabelFactory(organization=ProviderOrganizationFactory())
    ConcernFactory(label=label, text="mk-concern-text")
    world.targets.update(evidence={"pk": evidence.pk}, label={"code": label.code})
    _appeal(world, firm_a)


def _appeal(world: World, firm_a):
    """Firm A appeals a reviewer's suspension of its label, with a file; a concern about the
    label waits for its answer."""
    label = LabelFactory(organization=firm_a)
    concern = ConcernFactory(label=label, text="mk-concern-a")
    suspended = label_services.label_transition(
        label=label, to=LabelStatus.SUSPENDED, by=world.users["reviewer"], reason="Late wages."
    )
    appeal = appeal_services.appeal_lodge(
        decision=suspended.events.get(),
        by=world.users["provider_owner"],
        statement="mk-appeal-a",
        uploads=[pdf_upload("mk-appeal-file-a.pdf")],
    )
    world.targets.update(appeal_file={"pk": appeal.files.get().pk}, concern_a={"pk": concern.pk})


def _accounts(world: World, firm_a):
    owner = world.users["provider_owner"]
    invitation = account_services.invitation_create(
        organization=firm_a, by=owner, email="mk-invitee@example.com"
    )
    token, _key = account_services.api_token_create(user=owner, name="mk-api-token-name")
    membership = world.users["provider_member"].memberships.get()
    world.targets.update(
        provider_a={"slug": firm_a.slug},
        invitation={"pk": invitation.pk},
        invitation_token={"token": invitation.token},
        membership={"pk": membership.pk},
        api_token={"pk": token.pk},
        notification={"pk": Notification.objects.get(message="mk-notification-of-buyer").pk},
        email_key={"key": "no-such-key"},
        reset_key={"uidb36": "zz", "key": "no-such-key"},
    )


def build_world() -> World:
    world = World()
    firm_a, firm_b = _people(world)
    _open_job(world, firm_a, firm_b)
    _jobs_later_in_life(world, firm_a)
    _certification(world, firm_a)
    _accounts(world, firm_a)
    return world
