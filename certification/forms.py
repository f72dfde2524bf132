import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from certification.models import Application, Concern, EvidenceKind
from certification.services import applications as application_services
from files.forms import MultipleFileField


class ApplicationAnswersForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = list(application_services.ANSWER_FIELDS)
        widgets = {"impact_description": forms.Textarea(attrs={"rows": 4})}


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it shows"), choices=EvidenceKind.choices)
    file = forms.FileField(
        label=_("Document"), help_text=_("PDF, PNG or JPEG, at most 10 MB. Kept private.")
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day this document speaks for, e.g. a year after the payroll period."),
    )


class SignCodeForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=150)
    agree = forms.BooleanField(
        label=_("I have read the Fairbid code of labour practices and sign it for my organization.")
    )


"""Forms of the label's public pages: the register's search and the concern form."""


REGISTER_STATUS_CHOICES = [
    ("", _("Any status")),
    ("certified", _("Certified")),
    ("suspended", _("Suspended")),
    ("revoked", _("Revoked")),
]


class LabelRegisterForm(forms.Form):
    q = forms.CharField(
        label=_("Label code, name or country"), required=False, max_length=200, strip=True
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("Any country")), *countries]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=REGISTER_STATUS_CHOICES)


# The concern form carries a signed time of when it was shown. A person needs a few seconds
# to write a concern; a form sent back sooner, or with the hidden field filled in, is refused
# with the same plain message, which tells a script nothing.
CONCERN_FORM_SALT = "certification.concern-form"
CONCERN_FORM_MAX_AGE = 24 * 60 * 60
CONCERN_FORM_REFUSED = _("We could not accept this form. Please check it and send it again.")


def concern_form_token(*, now: float | None = None) -> str:
    """The signed moment the concern form is shown, for its hidden `shown` field."""
    moment = int(time.time() if now is None else now)
    return signing.Signer(salt=CONCERN_FORM_SALT).sign(str(moment))


def _seconds_since_shown(token: str) -> float | None:
    try:
        shown = int(signing.Signer(salt=CONCERN_FORM_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None
    return time.time() - shown


class ConcernForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label=_("Link to evidence (optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A web page, document or post that shows it, if you have one."),
    )
    # Hidden from people (the `hidden` attribute of its paragraph); filled in by scripts.
    homepage = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Concern
        fields = ["text", "evidence_url", "contact_email"]
        labels = {
            "text": _("What is the concern?"),
            "contact_email": _("Your email address (optional)"),
        }
        help_texts = {
            "text": _("What did you see or learn, and when?"),
            "contact_email": _(
                "Only Fairbid's reviewers see it: we email you an acknowledgement and the "
                "outcome, and may ask you more. The organization is never told who you are. "
                "Leave it empty to stay anonymous."
            ),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        cleaned = super().clean()
        age = _seconds_since_shown(self.data.get("shown", ""))
        too_fast = age is None or not (
            settings.CERTIFICATION_CONCERN_MIN_SECONDS <= age <= CONCERN_FORM_MAX_AGE
        )
        if cleaned.get("homepage") or too_fast:
            raise forms.ValidationError(CONCERN_FORM_REFUSED, code="refused")
        return cleaned


class AppealForm(forms.Form):
    """The owner's appeal of one decision: why it is wrong, and files that show it."""

    statement = forms.CharField(
        label=_("Why the decision is wrong"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what the reviewer got wrong and what shows it. At most 5000 characters."),
    )
    files = MultipleFileField(label=_("Evidence (optional)"))


class ConcernAnswerForm(forms.Form):
    """The organization's answer to a concern about its label, read by the deciding reviewer."""

    answer = forms.CharField(
        label=_("Your answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happened, and what you did about it. At most 5000 characters."),
    )
