"""Files on a job's brief, a bid and a delivery: checked and kept by the files app, linked
here, downloaded through views that ask marketplace.selectors who may have them."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.models import User
from core.exceptions import ApplicationError
from files.services import files_delete, files_store
from marketplace.models import (
    Bid,
    BidFile,
    BidStatus,
    Delivery,
    DeliveryFile,
    Job,
    JobFile,
    JobStatus,
)
from marketplace.services.common import require_job_buyer
from marketplace.transitions import BRIEF_EDITABLE


@transaction.atomic
def job_files_add(*, job: Job, by: User, uploads: Sequence) -> list[JobFile]:
    """The buyer adds files to the brief while the job is a draft or open."""
    require_job_buyer(job, by)
    job = _locked_for_brief(job)
    return JobFile.objects.bulk_create(
        JobFile(job=job, file=stored) for stored in files_store(uploads=uploads, by=by)
    )


@transaction.atomic
def job_file_remove(*, job: Job, by: User, file_pk: int) -> None:
    """The buyer takes a file out of the brief while the job is a draft or open."""
    require_job_buyer(job, by)
    job = _locked_for_brief(job)
    link = JobFile.objects.select_related("file").filter(job=job, file_id=file_pk).first()
    if link is None:
        raise ApplicationError(_("This file is not in the brief (any more)."), code="not_found")
    link.delete()
    files_delete(stored_files=[link.file])


def _locked_for_brief(job: Job) -> Job:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in BRIEF_EDITABLE:
        raise ApplicationError(
            _("The brief's files can change only while the job is a draft or open."),
            code="invalid_transition",
        )
    return job


@transaction.atomic
def bid_files_add(*, bid: Bid, by: User, uploads: Sequence) -> list[BidFile]:
    """A member of the bidding organization adds files to its active bid on an open job."""
    if not account_selectors.is_member(user=by, organization_id=bid.organization_id):
        raise ApplicationError(
            _("Only members of the bidding organization can change this bid."),
            code="permission_denied",
        )
    bid = Bid.objects.select_for_update(of=("self",)).select_related("job").get(pk=bid.pk)
    if bid.status != BidStatus.ACTIVE or bid.job.status != JobStatus.OPEN:
        raise ApplicationError(
            _("Files can be added only to an active bid on an open job."),
            code="invalid_transition",
        )
    return BidFile.objects.bulk_create(
        BidFile(bid=bid, file=stored) for stored in files_store(uploads=uploads, by=by)
    )


def delivery_files_attach(*, delivery: Delivery, by: User, uploads: Sequence) -> None:
    """Keep the files handed over with a delivery (inside the delivery's transaction)."""
    if uploads:
        DeliveryFile.objects.bulk_create(
            DeliveryFile(delivery=delivery, file=stored)
            for stored in files_store(uploads=uploads, by=by)
        )
