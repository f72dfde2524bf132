"""What the marketplace's pages share: the job a request may see or act on, and the provider
membership that bidding and answering invitations need."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.permissions import provider_membership_or_403
from marketplace import selectors


def visible_job(request, pk):
    job = selectors.job_for_page(pk=pk, user=request.user)
    if job is None:
        raise Http404(_("No such job."))
    return job


def own_job(request, pk):
    job = visible_job(request, pk)
    if job.buyer_id != request.user.pk:
        raise PermissionDenied(_("Only the buyer who posted this job can do this."))
    return job


def bidder_membership(request):
    return provider_membership_or_403(
        request.user, refusal=_("Only members of a provider organization can bid.")
    )
