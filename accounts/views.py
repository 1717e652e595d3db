from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.forms import SignInForm, locked_out_form
from accounts.selectors import user_primary_role
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
