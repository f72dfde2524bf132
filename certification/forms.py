"""Forms of the label's public pages."""

from django import forms
from django_countries import countries

REGISTER_STATUS_CHOICES = [
    ("", "Any status"),
    ("certified", "Certified"),
    ("suspended", "Suspended"),
    ("revoked", "Revoked"),
]


class LabelRegisterForm(forms.Form):
    q = forms.CharField(
        label="Label code, name or country", required=False, max_length=200, strip=True
    )
    country = forms.ChoiceField(
        label="Country", required=False, choices=[("", "Any country"), *countries]
    )
    status = forms.ChoiceField(label="Status", required=False, choices=REGISTER_STATUS_CHOICES)
