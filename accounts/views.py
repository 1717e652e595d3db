from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import SignInForm, locked_out_form
from accounts.selectors import user_primary_role
from accounts.session_lifetime import duration_words, session_seconds_left, session_touch
from config import clock
from inspections.worklist import needs_you_now


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


sign_in = login_not_required(SignInView.as_view())


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers a sign-in while the username or the address is locked out
    (settings.AXES_LOCKOUT_CALLABLE): the sign-in page with one message, alike for every
    username."""
    return render(request, "accounts/sign_in.html",
                  {"form": locked_out_form(request), "next": request.POST.get("next", "")},
                  status=429)
sign_out_confirmed = SignOutView.as_view()


@require_GET
def sign_out(request):
    return render(request, "accounts/sign_out.html")


@require_POST
def session_keep_alive(request):
    """"Stay signed in": the session's idle time starts again; answers how long it now has."""
    session_touch(session=request.session, force=True)  # saved: its expiry moves on
    return JsonResponse({"seconds_left": session_seconds_left(session=request.session)})


@login_not_required
@require_http_methods(["GET", "POST"])
def session_ended(request):
    """Where the timeout warning takes someone when its countdown ends: a POST signs them out
    (if the session has not already ended) and the page says so. Reached some other way by
    someone still signed in, it sends them home."""
    if request.method == "POST":
        logout(request)
    elif request.user.is_authenticated:
        return redirect("home")
    return render(request, "accounts/session_ended.html", {
        "idle": duration_words(settings.SESSION_COOKIE_AGE),
        "absolute": duration_words(settings.SESSION_ABSOLUTE_SECONDS)})


@require_GET
def home(request):
    return render(request, "pages/home.html", {
        "role": user_primary_role(user=request.user),
        "needs": needs_you_now(user=request.user, today=clock.today()),
    })


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "pages/accessibility.html")


@login_not_required
@require_GET
def privacy(request):
    return render(request, "pages/privacy.html")
