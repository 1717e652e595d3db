"""Response headers that tell browsers what pages may do and what they may keep (decision 0024).

The Content-Security-Policy header is django-csp's (settings.CONTENT_SECURITY_POLICY); these
are the two it does not cover.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PermissionsPolicyMiddleware:
    """Refuses every page, and anything it embeds, the features in settings.PERMISSIONS_POLICY
    (camera, microphone, geolocation, payment, ...): an empty allowlist for each."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


def _is_attachment(response) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


class NoStoreMiddleware:
    """Nothing shown to someone signed in, and no download, is kept by the browser or a proxy.

    Case records are sensitive and machines are shared: after signing out, Back or the
    browser's cache must not bring a page back. Public pages (sign-in, accessibility,
    privacy) and static files stay cacheable. The session middleware's `Vary: Cookie` stays.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated or _is_attachment(response):
            patch_cache_control(response, no_store=True, private=True)
        return response
