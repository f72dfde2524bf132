from django.utils.functional import SimpleLazyObject

from conversations import selectors


def conversations(request):
    """The unread message count for the navigation and dashboards, counted only if shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}
    return {"unread_messages": SimpleLazyObject(lambda: selectors.unread_message_count(user=user))}
