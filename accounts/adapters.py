"""django-allauth's hooks: its emails look like every other Fairbid email."""

from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string
from django.utils.html import linebreaks, urlize
from django.utils.translation import gettext_lazy as _

# The link each of allauth's emails is about, by the name allauth gives it in the context,
# and the words of its button.
ACTION_LINKS = {
    "activate_url": _("Confirm your email address"),
    "password_reset_url": _("Choose a new password"),
}


class AccountAdapter(DefaultAccountAdapter):
    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's plain-text email (our account/email/ templates, in the language of the
        request), with an HTML version in Fairbid's layout: the same words, and its one link
        as a button."""
        message = super().render_mail(template_prefix, email, context, headers)
        if not getattr(message, "alternatives", None) and hasattr(message, "attach_alternative"):
            action = next((name for name in ACTION_LINKS if context.get(name)), None)
            html = render_to_string(
                "account/email/message.html",
                {
                    "subject": message.subject,
                    "body": linebreaks(urlize(message.body, autoescape=True)),
                    "action_url": context[action] if action else "",
                    "action_label": ACTION_LINKS[action] if action else "",
                },
            )
            message.attach_alternative(html, "text/html")
        return message
