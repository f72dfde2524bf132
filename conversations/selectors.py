"""Reads of conversations, each shaped for its page (a fixed number of queries)."""

from collections.abc import Callable, Sequence

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts import selectors as account_selectors
from accounts.models import Organization, OrganizationKind, User
from conversations import rules
from conversations.models import (
    Conversation,
    EmailMode,
    EmailPreference,
    Message,
    MessageAttachment,
    MessageReport,
    ReadMarker,
)
from files.models import StoredFile
from marketplace.models import BidStatus, Job

VISIBLE = Q(withdrawn_at__isnull=True, hidden_at__isnull=True)
BUYER, PROVIDER, STAFF = "buyer", "provider", "staff"

# Reasons for staff to open a conversation besides a reported message, registered by the apps
# above this one (contracts: a dispute). Each takes a Conversation queryset, returns a subset.
_STAFF_ACCESS: list[Callable] = []


def register_staff_access(subset: Callable) -> None:
    """Let staff open the conversations that `subset(conversations)` returns."""
    _STAFF_ACCESS.append(subset)


# --- Who takes part --------------------------------------------------------------------------


def _participating(user: User) -> Q:
    """Conversations of jobs the user posted or a member of their buyer company posted, and
    conversations of the user's provider organization."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    membership = account_selectors.membership_for_user(user=user)
    mine = Q(job__buyer=user)
    if membership is not None and membership.organization.kind == OrganizationKind.BUYER:
        mine |= Q(job__buyer__memberships__organization_id=membership.organization_id)
    if membership is not None and membership.organization.kind == OrganizationKind.PROVIDER:
        mine |= Q(organization_id=membership.organization_id)
    return mine


def side_of(*, conversation: Conversation, user: User) -> str | None:
    """BUYER or PROVIDER for a participant, STAFF for staff allowed to look, else None."""
    if not user.is_authenticated:
        return None
    if conversation.job.buyer_id == user.pk:
        return BUYER
    membership = account_selectors.membership_for_user(user=user)
    if membership is not None:
        if membership.organization_id == conversation.organization_id:
            return PROVIDER
        if membership.organization.kind == OrganizationKind.BUYER and account_selectors.is_member(
            user=conversation.job.buyer, organization_id=membership.organization_id
        ):
            return BUYER
    if user.is_staff and staff_may_open(conversation=conversation):
        return STAFF
    return None


def staff_may_open(*, conversation: Conversation) -> bool:
    """Staff read a conversation only when a message in it is reported (or another app, such
    as contracts for a dispute, gives a reason)."""
    one = Conversation.objects.filter(pk=conversation.pk)
    if one.filter(Exists(MessageReport.objects.filter(message__conversation=OuterRef("pk")))):
        return True
    return any(subset(one).exists() for subset in _STAFF_ACCESS)


def participants(*, conversation: Conversation) -> list[User]:
    """Everyone who takes part: the buyer, their company's members, the provider's members."""
    job = conversation.job
    buyer_company = Organization.objects.filter(
        kind=OrganizationKind.BUYER, memberships__user_id=job.buyer_id
    ).values_list("pk", flat=True)
    people = User.objects.filter(
        Q(pk=job.buyer_id)
        | Q(memberships__organization_id__in=buyer_company)
        | Q(memberships__organization_id=conversation.organization_id)
    )
    return list(people.filter(is_active=True).distinct())


def conversation_for(*, pk: int, user: User) -> tuple[Conversation, str] | None:
    """The conversation and the viewer's side, if the viewer may open it."""
    conversation = (
        Conversation.objects.select_related("job__buyer", "job__awarded_bid", "organization")
        .filter(pk=pk)
        .first()
    )
    if conversation is None:
        return None
    side = side_of(conversation=conversation, user=user)
    return (conversation, side) if side else None


def closed_reason(*, conversation: Conversation) -> str:
    job = conversation.job
    return rules.closed_reason(
        job_status=job.status,
        awarded_organization_id=job.awarded_bid.organization_id if job.awarded_bid_id else None,
        organization_id=conversation.organization_id,
    )


def may_start_with(*, job: Job, organization: Organization) -> bool:
    """Whether the buyer may start a conversation with this organization: invited or bid."""
    return (
        job.invitations.filter(organization=organization).exists()
        or job.bids.filter(organization=organization).exclude(status=BidStatus.WITHDRAWN).exists()
    )


