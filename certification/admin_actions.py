"""Admin actions that need a reviewer's note: an intermediate page asks for it, then each
selected object goes through its service, which keeps the rules."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from core.exceptions import ApplicationError


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        max_length=4000,
        help_text="Shown to the organization and kept in the history.",
    )


def action_with_note(decide, *, description: str, permission: str = "change"):
    """An admin action asking for a note, then calling decide(obj, by=user, note=note) for
    each selected object; the action is named after decide."""

    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        form = NoteForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            decided = 0
            for obj in queryset:
                try:
                    decide(obj, by=request.user, note=form.cleaned_data["note"])
                except ApplicationError as error:
                    modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
                else:
                    decided += 1
            if decided:
                meta = modeladmin.model._meta
                noun = meta.verbose_name if decided == 1 else meta.verbose_name_plural
                modeladmin.message_user(
                    request, f"{description}: done for {decided} {noun}.", messages.SUCCESS
                )
            return None
        return TemplateResponse(
            request,
            "admin/certification/decision.html",
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
