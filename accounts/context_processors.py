from django.conf import settings
from django.urls import reverse

from accounts.selectors import user_primary_role
from deadlines.page_selectors import notifications_unread_count
from policy.site import permitted_generally


def _inspection_items(site_can, namespace: str, url_name: str) -> list[tuple[str, str, bool]]:
    """Each role's way into inspections: all of them, the user's team's, or their area's.
    Pages of one inspection belong to the user's first such section."""
    items = []
    if "inspections.list_all" in site_can:
        items.append(("Inspections", reverse("inspections:list")))
    if "inspections.list_own_team" in site_can:
        items.append(("My inspections", reverse("inspections:mine")))
    if "inspections.list_own_area" in site_can:
        items.append(("Your inspections", reverse("inspections:ours")))
    labels = [label for label, _ in items]
    active = ""
    if namespace == "inspections" and labels:
        own_list = {"mine": "My inspections", "ours": "Your inspections"}.get(url_name)
        active = own_list if own_list in labels else labels[0]
    return [(label, url, label == active) for label, url in items]


def _owes_second_factor(user) -> bool:
    from accounts.two_factor import two_factor_needed

    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified() and two_factor_needed(user=user)


def navigation(request) -> dict:
    """Service navigation for the signed-in user's role, the service name, and `site_can`:
    what the policy lets the user do anywhere in the service (policy.site)."""
    user = request.user
    context = {"service_name": settings.SERVICE_NAME, "navigation": [], "site_can": frozenset()}
    if not user.is_authenticated:
        return context
    if _owes_second_factor(user):
        # Until the second factor is given, the only way on is the page they are on.
        context["navigation"] = [{"label": "Sign out", "url": reverse("accounts:sign-out"),
                                  "active": False}]
        return context
    site_can = permitted_generally(user=user)
    namespace = getattr(request.resolver_match, "namespace", "")
    url_name = getattr(request.resolver_match, "url_name", "")
    items = [("Home", reverse("home"), url_name == "home" and not namespace)]
    if "local_areas.see_own_area" in site_can:
        items.append(("Your local area",
                      reverse("local_areas:detail", args=[user.local_area_id]),
                      namespace == "local_areas"))
    elif "local_areas.list" in site_can:
        items.append(("Local areas", reverse("local_areas:list"), namespace == "local_areas"))
    items += _inspection_items(site_can, namespace, url_name)
    if "deadlines.watch" in site_can:
        items.append(("Deadlines", reverse("deadlines:list"), namespace == "deadlines"))
    if "wsoa.track" in site_can:
        items.append(("Statements of action", reverse("wsoa:tracker"), namespace == "wsoa"))
    if "audit.view" in site_can:
        items.append(("Audit trail", reverse("audit:list"), namespace == "audit"))
    unread = notifications_unread_count(user=user)
    items.append((f"Notifications ({unread})" if unread else "Notifications",
                  reverse("notifications"), url_name == "notifications" and not namespace))
    items.append(("Your account", reverse("accounts:account"),
                  namespace == "accounts" and url_name != "sign-out"))
    items.append(("Sign out", reverse("accounts:sign-out"), url_name == "sign-out"))
    context["navigation"] = [{"label": label, "url": url, "active": active}
                             for label, url, active in items]
    context["primary_role"] = user_primary_role(user=user)
    context["unread_notifications"] = unread
    context["site_can"] = site_can
    return context
