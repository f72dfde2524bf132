"""Files on a job's brief, a bid and a delivery: adding them, and downloading them once
marketplace.selectors says the person may (404 otherwise, so nothing is revealed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_service
from files.responses import download_response, preview_response
from marketplace import selectors
from marketplace.services import files as file_services
from marketplace.views.common import bidder_membership, visible_job


def _add(request, job, add, success: str):
    """Hand the uploaded files to the service, which checks their sizes and types."""
    uploads = request.FILES.getlist("files")
    if uploads:
        run_service(request, lambda: add(uploads), success=success)
    else:
        messages.error(request, _("Choose at least one file."))
    return redirect(job)


@login_required
@require_POST
def job_files_add(request, pk):
    job = visible_job(request, pk)
    return _add(
        request,
        job,
        lambda uploads: file_services.job_files_add(job=job, by=request.user, uploads=uploads),
        _("The files are added to the brief."),
    )


@login_required
@require_POST
def job_file_remove(request, pk, file_pk):
    job = visible_job(request, pk)
    run_service(
        request,
        lambda: file_services.job_file_remove(job=job, by=request.user, file_pk=file_pk),
        success=_("The file is removed from the brief."),
    )
    return redirect(job)


@login_required
@require_POST
def bid_files_add(request, pk):
    job = visible_job(request, pk)
    membership = bidder_membership(request)
    bid = selectors.own_bid(job=job, organization_id=membership.organization_id)
    if bid is None:
        raise Http404(_("Your organization has no bid on this job."))
    return _add(
        request,
        job,
        lambda uploads: file_services.bid_files_add(bid=bid, by=request.user, uploads=uploads),
        _("The files are added to your bid. Only the buyer sees them."),
    )


def _serve(stored_file, respond):
    if stored_file is None:
        raise Http404(_("No such file."))
    return respond(stored_file)


def job_file(request, pk, file_pk, preview=False):
    """A file of the brief, for whoever may see the job (anonymous visitors too)."""
    job = visible_job(request, pk)
    return _serve(
        selectors.job_file(job=job, file_pk=file_pk),
        preview_response if preview else download_response,
    )


@login_required
def bid_file(request, pk, bid_pk, file_pk, preview=False):
    job = visible_job(request, pk)
    return _serve(
        selectors.bid_file(job=job, bid_pk=bid_pk, file_pk=file_pk, user=request.user),
        preview_response if preview else download_response,
    )


@login_required
def delivery_file(request, pk, delivery_pk, file_pk, preview=False):
    job = visible_job(request, pk)
    return _serve(
        selectors.delivery_file(
            job=job, delivery_pk=delivery_pk, file_pk=file_pk, user=request.user
        ),
        preview_response if preview else download_response,
    )
