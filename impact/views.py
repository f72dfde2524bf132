"""The buyer's impact dashboard, its printable statement and CSV, and the public /impact/."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import provider_membership_or_403
from core.views import form_status, paginate, run_form
from files.responses import download_response
from impact import platform, premiums, reports
from impact.forms import PeriodForm, PremiumUseForm
from impact.models import PlatformSummary
from impact.periods import PeriodChoice, period_for


def _buyer_period(request):
    """The form and the period it asks for (this quarter until the form says otherwise);
    the period is None while the form has errors. Buyers only."""
    if not request.user.is_buyer:
        raise PermissionDenied
    form = PeriodForm(request.GET or {"period": PeriodChoice.THIS_QUARTER})
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    period = period_for(
        data["period"], today=timezone.localdate(), start=data["start"], end=data["end"]
    )
    return form, period


def _report_page(request, template):
    form, period = _buyer_period(request)
    report = None
    if period is not None:
        report = reports.buyer_report(
            user=request.user, period=period, convert_to=form.cleaned_data["convert_to"]
        )
    context = {"form": form, "report": report, "query": request.GET.urlencode()}
    return render(request, template, context, status=form_status(form))


@login_required
def dashboard(request):
    return _report_page(request, "impact/dashboard.html")


@login_required
def statement(request):
    return _report_page(request, "impact/statement.html")


@login_required
def contracts_csv(request):
    form, period = _buyer_period(request)
    if period is None:
        return HttpResponse(status=400)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"fairbid-contracts-{period.start}-{period.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(reports.CSV_HEADER)
    writer.writerows(reports.contract_rows(user=request.user, period=period))
    return response


def public(request):
    """The platform's figures as the hourly task last computed them: one query."""
    summary = PlatformSummary.objects.filter(key="platform").first()
    context = {"summary": summary}
    if summary is not None:
        context["rows"] = platform.total_rows(summary.figures)
        context["charts"] = platform.public_charts(summary.figures)
    return render(request, "impact/public.html", context)


PREMIUMS_REFUSAL = _("Premium uses are reported by the members of a provider organization.")


@login_required
def premium_uses(request):
    """A provider organization's premium use reports: the form, its totals per year and
    the reports themselves."""
    membership = provider_membership_or_403(request.user, refusal=PREMIUMS_REFUSAL)
    organization = membership.organization
    form = PremiumUseForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        done = run_form(
            request,
            form,
            lambda **data: premiums.premium_use_report(
                organization=organization, by=request.user, **data
            ),
            success=gettext("Thank you: the use of the premium is recorded."),
        )
        if done:
            return redirect("impact:premium_uses")
    context = {
        "organization": organization,
        "form": form,
        "years": premiums.premiums_by_year(organization_id=organization.pk),
        "page": paginate(request, premiums.premium_uses(organization=organization)),
    }
    return render(request, "impact/premium_uses.html", context, status=form_status(form))


@login_required
def premium_use_evidence(request, pk):
    membership = provider_membership_or_403(request.user, refusal=PREMIUMS_REFUSAL)
    use = get_object_or_404(
        premiums.premium_uses(organization=membership.organization), pk=pk, evidence__isnull=False
    )
    return download_response(use.evidence)
