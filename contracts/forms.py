"""The forms of a contract's page that keep what was typed when refused."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimesheetForm(forms.Form):
    week_start = forms.DateField(
        label=_("A day of the week"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Any day of the week you log; the week starts on its Monday."),
    )
    hours = forms.DecimalField(
        label=_("Hours worked"), min_value=0.25, max_digits=5, decimal_places=2
    )
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["week_start"].initial = timezone.localdate()
