from django import forms

from certification.application_services import ANSWER_FIELDS
from certification.models import Application, EvidenceKind


class ApplicationAnswersForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = list(ANSWER_FIELDS)
        widgets = {"impact_description": forms.Textarea(attrs={"rows": 4})}


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="What it shows", choices=EvidenceKind.choices)
    file = forms.FileField(
        label="Document", help_text="PDF, PNG or JPEG, at most 10 MB. Kept private."
    )
    valid_until = forms.DateField(
        label="Valid until",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The last day this document speaks for, e.g. a year after the payroll period.",
    )


class SignCodeForm(forms.Form):
    name = forms.CharField(label="Your full name", max_length=150)
    agree = forms.BooleanField(
        label="I have read the Fairbid code of labour practices and sign it for my organization."
    )
