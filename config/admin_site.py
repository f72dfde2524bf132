"""Fairbid's Django admin site: staff log in where everyone does, and may be held to a second
factor.

Django admin's own log-in form takes unlimited password guesses; allauth's log-in is
rate-limited and asks for the second factor of an account that has one. So the admin's log-in
page sends people there and back (next=), and admin pages still check that the person is
active staff. With FAIRBID_STAFF_REQUIRE_MFA, staff without an authenticator app are sent to
set one up before they see any admin page.
"""

from functools import update_wrapper
from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SET_UP_SECOND_FACTOR = _(
    "Staff use a second factor: set up an authenticator app to open the administration."
)


class FairbidAdminSite(admin.AdminSite):
    site_header = "Fairbid administration"
    site_title = "Fairbid admin"

    def login(self, request, extra_context=None):
        next_url = self._safe_next_url(request)
        if not request.user.is_authenticated:
            query = urlencode({REDIRECT_FIELD_NAME: next_url})
            return redirect(f"{reverse('account_login')}?{query}")
        if not self.has_permission(request):
            raise PermissionDenied(gettext("The administration is for Fairbid's staff."))
        return redirect(next_url)

    def admin_view(self, view, cacheable=False):
        def view_after_second_factor(request, *args, **kwargs):
            if self._lacks_required_second_factor(request):
                messages.warning(request, SET_UP_SECOND_FACTOR)
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        # Keep the view's markers (csrf_exempt…) that Django's admin_view reads.
        update_wrapper(view_after_second_factor, view)
        return super().admin_view(view_after_second_factor, cacheable)

    def _safe_next_url(self, request) -> str:
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return reverse("admin:index", current_app=self.name)

    def _lacks_required_second_factor(self, request) -> bool:
        if not settings.FAIRBID_STAFF_REQUIRE_MFA:
            return False
        if request.path == reverse("admin:logout", current_app=self.name):
            return False
        return not is_mfa_enabled(request.user)
