"""A contract's page and the parties' actions on it: submitting a milestone's work, asking
for changes, approving (which releases the money), confirming a payment arrived."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import selectors
from contracts.forms import TimesheetForm
from contracts.models import (
    Dispute,
    DisputeFile,
    MilestoneStatus,
    OutgoingPayment,
    SubmissionFile,
)
from contracts.payments import provider_for
from contracts.services import disputes as dispute_services
from contracts.services import ending as ending_services
from contracts.services import hourly as hourly_services
from contracts.services import milestones as milestone_services
from contracts.services import money as money_services
from contracts.services.auto_approval import approval_due
from core.views import form_status, run_form, run_service
from files.forms import limits_help
from files.responses import download_response

MAX_TEXT = 10_000


def _contract(request, pk):
    contract = selectors.contract_for_page(pk)
    if contract is None or not selectors.may_view(contract=contract, user=request.user):
        raise Http404(_("No such contract."))
    return contract


@login_required
def contract_detail(request, pk):
    return _contract_page(request, _contract(request, pk))


def _contract_page(request, contract, *, timesheet_form=None):
    """The contract's page; with a refused timesheet form shown again (400) as typed."""
    milestones = list(contract.milestones.all())
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "timesheet_form": timesheet_form or TimesheetForm(),
            "timesheets": selectors.timesheets_of(contract),
            "contract": contract,
            "milestones": milestones,
            "money": selectors.milestone_money(milestones),
            "is_buyer": contract.buyer_id == request.user.pk,
            "is_provider": selectors.is_provider_member(contract=contract, user=request.user),
            "collections": {
                milestone.pk: provider_for(milestone.funding.method).collect(milestone.funding)
                for milestone in milestones
                if milestone.status == MilestoneStatus.PENDING
            },
            "file_help": limits_help(),
            "next": selectors.next_step(contract),
            "disputes": selectors.disputes_by_milestone(milestones),
            "approval_due": {
                milestone.pk: approval_due(milestone)
                for milestone in milestones
                if milestone.status == MilestoneStatus.SUBMITTED
            },
        },
        status=form_status(timesheet_form),
    )


@login_required
@require_POST
def timesheet_submit(request, pk):
    contract = _contract(request, pk)
    form = TimesheetForm(request.POST)
    if run_form(
        request,
        form,
        partial(hourly_services.timesheet_submit, contract=contract, by=request.user),
        success=_("The hours are logged. The buyer has been told."),
    ):
        return redirect(contract)
    return _contract_page(request, contract, timesheet_form=form)


def _timesheet_action(service, success: str, *, text: str | None = None, uploads=False):
    @login_required
    @require_POST
    def view(request, pk, timesheet_pk):
        contract = _contract(request, pk)
        timesheet = get_object_or_404(contract.timesheets.all(), pk=timesheet_pk)
        kwargs = {text: request.POST.get(text, "").strip()} if text else {}
        if uploads:
            kwargs["uploads"] = request.FILES.getlist("files")
        run_service(
            request,
            lambda: service(timesheet=timesheet, by=request.user, **kwargs),
            success=success,
        )
        return redirect(contract)

    return view


timesheet_approve = _timesheet_action(
    hourly_services.timesheet_approve,
    _("The hours are approved: their amount is due. Fund it with its reference."),
)
timesheet_dispute = _timesheet_action(
    hourly_services.timesheet_dispute,
    _("You disputed the hours. The provider has been told."),
    text="reason",
)
timesheet_mediation = _timesheet_action(
    dispute_services.timesheet_dispute_open,
    _("A mediator is asked to decide the week. The other side is asked to answer first."),
    text="reason",
    uploads=True,
)


def _milestone_action(service, success: str, *, text: str | None = None, uploads=False):
    """A view that POSTs one action on a milestone to its service, back to the contract."""

    @login_required
    @require_POST
    def view(request, pk, milestone_pk):
        contract = _contract(request, pk)
        milestone = get_object_or_404(contract.milestones.all(), pk=milestone_pk)
        kwargs = {}
        if text:
            kwargs[text] = request.POST.get(text, "").strip()
            if len(kwargs[text]) > MAX_TEXT:
                messages.error(
                    request, _("Please keep it under %(max)s characters.") % {"max": "10,000"}
                )
                return redirect(contract)
        if uploads:
            kwargs["uploads"] = request.FILES.getlist("files")
        run_service(
            request,
            lambda: service(milestone=milestone, by=request.user, **kwargs),
            success=success,
        )
        return redirect(contract)

    return view


milestone_submit = _milestone_action(
    milestone_services.milestone_submit,
    _("Your work is submitted. The buyer has been told."),
    text="message",
    uploads=True,
)
milestone_request_changes = _milestone_action(
    milestone_services.milestone_request_changes,
    _("You asked for changes. The provider has been told."),
    text="reason",
)
dispute_open = _milestone_action(
    dispute_services.dispute_open,
    _("The dispute is open. The other side is asked to answer, then a mediator decides."),
    text="reason",
    uploads=True,
)
milestone_approve = _milestone_action(
    milestone_services.milestone_approve,
    _("You approved the milestone: its money is released to the provider."),
)


@login_required
@require_POST
def contract_end(request, pk):
    contract = _contract(request, pk)
    reason = request.POST.get("reason", "").strip()[:MAX_TEXT]
    run_service(
        request,
        lambda: ending_services.contract_end_agree(
            contract=contract, by=request.user, reason=reason
        ),
        success=_("Your agreement to end the contract is recorded."),
    )
    return redirect(contract)


@login_required
@require_POST
def dispute_answer(request, pk, dispute_pk):
    contract = _contract(request, pk)
    dispute = get_object_or_404(
        Dispute.objects.filter(Q(milestone__contract=contract) | Q(timesheet__contract=contract)),
        pk=dispute_pk,
    )
    answer = request.POST.get("answer", "").strip()
    run_service(
        request,
        lambda: dispute_services.dispute_answer(
            dispute=dispute, by=request.user, answer=answer, uploads=request.FILES.getlist("files")
        ),
        success=_("Your answer is recorded. The mediator decides next."),
    )
    return redirect(contract)


@login_required
def dispute_file(request, pk, file_pk):
    contract = _contract(request, pk)
    link = get_object_or_404(
        DisputeFile.objects.select_related("file").filter(
            Q(dispute__milestone__contract=contract) | Q(dispute__timesheet__contract=contract)
        ),
        file_id=file_pk,
    )
    return download_response(link.file)


@login_required
@require_POST
def payment_confirm(request, pk, payment_pk):
    contract = _contract(request, pk)
    outgoing = get_object_or_404(OutgoingPayment, pk=payment_pk, milestone__contract=contract)
    run_service(
        request,
        lambda: money_services.outgoing_confirm(outgoing=outgoing, by=request.user),
        success=_("Thank you: the payment is confirmed as received."),
    )
    return redirect(contract)


@login_required
def submission_file(request, pk, file_pk):
    contract = _contract(request, pk)
    link = get_object_or_404(
        SubmissionFile.objects.select_related("file"),
        file_id=file_pk,
        submission__milestone__contract=contract,
    )
    return download_response(link.file)