def may_ask(*, job: Job, user: User) -> bool:
    """Whether a provider may start the conversation of its organization about this job."""
    membership = account_selectors.provider_membership_for(user=user)
    if membership is None or job.buyer_id == user.pk:
        return False
    return not rules.may_start(
        job_status=job.status,
        awarded_organization_id=job.awarded_bid.organization_id if job.awarded_bid_id else None,
        organization_id=membership.organization_id,
        by_buyer=False,
        invited_or_bid=False,
    )


def organizations_to_write_to(*, job: Job):
    """Provider organizations the buyer invited or that bid, with no conversation yet."""
    invited = job.invitations.values("organization_id")
    bid = job.bids.exclude(status=BidStatus.WITHDRAWN).values("organization_id")
    started = job.conversations.values("organization_id")
    return (
        Organization.objects.filter(Q(pk__in=invited) | Q(pk__in=bid))
        .exclude(pk__in=started)
        .order_by("name")
    )


# --- Unread counts ---------------------------------------------------------------------------


def _read_upto(user: User, conversation_ref: str):
    return Coalesce(
        Subquery(
            ReadMarker.objects.filter(conversation=OuterRef(conversation_ref), user=user).values(
                "last_read_id"
            )[:1]
        ),
        Value(0),
        output_field=IntegerField(),
    )


def _unread(user: User):
    """Visible messages of others that the user has not read (each against its own
    conversation's read marker)."""
    return (
        Message.objects.filter(VISIBLE)
        .exclude(author=user)
        .filter(pk__gt=_read_upto(user, "conversation"))
    )


def conversations_for(*, user: User, job: Job | None = None):
    """The conversations a person takes part in (of one job, if given), newest activity
    first, each with unread_count for that person."""
    conversations = Conversation.objects.filter(
        pk__in=Conversation.objects.filter(_participating(user)).values("pk")
    )
    if job is not None:
        conversations = conversations.filter(job=job)
    unread = (
        _unread(user)
        .filter(conversation=OuterRef("pk"))
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        conversations.select_related("job__awarded_bid", "organization")
        .annotate(
            unread_count=Coalesce(Subquery(unread[:1]), Value(0), output_field=IntegerField())
        )
        .order_by("-last_message_at", "-pk")
    )


def unread_message_count(*, user: User) -> int:
    """Unread messages of others in every conversation the person takes part in."""
    if not user.is_authenticated:
        return 0
    mine = Conversation.objects.filter(_participating(user)).values("pk")
    return _unread(user).filter(conversation__in=mine).count()


def latest_message_id(*, conversation: Conversation) -> int:
    return conversation.messages.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- The thread ------------------------------------------------------------------------------


def thread_messages(*, conversation: Conversation):
    """The conversation's messages, newest first, with their authors and files."""
    return (
        conversation.messages.select_related("author")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=MessageAttachment.objects.select_related("file").order_by("pk"),
            )
        )
        .order_by("-pk")
    )


def thread_page(*, conversation: Conversation, page: str | int | None, size: int) -> Page:
    """A page of the thread counted from the newest message (page 1 is the latest); the
    page's object_list is in reading order (oldest first)."""
    current = Paginator(thread_messages(conversation=conversation), size).get_page(page)
    current.object_list = list(reversed(current.object_list))
    return current


def message_of(*, conversation: Conversation, pk: int) -> Message | None:
    return conversation.messages.select_related("author").filter(pk=pk).first()


def attachment_file(*, conversation: Conversation, file_pk: int, side: str) -> StoredFile | None:
    """A file attached to a message of this conversation that the viewer may still see
    (staff see hidden messages' files too)."""
    messages = conversation.messages.filter(withdrawn_at__isnull=True)
    if side != STAFF:
        messages = messages.filter(hidden_at__isnull=True)
    attachment = (
        MessageAttachment.objects.select_related("file")
        .filter(message__in=messages, file_id=file_pk)
        .first()
    )
    return attachment.file if attachment else None


# --- Staff -----------------------------------------------------------------------------------


def reported_messages():
    return MessageReport.objects.select_related(
        "message__author",
        "message__conversation__job",
        "message__conversation__organization",
        "reported_by",
    )


def email_modes_of(*, users: Sequence[User]) -> dict[int, str]:
    """How each person wants to hear of new messages by email: a digest unless they chose
    otherwise."""
    chosen = dict(EmailPreference.objects.filter(user__in=users).values_list("user_id", "mode"))
    return {user.pk: chosen.get(user.pk, EmailMode.DIGEST) for user in users}


def email_mode_of(*, user: User) -> str:
    return email_modes_of(users=[user])[user.pk]
