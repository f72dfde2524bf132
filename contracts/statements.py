"""Receipts, remittance advices and the statements that list them: pages, print and CSV."""

import csv
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts import selectors
from contracts.models import DocumentKind, Receipt
from core.views import page_query, paginate


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or today.replace(month=1, day=1)
        end = data.get("end") or today
        return (start, end) if start <= end else (end, start)


@login_required
def receipt_detail(request, pk):
    receipt = (
        Receipt.objects.select_related(
            "milestone__contract__job",
            "milestone__contract__provider",
            "milestone__contract__buyer",
            "milestone__funding",
        )
        .filter(pk=pk)
        .first()
    )
    if receipt is None or not selectors.may_view_receipt(receipt=receipt, user=request.user):
        raise Http404(_("No such document."))
    return render(request, "contracts/receipt.html", {"receipt": receipt})


def _statement(request, kind: str, title: str, template_csv_name: str):
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    documents = selectors.statement(user=request.user, kind=kind, start=start, end=end)
    if request.GET.get("format") == "csv":
        return _csv(documents, f"{template_csv_name}-{start}-{end}.csv")
    return render(
        request,
        "contracts/statement.html",
        {
            "title": title,
            "form": form,
            "start": start,
            "end": end,
            "page": paginate(request, documents),
            "query": page_query(request),
            "totals": selectors.totals_by_currency(documents),
            "kind": kind,
        },
    )


def _csv(documents, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "number",
            "date",
            "job",
            "milestone",
            "buyer",
            "provider",
            "currency",
            "amount",
            "fair_trade_premium",
            "total",
        ]
    )
    for receipt in documents.iterator(chunk_size=500):
        contract = receipt.milestone.contract
        writer.writerow(
            [
                receipt.code,
                receipt.created_at.date().isoformat(),
                contract.job.title,
                receipt.milestone.title,
                contract.buyer.email,
                contract.provider.name,
                receipt.currency,
                receipt.amount,
                receipt.premium,
                receipt.total,
            ]
        )
    return response


@login_required
def earnings(request):
    return _statement(request, DocumentKind.REMITTANCE, _("Earnings"), "earnings")


@login_required
def spending(request):
    return _statement(request, DocumentKind.RECEIPT, _("Spending"), "spending")
