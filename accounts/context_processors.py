from django.conf import settings
from django.urls import reverse

from accounts import roles
from accounts.selectors import user_has_role, user_is_local_area_user, user_primary_role
from deadlines.page_selectors import notifications_unread_count, user_may_watch_deadlines


def _inspection_items(user, namespace: str, url_name: str) -> list[tuple[str, str, bool]]:
    """Each role's way into inspections: all of them, the user's team's, or their area's.
    Pages of one inspection belong to the user's first such section."""
    items = []
    if user.has_perm("inspections.view_inspection"):
        items.append(("Inspections", reverse("inspections:list")))
    if user_has_role(user=user, role=roles.INSPECTOR):
        items.append(("My inspections", reverse("inspections:mine")))
    if user_is_local_area_user(user=user) and user.local_area_id:
        items.append(("Your inspections", reverse("inspections:ours")))
    labels = [label for label, _ in items]
    active = ""
    if namespace == "inspections" and labels:
        own_list = {"mine": "My inspections", "ours": "Your inspections"}.get(url_name)
        active = own_list if own_list in labels else labels[0]
    return [(label, url, label == active) for label, url in items]


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
    items += _inspection_items(user, namespace, url_name)
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
