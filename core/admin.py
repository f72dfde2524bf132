from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from core.exceptions import ApplicationError


class ReadOnlyAdminMixin:
    """Staff may look but never write here: these rows change only through their services,
    which check the rules, write history and tell the people concerned. What staff may do
    to them is an admin action that calls a service."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        # Every field listed is only shown, a non-editable one (a creation time) included,
        # which a form could not hold.
        return [*super().get_readonly_fields(request, obj), *(self.fields or ())]


class ServiceSaveAdminMixin:
    """The admin's save goes through a service: save_through_service(request, obj, form,
    change) calls it with the form's cleaned data. A refusal is shown and nothing is saved."""

    def save_through_service(self, request, obj, form, change):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        try:
            self.save_through_service(request, obj, form, change)
        except ApplicationError as error:
            request.service_refusal = error

    def save_related(self, request, form, formsets, change):
        if getattr(request, "service_refusal", None) is None:
            super().save_related(request, form, formsets, change)

    def response_change(self, request, obj):
        refusal = getattr(request, "service_refusal", None)
        if refusal is not None:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        # An admin that adds rows sets obj.pk to the row its service created.
        refusal = getattr(request, "service_refusal", None)
        if refusal is not None:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)


def run_on_each(modeladmin, request, queryset, service, *, done: str) -> int:
    """Call service(obj, by=user) for each selected row, which keeps the rules; report each
    refusal, then how many were done. Returns that number."""
    count = 0
    for obj in queryset:
        try:
            service(obj, by=request.user)
        except ApplicationError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        else:
            count += 1
    if count:
        meta = modeladmin.model._meta
        noun = meta.verbose_name if count == 1 else meta.verbose_name_plural
        modeladmin.message_user(request, f"{done}: done for {count} {noun}.", messages.SUCCESS)
    return count


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        max_length=4000,
        help_text="Shown to the organization and kept in the history.",
    )


def action_with_note(
    decide,
    *,
    description: str,
    permission: str = "change",
    name: str = "",
    note_help: str = "Shown to the organization and kept in the history.",
):
    """An admin action asking for a note, then calling decide(obj, by=user, note=note) for
    each selected object; the action is named `name`, or after decide."""

    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        form = NoteForm(request.POST if "apply" in request.POST else None)
        form.fields["note"].help_text = note_help
        if form.is_valid():
            note = form.cleaned_data["note"]
            run_on_each(
                modeladmin,
                request,
                queryset,
                lambda obj, by: decide(obj, by=by, note=note),
                done=description,
            )
            return None
        return TemplateResponse(
            request,
            "admin/decision.html",
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

    action.__name__ = name or decide.__name__
    return action
