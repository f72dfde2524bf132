"""Bidding on a job, and the buyer's work on the bids: comparing, shortlisting, declining,
awarding."""

from decimal import Decimal
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.selectors import labels as label_selectors
from core.views import form_status, run_form, run_service
from marketplace import extensions, selectors
from marketplace.forms import (
    AwardForm,
    BidForm,
    BidSortForm,
    MilestoneFormSet,
    ReasonForm,
    milestones_from,
)
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from marketplace.views.common import bidder_membership, own_job, visible_job


@login_required
def bid_create(request, pk):
    job = visible_job(request, pk)
    bidder_membership(request)
    return _bid_page(request, job, bid=None)


@login_required
def bid_edit(request, pk):
    job = visible_job(request, pk)
    return _bid_page(request, job, bid=_own_bid(request, job))


def _own_bid(request, job):
    membership = bidder_membership(request)
    bid = selectors.own_bid(job=job, organization_id=membership.organization_id)
    if bid is None:
        raise Http404(_("Your organization has no bid on this job."))
    return bid


def _bid_page(request, job, *, bid):
    """The bid form with its milestones: a new bid on the job, or the organization's bid
    (`bid`) to change."""
    if bid is None:
        save = partial(bid_services.bid_submit, job=job)
        success = _("Your bid is placed. The buyer has been told.")
        initial = initial_milestones = None
    else:
        save = partial(bid_services.bid_update, bid=bid)
        success = _("Your bid is updated.")
        initial = {
            "price": bid.price,
            "delivery_days": bid.delivery_days,
            "proposal": bid.proposal,
            "weekly_hour_limit": bid.weekly_hour_limit,
        }
        initial_milestones = [
            {"title": m.title, "amount": m.amount, "due_date": m.due_date}
            for m in bid.milestones.all()
        ]
    form = BidForm(request.POST or None, initial=initial, job=job)
    milestones = MilestoneFormSet(
        request.POST or None, prefix="milestones", initial=initial_milestones
    )
    if milestones.is_valid() and run_form(
        request,
        form,
        partial(save, by=request.user, milestones=milestones_from(milestones)),
        success=success,
    ):
        return redirect(job)
    return render(
        request,
        "marketplace/bid_form.html",
        {"job": job, "form": form, "milestones": milestones, "bid": bid},
        status=form_status(form, milestones),
    )


@login_required
@require_POST
def bid_withdraw(request, pk):
    job = visible_job(request, pk)
    bid = _own_bid(request, job)
    run_service(
        request,
        lambda: bid_services.bid_withdraw(bid=bid, by=request.user),
        success=_("Your bid is withdrawn. You may bid again while the job is open."),
    )
    return redirect(job)


@login_required
def bid_comparison(request, pk):
    job = own_job(request, pk)
    sort_form = BidSortForm(request.GET or None)
    options = sort_form.options()
    bids = list(selectors.bids_for_comparison(job=job, **options))
    facts = extensions.provider_facts({bid.organization_id for bid in bids})
    for bid in bids:
        bid.provider_facts = facts[bid.organization_id]
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
    job = own_job(request, pk)
    return job, get_object_or_404(job.bids.select_related("organization"), pk=bid_pk)


@login_required
@require_POST
def bid_shortlist(request, pk, bid_pk):
    job, bid = _job_bid(request, pk, bid_pk)
    shortlisted = request.POST.get("shortlisted") == "1"
    run_service(
        request,
        lambda: bid_services.bid_shortlist(bid=bid, by=request.user, shortlisted=shortlisted),
        success=(
            _("{organization} is on your shortlist.")
            if shortlisted
            else _("{organization} is off your shortlist.")
        ).format(organization=bid.organization),
    )
    return redirect("marketplace:bid_comparison", pk=job.pk)


@login_required
@require_POST
def bid_decline(request, pk, bid_pk):
    job, bid = _job_bid(request, pk, bid_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the provider a reason for declining the bid."))
    else:
        run_service(
            request,
            lambda: bid_services.bid_decline(
                bid=bid, by=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("The bid of {organization} is declined; they see your reason.").format(
                organization=bid.organization
            ),
        )
    return redirect("marketplace:bid_comparison", pk=job.pk)


@login_required
def job_award(request, pk, bid_pk):
    """A page to confirm the award of one bid as shown (with a fair-trade premium for a
    certified provider), then the award itself."""
    job, bid = _job_bid(request, pk, bid_pk)
    certified = label_selectors.holds_label_in_force(bid.organization_id)
    form = AwardForm(
        request.POST or None,
        initial={
            "bid_version": bid.version,
            "premium_percent": settings.FAIR_TRADE_PREMIUM_DEFAULT_PERCENT,
        },
    )
    if not certified:
        del form.fields["premium_percent"]
    if request.method == "POST" and form.is_valid():
        premium = form.cleaned_data.get("premium_percent") or Decimal("0")
        awarded = run_service(
            request,
            lambda: job_services.job_award(
                job=job,
                bid_id=bid.pk,
                by=request.user,
                bid_version=form.cleaned_data["bid_version"],
                premium_percent=premium,
            ),
            success=_(
                "You awarded the job to {organization}. They have been asked to accept."
            ).format(organization=bid.organization),
        )
        return redirect(job) if awarded else redirect("marketplace:bid_comparison", pk=job.pk)
    return render(
        request,
        "marketplace/award_confirm.html",
        {"job": job, "bid": bid, "milestones": bid.milestones.all(), "form": form},
        status=form_status(form),
    )
