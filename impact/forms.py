from django import forms
from django.utils.translation import gettext_lazy as _

from impact.models import PremiumUse
from impact.periods import PeriodChoice
from impact.premiums import PREMIUM_USE_FIELDS
from marketplace.models import Currency

# The longest custom period a statement covers.
MAX_CUSTOM_DAYS = 366 * 5


class PeriodForm(forms.Form):
    """What a buyer reports on: a period, and optionally one currency to convert into."""

    period = forms.ChoiceField(
        label=_("Period"), choices=PeriodChoice.choices, initial=PeriodChoice.THIS_QUARTER
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    convert_to = forms.ChoiceField(
        label=_("Also show in"),
        required=False,
        choices=[("", _("Each currency apart")), *Currency.choices],
        help_text=_("Converted only with the dated rates Fairbid's staff keep, shown beside."),
    )

    def clean(self):
        data = super().clean()
        if data.get("period") != PeriodChoice.CUSTOM:
            return data
        start, end = data.get("start"), data.get("end")
        if not start or not end:
            raise forms.ValidationError(_("Give both days of a custom period."))
        if end < start:
            self.add_error("end", _("The period ends after it starts."))
        elif (end - start).days > MAX_CUSTOM_DAYS:
            self.add_error("end", _("A period covers at most five years."))
        return data


class PremiumUseForm(forms.ModelForm):
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("A receipt, a payslip summary or a photo: PDF, image or office document."),
    )

    class Meta:
        model = PremiumUse
        fields = PREMIUM_USE_FIELDS
        widgets = {
            "used_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        }
