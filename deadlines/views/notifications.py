"""Each user's own notifications."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from config.pagination import capped_count, keyset_page
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
    # Keyset pages, newest first, and a total counted to 10,000 at most (decision 0026).
    notifications = page_selectors.notifications_for_user(user=request.user)
    page = keyset_page(notifications, order=page_selectors.NOTIFICATION_ORDER,
                       size=NOTIFICATIONS_PAGE_SIZE, after=request.GET.get("after", ""),
                       before=request.GET.get("before", ""))
    return render(request, "deadlines/notifications.html", {
        "page": page, "total": capped_count(notifications), "query": "",
        "can_open_deadlines": page_selectors.user_may_watch_deadlines(user=request.user),
    })
