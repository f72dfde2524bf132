"""A job's pages and the actions on its page: posting and editing, the award's answer,
delivery, completion, reviews, and a provider's answer to an invitation."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.formats import day
from core.views import form_status, page_query, paginate, run_form, run_service
from files.forms import limits_help
from marketplace import selectors
from marketplace.forms import DeliveryForm, JobFilterForm, JobForm, ReasonForm, ReviewForm
from marketplace.models import JobInvitation, JobStatus
from marketplace.services import jobs as job_services
from marketplace.services.reviews import review_create
from marketplace.views.common import bidder_membership, own_job, visible_job


def job_list(request):
    form = JobFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    jobs = selectors.job_list(user=request.user, **filters)
    return render(
        request,
        "marketplace/job_list.html",
        {"form": form, "page": paginate(request, jobs), "query": page_query(request)},
    )


@login_required
def job_create(request):
    if not selectors.may_post_jobs(request.user):
        raise PermissionDenied(
            _("Only buyers post jobs. Providers find work under Jobs and bid on it.")
        )
    form = JobForm(request.POST or None)
    publish = "publish" in request.POST
    if created := run_form(
        request,
        form,
        partial(job_services.job_create, buyer=request.user, publish=publish),
        success=_("Your job is published.") if publish else _("Your draft is saved."),
    ):
        return redirect(created.result)
    return render(
        request, "marketplace/job_form.html", {"form": form, "job": None}, status=form_status(form)
    )


@login_required
def job_edit(request, pk):
    job = own_job(request, pk)
    form = JobForm(request.POST or None, instance=job)

    def save(**fields):
        job_services.job_update(job=job, by=request.user, **fields)
        if "publish" in request.POST and job.status == JobStatus.DRAFT:
            job_services.job_publish(job=job, by=request.user)

    if run_form(request, form, save, success=_("The job is saved.")):
        return redirect(job)
    return render(
        request, "marketplace/job_form.html", {"form": form, "job": job}, status=form_status(form)
    )


def job_detail(request, pk):
    job = visible_job(request, pk)
    reviews = list(selectors.job_reviews(job=job, user=request.user))
    viewer = selectors.job_viewer(job=job, user=request.user, reviews=reviews)
    context = {
        "job": job,
        "viewer": viewer,
        "buyer_organization": selectors.buyer_organization(job.buyer_id),
        "deliveries": selectors.job_deliveries(job=job) if viewer.involved else [],
        "brief_files": selectors.job_files(job=job),
        "file_help": limits_help(),
        "history": selectors.job_history(job=job) if viewer.involved else [],
        "reviews": reviews,
        "review_form": ReviewForm() if viewer.review_direction else None,
        "delivery_form": DeliveryForm(),
        "invitations": selectors.job_invitations(job=job) if viewer.is_buyer else [],
    }
    return render(request, "marketplace/job_detail.html", context)


# Award, delivery, completion


MAX_TEXT = 10_000


def _job_action(
    service,
    success: str,
    *,
    buyer_only: bool = False,
    text: str | None = None,
    uploads: bool = False,
):
    """A view that POSTs one action on a job to its service and returns to the job page.

    `text` names a required free-text field (a reason, a delivery message) passed on to the
    service, which explains what is missing when it is empty; with `uploads`, the files sent
    as "files" go to the service too, which checks them.
    """

    @login_required
    @require_POST
    def view(request, pk):
        job = own_job(request, pk) if buyer_only else visible_job(request, pk)
        kwargs = {}
        if text:
            kwargs[text] = request.POST.get(text, "").strip()
            if len(kwargs[text]) > MAX_TEXT:
                messages.error(
                    request,
                    _("Please keep it under {limit} characters.").format(
                        limit=number_format(MAX_TEXT)
                    ),
                )
                return redirect(job)
        if uploads:
            kwargs["uploads"] = request.FILES.getlist("files")
        run_service(request, lambda: service(job=job, by=request.user, **kwargs), success=success)
        return redirect(job)

    return view


job_publish = _job_action(
    job_services.job_publish, gettext_lazy("Your job is published."), buyer_only=True
)
job_cancel = _job_action(
    job_services.job_cancel,
    gettext_lazy("The job is cancelled and the bidders are told."),
    buyer_only=True,
    text="reason",
)
award_accept = _job_action(
    job_services.award_accept, gettext_lazy("You accepted the award. The job is in progress.")
)
award_decline = _job_action(
    job_services.award_decline,
    gettext_lazy("You declined the award. The buyer has been told."),
    text="reason",
)
job_deliver = _job_action(
    job_services.job_deliver,
    gettext_lazy("Your delivery is sent to the buyer."),
    text="message",
    uploads=True,
)
delivery_accept = _job_action(
    job_services.delivery_accept,
    gettext_lazy("You accepted the delivery. The job is completed: please review the provider."),
    buyer_only=True,
)
revision_request = _job_action(
    job_services.revision_request,
    gettext_lazy("You asked for a revision. The provider has been told."),
    buyer_only=True,
    text="reason",
)


# Reviews and invitations


def _review_written(review) -> str:
    if review.is_sealed:
        return gettext(
            "Thank you: your review is sealed until the other side writes theirs, or until %(day)s."
        ) % {"day": day(review.published_at)}
    return gettext("Thank you: both reviews are now published.")


@login_required
@require_POST
def review_add(request, pk):
    job = visible_job(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5 stars and write a few words."))
        return redirect(job)
    run_service(
        request,
        lambda: review_create(job=job, by=request.user, **form.cleaned_data),
        success=_review_written,
    )
    return redirect(job)


@login_required
@require_POST
def job_invitation_decline(request, pk):
    job = visible_job(request, pk)
    membership = bidder_membership(request)
    invitation = get_object_or_404(JobInvitation, job=job, organization=membership.organization)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run_service(
        request,
        lambda: job_services.job_invitation_decline(
            invitation=invitation, by=request.user, reason=reason
        ),
        success=_("You declined the invitation. The buyer has been told."),
    )
    return redirect(job)
