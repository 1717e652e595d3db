from django.conf import settings
from django.urls import reverse

from accounts.selectors import user_is_local_area_user, user_primary_role
from deadlines.page_selectors import notifications_unread_count, user_may_watch_deadlines


def navigation(request) -> dict:
    """Service navigation for the signed-in user's role, and the service name."""
    user = request.user
    context = {"service_name": settings.SERVICE_NAME, "navigation": []}
    if not user.is_authenticated:
        return context
    namespace = getattr(request.resolver_match, "namespace", "")
    url_name = getattr(request.resolver_match, "url_name", "")
    items = [("Home", reverse("home"), url_name == "home" and not namespace)]
    if user_is_local_area_user(user=user) and user.local_area_id:
        items.append(("Your local area",
                      reverse("local_areas:detail", args=[user.local_area_id]),
                      namespace == "local_areas"))
    elif user.has_perm("local_areas.view_localarea"):
        items.append(("Local areas", reverse("local_areas:list"), namespace == "local_areas"))
    if user_may_watch_deadlines(user=user):
        items.append(("Deadlines", reverse("deadlines:list"), namespace == "deadlines"))
    if user.has_perm("audit.view_auditevent"):
        items.append(("Audit trail", reverse("audit:list"), namespace == "audit"))
    unread = notifications_unread_count(user=user)
    items.append((f"Notifications ({unread})" if unread else "Notifications",
                  reverse("notifications"), url_name == "notifications" and not namespace))
    items.append(("Sign out", reverse("accounts:sign-out"), url_name == "sign-out"))
    context["navigation"] = [{"label": label, "url": url, "active": active}
                             for label, url, active in items]
    context["primary_role"] = user_primary_role(user=user)
    context["unread_notifications"] = unread
    return context
