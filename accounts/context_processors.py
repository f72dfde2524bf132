from django.utils.functional import SimpleLazyObject

from accounts import selectors


def navigation(request):
    """The signed-in user's organization membership, fetched at most once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_membership": None}
    return {"current_membership": SimpleLazyObject(lambda: _membership(request))}


def _membership(request):
    if not hasattr(request, "_membership_cache"):
        request._membership_cache = selectors.membership_for_user(user=request.user)
    return request._membership_cache
