"""Each user's own notifications."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from deadlines import page_selectors, services
from deadlines.views.common import (
    NOTIFICATIONS_PAGE_SIZE,
    counted,
)

# Notifications -------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def notification_list(request):
    """The user's own notifications; a POST marks every unread one as read."""
    if request.method == "POST":
        marked = services.notifications_mark_read(user=request.user)
        messages.success(request, f"{counted(marked, 'notification')} marked as read.")
        return redirect("notifications")
    page = Paginator(page_selectors.notifications_for_user(user=request.user),
                     NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "deadlines/notifications.html", {
        "page": page,
        "can_open_deadlines": page_selectors.user_may_watch_deadlines(user=request.user),
    })
