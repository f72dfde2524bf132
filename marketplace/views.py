from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from accounts.models import Organization, OrganizationKind
from certification import selectors as label_selectors
from core.exceptions import ApplicationError
from core.forms import add_error
from core.views import paginate
from files.forms import limits_help
from marketplace import selectors
from marketplace.forms import (
    BidForm,
    BidSortForm,
    DeliveryForm,
    DirectoryFilterForm,
    JobFilterForm,
    JobForm,
    JobInviteForm,
    MilestoneFormSet,
    ReasonForm,
    ReviewForm,
    milestones_from,
)
from marketplace.models import BidStatus, JobInvitation, JobStatus
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from marketplace.services.reviews import review_create


def _visible_job(request, pk):
    job = selectors.job_for_page(pk=pk, user=request.user)
    if job is None:
        raise Http404("No such job.")
    return job


def _own_job(request, pk):
    job = _visible_job(request, pk)
    if job.buyer_id != request.user.pk:
        raise PermissionDenied("Only the buyer who posted this job can do this.")
    return job


def _act(request, action, success: str) -> bool:
    """Run a service; tell the person how it went."""
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


# Home and dashboards


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/landing.html")
    membership = account_selectors.membership_for_user(user=user)
    if user.is_staff:
        return render(request, "home/staff.html", {"membership": membership})
    if membership is not None and membership.organization.kind == OrganizationKind.PROVIDER:
        return _provider_dashboard(request, membership)
    if user.is_provider:
        return render(request, "home/provider.html", {"membership": membership})
    return _buyer_dashboard(request, membership)


def _buyer_dashboard(request, membership):
    jobs = list(selectors.buyer_jobs(user=request.user))
    groups = [
        (status, [job for job in jobs if job.status == status])
        for status in (
            JobStatus.OPEN,
            JobStatus.AWARDED,
            JobStatus.IN_PROGRESS,
            JobStatus.DELIVERED,
            JobStatus.DRAFT,
            JobStatus.COMPLETED,
            JobStatus.CANCELLED,
        )
    ]
    return render(
        request,
        "marketplace/dashboard_buyer.html",
        {"membership": membership, "groups": [(s, js) for s, js in groups if js], "jobs": jobs},
    )


def _provider_dashboard(request, membership):
    organization_id = membership.organization_id
    context = {
        "membership": membership,
        "organization": membership.organization,
        "open_bids": selectors.provider_bids(
            organization_id=organization_id, statuses=[BidStatus.ACTIVE]
        ),
        "contracts": selectors.provider_contracts(
            organization_id=organization_id,
            statuses=[JobStatus.AWARDED, JobStatus.IN_PROGRESS, JobStatus.DELIVERED],
        ),
        "completed": selectors.provider_contracts(
            organization_id=organization_id, statuses=[JobStatus.COMPLETED]
        )[:10],
        "invitations": selectors.provider_pending_invitations(organization_id=organization_id),
        "organization_label": label_selectors.label_for_organization(membership.organization),
    }
    return render(request, "marketplace/dashboard_provider.html", context)


# Jobs


def job_list(request):
    form = JobFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    jobs = selectors.job_list(user=request.user, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "marketplace/job_list.html",
        {"form": form, "page": paginate(request, jobs), "query": query.urlencode()},
    )


@login_required
def job_create(request):
    if not selectors.may_post_jobs(request.user):
        raise PermissionDenied(
            "Only buyers post jobs. Providers find work under Jobs and bid on it."
        )
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            job = job_services.job_create(buyer=request.user, publish=publish, **form.cleaned_data)
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(
                request, "Your job is published." if publish else "Your draft is saved."
            )
            return redirect(job)
    return render(request, "marketplace/job_form.html", {"form": form, "job": None})


@login_required
def job_edit(request, pk):
    job = _own_job(request, pk)
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        try:
            job_services.job_update(job=job, by=request.user, **form.cleaned_data)
            if "publish" in request.POST and job.status == JobStatus.DRAFT:
                job_services.job_publish(job=job, by=request.user)
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, "The job is saved.")
            return redirect(job)
    return render(request, "marketplace/job_form.html", {"form": form, "job": job})


def job_detail(request, pk):
    job = _visible_job(request, pk)
    reviews = list(selectors.job_reviews(job=job))
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


