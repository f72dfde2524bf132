"""Contracts in Django admin: read-only, except what finance records through actions that
call the services: finance records a payment received, a payout or refund sent, an excess
refunded; mediators take and decide disputes."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from contracts.models import (
    Contract,
    ContractEvent,
    Dispute,
    DisputeFile,
    Funding,
    Milestone,
    MilestoneEvent,
    Outcome,
    OutgoingPayment,
    Receipt,
    ReceivedPayment,
    Timesheet,
)
from contracts.services import disputes, money
from contracts.services.money import funding_received
from core.admin import ReadOnlyAdmin, ReadOnlyInline, run_on_each


def action_with_form(decide, form_class, *, description: str, permission: str):
    """An admin action that asks for form_class's fields, then calls
    decide(obj, by=user, **cleaned_data) for each selected row through its service."""

    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            run_on_each(
                modeladmin,
                request,
                queryset,
                lambda obj, by: decide(obj, by=by, **form.cleaned_data),
                done=description,
            )
            return None
        return TemplateResponse(
            request,
            "contracts/admin/action_form.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": description,
                "queryset": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "opts": modeladmin.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    action.__name__ = decide.__name__
    return action


class ReceivedForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received"), min_value=0.01, max_digits=12, decimal_places=2
    )
    bank_reference = forms.CharField(
        label=_("Bank's or operator's reference of the transfer"), max_length=100
    )


class SentForm(forms.Form):
    reference = forms.CharField(label=_("Reference of the transfer sent"), max_length=100)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    to_provider = forms.DecimalField(
        label=_("For a split: to the provider"), required=False, min_value=0, decimal_places=2
    )
    to_buyer = forms.DecimalField(
        label=_("For a split: back to the buyer"), required=False, min_value=0, decimal_places=2
    )
    note = forms.CharField(
        label=_("Note to both sides"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )


def take_dispute(dispute, *, by):
    disputes.dispute_take(dispute=dispute, by=by)


def decide_dispute(dispute, *, by, outcome, to_provider, to_buyer, note):
    disputes.dispute_decide(
        dispute=dispute,
        by=by,
        outcome=outcome,
        to_provider=to_provider,
        to_buyer=to_buyer,
        note=note,
    )


def record_payment(funding, *, by, amount, bank_reference):
    money.payment_record(funding=funding, amount=amount, bank_reference=bank_reference, by=by)


def refund_excess(funding, *, by):
    money.excess_refund(funding=funding, by=by)


def record_sent(outgoing, *, by, reference):
    money.outgoing_send(outgoing=outgoing, reference=reference, by=by)


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("position", "title", "amount", "premium", "due_date", "status")


class ContractEventInline(ReadOnlyInline):
    model = ContractEvent
    fields = ("created_at", "from_status", "to_status", "actor_name", "actor_task", "reason")


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ("job", "provider", "buyer", "kind", "price", "currency", "status")
    list_filter = ("status", "kind", "currency")
    search_fields = ("job__title", "provider__name", "buyer__email")
    inlines = [MilestoneInline, ContractEventInline]


class MilestoneEventInline(ReadOnlyInline):
    model = MilestoneEvent
    fields = ("created_at", "from_status", "to_status", "actor_name", "actor_task", "reason")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ("title", "contract", "amount", "premium", "status", "due_date")
    list_filter = ("status",)
    search_fields = ("title", "contract__job__title", "funding__reference")
    inlines = [MilestoneEventInline]


class ReceivedPaymentInline(ReadOnlyInline):
    model = ReceivedPayment
    fields = ("created_at", "amount", "bank_reference", "recorded_by")


@admin.register(Funding)
class FundingAdmin(ReadOnlyAdmin):
    list_display = ("reference", "milestone", "amount_due", "received", "currency", "method")
    search_fields = ("reference", "milestone__contract__job__title")
    inlines = [ReceivedPaymentInline]
    actions = [
        action_with_form(
            record_payment,
            ReceivedForm,
            description=_("Record a payment received with this reference"),
            permission="record_payment",
        ),
        action_with_form(
            refund_excess,
            forms.Form,
            description=_("Refund what was paid beyond what is due"),
            permission="record_sent",
        ),
    ]

    @admin.display(description=_("received, not yet applied"))
    def received(self, funding):
        return funding_received(funding)

    def has_record_payment_permission(self, request):
        return request.user.has_perm("contracts.record_payment")

    def has_record_sent_permission(self, request):
        return request.user.has_perm("contracts.record_sent")


@admin.register(OutgoingPayment)
class OutgoingPaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "kind",
        "milestone",
        "amount",
        "premium",
        "currency",
        "reference",
        "sent_at",
        "confirmed_at",
    )
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter), "currency")
    search_fields = ("reference", "milestone__contract__job__title")
    actions = [
        action_with_form(
            record_sent,
            SentForm,
            description=_("Record as sent, with the transfer's reference"),
            permission="record_sent",
        )
    ]

    def has_record_sent_permission(self, request):
        return request.user.has_perm("contracts.record_sent")


class DisputeFileInline(ReadOnlyInline):
    model = DisputeFile
    fields = ("file", "added_by_side")


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "opened_by_side",
        "opened_at",
        "answer_due",
        "answered_at",
        "mediator",
        "outcome",
    )
    list_filter = (("decided_at", admin.EmptyFieldListFilter), "outcome")
    search_fields = (
        "milestone__title",
        "milestone__contract__job__title",
        "timesheet__contract__job__title",
        "reason",
    )
    inlines = [DisputeFileInline]
    actions = [
        action_with_form(
            take_dispute,
            forms.Form,
            description=_("Take the dispute as its mediator"),
            permission="decide_dispute",
        ),
        action_with_form(
            decide_dispute,
            DecisionForm,
            description=_("Decide: release, refund or split"),
            permission="decide_dispute",
        ),
    ]

    def has_decide_dispute_permission(self, request):
        return request.user.has_perm("contracts.decide_dispute")


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "milestone", "amount", "premium", "currency", "created_at")
    list_filter = ("kind", "currency")
    search_fields = ("milestone__contract__job__title",)


@admin.register(Timesheet)
class TimesheetAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "contract", "hours", "status", "submitted_at")
    list_filter = ("status",)
    search_fields = ("contract__job__title",)
