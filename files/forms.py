from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from files import content


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the files service checks
    their sizes and types."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", limits_help())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def limits_help() -> str:
    return _("%(accepted)s; up to %(count)d files of %(size)s each.") % {
        "accepted": content.ACCEPTED,
        "count": settings.FILES_MAX_COUNT,
        "size": filesizeformat(settings.FILES_MAX_BYTES),
    }
