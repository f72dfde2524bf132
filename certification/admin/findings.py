"""Findings in admin: recorded on a label with an action that asks what, how grave and by
when; closed with a note."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from certification.models import Finding, FindingSeverity
from certification.services import findings as finding_services
from core.admin import ReadOnlyAdminMixin, action_with_note, run_on_each


class FindingForm(forms.Form):
    severity = forms.ChoiceField(choices=FindingSeverity.choices, widget=forms.RadioSelect)
    problem = forms.CharField(
        label="What is wrong", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    required_action = forms.CharField(
        label="What must be done", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


DESCRIPTION = "Record a finding"


def finding_form_page(modeladmin, request, queryset, *, form, title: str):
    """The intermediate page that asks for a finding (and whatever else `form` holds)."""
    return TemplateResponse(
        request,
        "admin/certification/finding_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "queryset": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description=DESCRIPTION, permissions=["record_finding"])
def record_finding(modeladmin, request, queryset):
    """Ask for the finding, then record it on each selected label through its service."""
    form = FindingForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        run_on_each(
            modeladmin,
            request,
            queryset,
            lambda label, by: finding_services.finding_record(
                label=label, by=by, **form.cleaned_data
            ),
            done=DESCRIPTION,
        )
        return None
    return finding_form_page(modeladmin, request, queryset, form=form, title=DESCRIPTION)


def close_finding(finding, *, by, note):
    finding_services.finding_close(finding=finding, by=by, note=note)


class FindingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["created_at", "severity", "problem", "required_action", "deadline", "closed_at"]
    readonly_fields = fields


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    """Findings are recorded from a label's list and closed here with a note."""

    list_display = ["__str__", "label", "severity", "deadline", "closed_at"]
    list_filter = ["severity", ("closed_at", admin.EmptyFieldListFilter), "deadline"]
    search_fields = ["label__code", "label__organization__name", "problem"]
    list_select_related = ["label__organization"]
    fields = [
        "label",
        "severity",
        "problem",
        "required_action",
        "deadline",
        "raised_by",
        "created_at",
        "closed_at",
        "closed_by",
        "close_note",
    ]
    readonly_fields = fields
    actions = [action_with_note(close_finding, description="Close the finding")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The action needs it; a finding's own page is only to read.
        return obj is None and request.user.has_perm("certification.add_finding")

    def has_delete_permission(self, request, obj=None):
        return False
