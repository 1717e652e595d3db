"""Two checks on every signed-in request, after Django's own sign-in check."""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from accounts import sign_in_sessions, two_factor

# The pages a signed-in person who still owes their second factor may reach, and "Stay
# signed in" of the timeout warning those pages show too.
BEFORE_SECOND_FACTOR = {"accounts:two-factor", "accounts:two-factor-recovery",
                        "accounts:two-factor-set-up", "accounts:keep-alive",
                        "accounts:sign-out", "accounts:sign-out-confirm"}


class SignInSessionMiddleware:
    """A session that its user ended from another (or that was ended for them, as when an
    account is deactivated) has no SignInSession row: it is emptied and treated as signed
    out, so the sign-in check that follows sends it to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            request.sign_in_session = sign_in_sessions.session_current(request=request)
            if request.sign_in_session is None:
                request.session.flush()
                request.user = AnonymousUser()
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until they have given their second factor, people who need one (policy.people.
    two_factor_required, or anyone who has set one up) reach only the two-factor pages
    and sign-out; public pages stay public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if request.resolver_match.view_name in BEFORE_SECOND_FACTOR:
            return None
        if not two_factor.two_factor_needed(user=user):
            return None
        has_app = two_factor.authenticator_of(user=user) is not None
        target = reverse("accounts:two-factor" if has_app else "accounts:two-factor-set-up")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
