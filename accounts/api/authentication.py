from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts import services
from accounts.models import ApiToken

# Recording every use would write on every request; once a minute is enough to show.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`) with a personal API token."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="ignore").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as 'Authorization: Token <key>'.")
            )
        key = header[1].decode(errors="ignore")
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=services.api_token_hash(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if token.last_used_at is None or token.last_used_at < timezone.now() - LAST_USED_RESOLUTION:
            services.api_token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, with a personal API token from your account page.",
        }
