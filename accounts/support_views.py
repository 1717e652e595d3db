"""Ofsted admins looking after other people's sign-in: lockouts and lost authenticators."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import lockouts, two_factor
from accounts.forms import ResetTwoFactorForm
from policy import accounts as accounts_policy


@require_GET
def locked(request):
    accounts_policy.require_generally(request.user, "unlock")
    return render(request, "accounts/locked.html", {"lockouts": lockouts.lockouts_current()})


@require_http_methods(["GET", "POST"])
def unlock(request):
    """Confirm, then end one lockout; one that has ended already sends you back to the list."""
    accounts_policy.require_generally(request.user, "unlock")
    data = request.POST if request.method == "POST" else request.GET
    kind = "ip_address" if data.get("kind") == "ip_address" else "username"
    lockout = lockouts.lockout_find(kind=kind, value=data.get("value", ""))
    if lockout is None:
        messages.info(request, "That lockout has already ended")
        return redirect("accounts:locked")
    if request.method == "POST":
        lockouts.lockout_end(by=request.user, lockout=lockout)
        messages.success(request, f"{lockout.value} can sign in again")
        return redirect("accounts:locked")
    return render(request, "accounts/unlock.html", {"lockout": lockout})


@require_http_methods(["GET", "POST"])
def two_factor_reset(request):
    accounts_policy.require_generally(request.user, "reset_two_factor")
    form = ResetTwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        two_factor.two_factor_reset(by=request.user, user=form.user)
        messages.success(request, f"Two-factor authentication of {form.user.username} is reset. "
                         "They set up a new authenticator app at their next sign-in.")
        return redirect("accounts:two-factor-reset")
    return render(request, "accounts/two_factor_reset.html", {"form": form})
