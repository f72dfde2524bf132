from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, Role
from accounts.services import ORGANIZATION_FIELDS, PROVIDER_REQUIRED_FIELDS


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth renders them with its own email and password fields."""

    first_name = forms.CharField(max_length=150, label=_("First name"))
    last_name = forms.CharField(max_length=150, label=_("Last name"))
    role = forms.ChoiceField(
        label=_("I want to"),
        choices=[
            (Role.BUYER, _("Buy services: post jobs and hire providers")),
            (Role.PROVIDER, _("Offer services: my firm bids on jobs")),
        ],
        widget=forms.RadioSelect,
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.role = self.cleaned_data["role"]
        # The language the person signed up in, until they choose another: what their
        # emails are written in even before they first log in.
        user.language = translation.get_language() or settings.LANGUAGE_CODE
        user.save(update_fields=["first_name", "last_name", "role", "language"])


class ProviderOrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        labels = {"country": _("Country"), "website": _("Website")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "local_ownership_percent": _(
                "Percentage of the firm owned by people who live in the country where it is based."
            ),
            "employee_count": _("Everyone working for the firm, full- or part-time."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PROVIDER_REQUIRED_FIELDS:
            if name in self.fields:  # admin leaves them out for staff who may only view
                self.fields[name].required = True


class BuyerOrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "country", "website"]
        labels = {"name": _("Company name"), "country": _("Country"), "website": _("Website")}


def organization_form_class(*, is_provider: bool):
    return ProviderOrganizationForm if is_provider else BuyerOrganizationForm


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of pages, notifications and emails"))
    notification_emails = forms.BooleanField(
        label=_("Email me my notifications"),
        required=False,
        help_text=_("Each notification is also shown on Fairbid, whatever you choose."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"].capitalize())
            for code, _name in settings.LANGUAGES
        ]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person to invite"))


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=_("Token name"),
        help_text=_("What will use it, e.g. “nightly import”."),
    )
