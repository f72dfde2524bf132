"""Checks that views make before showing a page: refusals as PermissionDenied (403)."""

from django.core.exceptions import PermissionDenied

from accounts import selectors
from accounts.models import Membership


def provider_membership_or_403(user, *, refusal: str) -> Membership:
    """The user's membership of a provider organization; `refusal` says why others may not."""
    membership = selectors.provider_membership_for(user=user)
    if membership is None:
        raise PermissionDenied(refusal)
    return membership
