from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.views import paginate, run_service
from notifications import selectors, services


@login_required
def notification_list(request):
    return render(
        request,
        "notifications/notifications.html",
        {"page": paginate(request, selectors.notifications_for(user=request.user))},
    )


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id")
    run_service(
        request,
        lambda: services.notifications_mark_read(
            user=request.user, ids=[int(i) for i in ids if i.isdigit()] if ids else None
        ),
        success=lambda count: (
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count}
        ),
    )
    return redirect("notifications:list")


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(selectors.notifications_for(user=request.user), pk=pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    return redirect(notification.url or "notifications:list")
