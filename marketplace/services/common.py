"""Checks of who may act, shared by the marketplace services."""

from django.contrib.postgres.search import SearchVector
from django.db import connection

from accounts.models import Membership, OrganizationKind, User
from core.exceptions import ApplicationError
from marketplace.models import Job, JobEvent, JobStatus
from marketplace.transitions import job_can_move


def require_job_buyer(job: Job, user: User) -> None:
    if job.buyer_id != user.pk:
        raise ApplicationError(
            "Only the buyer who posted this job can do this.", code="permission_denied"
        )


def provider_membership(user: User) -> Membership:
    membership = Membership.objects.select_related("organization").filter(user=user).first()
    if membership is None or membership.organization.kind != OrganizationKind.PROVIDER:
        raise ApplicationError(
            "Only members of a provider organization can do this.", code="permission_denied"
        )
    return membership


def require_awarded_provider(job: Job, user: User) -> None:
    awarded_organization_id = job.awarded_bid.organization_id if job.awarded_bid_id else None
    if (
        awarded_organization_id is None
        or not Membership.objects.filter(
            user=user, organization_id=awarded_organization_id
        ).exists()
    ):
        raise ApplicationError(
            "Only the provider awarded this job can do this.", code="permission_denied"
        )


def organization_users(*organization_ids: int) -> list[User]:
    """Every member of these organizations, in one query."""
    if not organization_ids:
        return []
    return list(User.objects.filter(memberships__organization_id__in=organization_ids))


def job_transition(*, job: Job, to: str, by: User | None, reason: str = "") -> Job:
    """The only place a job's status changes; writes the history row."""
    if not job_can_move(job.status, to):
        raise ApplicationError(
            f"A job that is {job.get_status_display().lower()} cannot become "
            f"{JobStatus(to).label.lower()}.",
            code="invalid_transition",
        )
    from_status = job.status
    job.status = to
    job.save(update_fields=["status", "awarded_bid", "published_at", "updated_at"])
    JobEvent.objects.create(job=job, from_status=from_status, to_status=to, actor=by, reason=reason)
    return job


def job_refresh_search_document(job: Job) -> None:
    """Keep the full-text document in step with the job's text (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    Job.objects.filter(pk=job.pk).update(
        search_document=SearchVector("title", weight="A", config="english")
        + SearchVector("skills", weight="A", config="english")
        + SearchVector("description", weight="B", config="english")
    )
