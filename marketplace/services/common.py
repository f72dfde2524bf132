"""Checks of who may act, shared by the marketplace services."""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.models import Membership, User
from core.exceptions import ApplicationError
from marketplace.models import Job


def require_job_buyer(job: Job, user: User) -> None:
    if job.buyer_id != user.pk:
        raise ApplicationError(
            _("Only the buyer who posted this job can do this."), code="permission_denied"
        )


def provider_membership(user: User) -> Membership:
    membership = account_selectors.provider_membership_for(user=user)
    if membership is None:
        raise ApplicationError(
            _("Only members of a provider organization can do this."), code="permission_denied"
        )
    return membership


def require_awarded_provider(job: Job, user: User) -> None:
    awarded_organization_id = job.awarded_bid.organization_id if job.awarded_bid_id else None
    if not account_selectors.is_member(user=user, organization_id=awarded_organization_id):
        raise ApplicationError(
            _("Only the provider awarded this job can do this."), code="permission_denied"
        )


def job_refresh_search_document(job: Job) -> None:
    """Keep the full-text document in step with the job's text (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    Job.objects.filter(pk=job.pk).update(search_document=job_search_document())


def job_search_document():
    """The expression of a job's full-text document: its title and skills weigh most."""
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("skills", weight="A", config="english")
        + SearchVector("description", weight="B", config="english")
    )
