from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from conversations.models import EmailMode
from files.forms import MultipleFileField


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=settings.CONVERSATIONS_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(label=_("Attach files"))


class StartForm(MessageForm):
    """A first message; the buyer also chooses the provider to write to."""

    organization = forms.ModelChoiceField(label=_("Write to"), queryset=None, required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
            self.fields["organization"].required = True
            self.order_fields(["organization", "text", "files"])


class EditForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=settings.CONVERSATIONS_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EmailPreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Emails about new messages"), choices=EmailMode.choices, widget=forms.RadioSelect
    )