# Bids


def _provider_membership_or_403(request):
    membership = account_selectors.membership_for_user(user=request.user)
    if membership is None or not membership.organization.is_provider:
        raise PermissionDenied("Only members of a provider organization can bid.")
    return membership


@login_required
def bid_create(request, pk):
    job = _visible_job(request, pk)
    _provider_membership_or_403(request)
    form = BidForm(request.POST or None)
    milestones = MilestoneFormSet(request.POST or None, prefix="milestones")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        try:
            bid_services.bid_submit(
                job=job,
                by=request.user,
                milestones=milestones_from(milestones),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Your bid is placed. The buyer has been told.")
            return redirect(job)
    return render(
        request,
        "marketplace/bid_form.html",
        {"job": job, "form": form, "milestones": milestones, "bid": None},
    )


def _own_bid(request, job):
    membership = _provider_membership_or_403(request)
    bid = selectors.own_bid(job=job, organization_id=membership.organization_id)
    if bid is None:
        raise Http404("Your organization has no bid on this job.")
    return bid


@login_required
def bid_edit(request, pk):
    job = _visible_job(request, pk)
    bid = _own_bid(request, job)
    initial_milestones = [
        {"title": m.title, "amount": m.amount, "due_date": m.due_date} for m in bid.milestones.all()
    ]
    form = BidForm(
        request.POST or None,
        initial={"price": bid.price, "delivery_days": bid.delivery_days, "proposal": bid.proposal},
    )
    milestones = MilestoneFormSet(
        request.POST or None, prefix="milestones", initial=initial_milestones
    )
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        try:
            bid_services.bid_update(
                bid=bid,
                by=request.user,
                milestones=milestones_from(milestones),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Your bid is updated.")
            return redirect(job)
    return render(
        request,
        "marketplace/bid_form.html",
        {"job": job, "form": form, "milestones": milestones, "bid": bid},
    )


@login_required
@require_POST
def bid_withdraw(request, pk):
    job = _visible_job(request, pk)
    bid = _own_bid(request, job)
    _act(
        request,
        lambda: bid_services.bid_withdraw(bid=bid, by=request.user),
        "Your bid is withdrawn. You may bid again while the job is open.",
    )
    return redirect(job)


@login_required
def bid_comparison(request, pk):
    job = _own_job(request, pk)
    sort_form = BidSortForm(request.GET or None)
    options = sort_form.options()
    bids = selectors.bids_for_comparison(job=job, **options)
    return render(
        request,
        "marketplace/bid_comparison.html",
        {
            "job": job,
            "bids": bids,
            "sort_form": sort_form,
            "options": options,
        },
    )


def _job_bid(request, pk, bid_pk):
    job = _own_job(request, pk)
    return job, get_object_or_404(job.bids.select_related("organization"), pk=bid_pk)


@login_required
@require_POST
def bid_shortlist(request, pk, bid_pk):
    job, bid = _job_bid(request, pk, bid_pk)
    shortlisted = request.POST.get("shortlisted") == "1"
    _act(
        request,
        lambda: bid_services.bid_shortlist(bid=bid, by=request.user, shortlisted=shortlisted),
        f"{bid.organization} is {'on' if shortlisted else 'off'} your shortlist.",
    )
    return redirect("marketplace:bid_comparison", pk=job.pk)


@login_required
@require_POST
def bid_decline(request, pk, bid_pk):
    job, bid = _job_bid(request, pk, bid_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the provider a reason for declining the bid.")
    else:
        _act(
            request,
            lambda: bid_services.bid_decline(
                bid=bid, by=request.user, reason=form.cleaned_data["reason"]
            ),
            f"The bid of {bid.organization} is declined; they see your reason.",
        )
    return redirect("marketplace:bid_comparison", pk=job.pk)


@login_required
def job_award(request, pk, bid_pk):
    """A page to confirm the award of one bid as shown, then the award itself."""
    job, bid = _job_bid(request, pk, bid_pk)
    if request.method != "POST":
        return render(
            request,
            "marketplace/award_confirm.html",
            {"job": job, "bid": bid, "milestones": bid.milestones.all()},
        )
    version = request.POST.get("bid_version", "")
    if _act(
        request,
        lambda: job_services.job_award(
            job=job,
            bid_id=bid.pk,
            by=request.user,
            bid_version=int(version) if version.isdigit() else 0,
        ),
        f"You awarded the job to {bid.organization}. They have been asked to accept.",
    ):
        return redirect(job)
    return redirect("marketplace:bid_comparison", pk=job.pk)


# Award, delivery, completion, reviews


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
        job = _own_job(request, pk) if buyer_only else _visible_job(request, pk)
        kwargs = {}
        if text:
            kwargs[text] = request.POST.get(text, "").strip()
            if len(kwargs[text]) > MAX_TEXT:
                messages.error(request, f"Please keep it under {MAX_TEXT:,} characters.")
                return redirect(job)
        if uploads:
            kwargs["uploads"] = request.FILES.getlist("files")
        _act(request, lambda: service(job=job, by=request.user, **kwargs), success)
        return redirect(job)

    return view


job_publish = _job_action(job_services.job_publish, "Your job is published.", buyer_only=True)
job_cancel = _job_action(
    job_services.job_cancel,
    "The job is cancelled and the bidders are told.",
    buyer_only=True,
    text="reason",
)
award_accept = _job_action(
    job_services.award_accept, "You accepted the award. The job is in progress."
)
award_decline = _job_action(
    job_services.award_decline, "You declined the award. The buyer has been told.", text="reason"
)
job_deliver = _job_action(
    job_services.job_deliver, "Your delivery is sent to the buyer.", text="message", uploads=True
)
delivery_accept = _job_action(
    job_services.delivery_accept,
    "You accepted the delivery. The job is completed: please review the provider.",
    buyer_only=True,
)
revision_request = _job_action(
    job_services.revision_request,
    "You asked for a revision. The provider has been told.",
    buyer_only=True,
    text="reason",
)


@login_required
@require_POST
def review_add(request, pk):
    job = _visible_job(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a rating from 1 to 5 stars and write a few words.")
        return redirect(job)
    _act(
        request,
        lambda: review_create(job=job, by=request.user, **form.cleaned_data),
        "Thank you: your review is published.",
    )
    return redirect(job)


# Invitations


@login_required
@require_POST
def job_invite(request, slug):
    organization = get_object_or_404(Organization, slug=slug, kind=OrganizationKind.PROVIDER)
    form = JobInviteForm(request.POST, jobs=selectors.jobs_open_for_invitations(user=request.user))
    if not form.is_valid():
        messages.error(request, "Choose one of your draft or open jobs to invite them to.")
        return redirect("marketplace:provider_profile", slug=slug)
    job = form.cleaned_data["job"]
    _act(
        request,
        lambda: job_services.job_invite(job=job, by=request.user, organization=organization),
        f"{organization} is invited to bid on “{job}”.",
    )
    return redirect("marketplace:provider_profile", slug=slug)


@login_required
@require_POST
def job_invitation_decline(request, pk):
    job = _visible_job(request, pk)
    membership = _provider_membership_or_403(request)
    invitation = get_object_or_404(JobInvitation, job=job, organization=membership.organization)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _act(
        request,
        lambda: job_services.job_invitation_decline(
            invitation=invitation, by=request.user, reason=reason
        ),
        "You declined the invitation. The buyer has been told.",
    )
    return redirect(job)


# Providers


def provider_directory(request):
    form = DirectoryFilterForm(request.GET or None, countries=selectors.provider_countries())
    filters = form.cleaned_data if form.is_valid() else {}
    organizations = selectors.provider_directory(
        country=filters.get("country", ""),
        category=filters.get("category", ""),
        min_rating=filters.get("min_rating"),
        label=filters.get("label", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "marketplace/provider_directory.html",
        {"form": form, "page": paginate(request, organizations), "query": query.urlencode()},
    )


def provider_profile(request, slug):
    organization = selectors.provider_profile(slug=slug)
    if organization is None:
        raise Http404("No such provider.")
    invite_jobs = (
        selectors.jobs_open_for_invitations(user=request.user)
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "marketplace/provider_profile.html",
        {
            "organization": organization,
            "reviews": paginate(request, selectors.provider_reviews(organization=organization), 10),
            "invite_form": JobInviteForm(jobs=invite_jobs) if invite_jobs else None,
        },
    )
