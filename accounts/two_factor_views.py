"""Two-factor pages: giving a code at sign-in, setting up an authenticator app, recovery
codes, and turning it off where the role allows."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts import two_factor
from accounts.forms import RecoveryCodeForm, SecurityCodeForm
from policy import people

RECOVERY_CODES_TO_SHOW = "recovery_codes_to_show"
TOO_MANY = "You entered a wrong code too many times. Sign in again."
WAIT = "You have entered a wrong code. Wait a few seconds, then try again."


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("home")


def _give_code(request, *, recovery: bool):
    """The code-entry pages: a code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified() or two_factor.authenticator_of(user=user) is None:
        return redirect(_next(request) if user.is_verified() else reverse("accounts:account"))
    form_class = RecoveryCodeForm if recovery else SecurityCodeForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if two_factor.code_verify(request=request, code=form.cleaned_data["code"],
                                      recovery=recovery):
                return redirect(_next(request))
        except two_factor.CodeRefused:
            form.add_error("code", WAIT)
        else:
            if two_factor.too_many_wrong_codes(user=user):
                logout(request)
                messages.error(request, TOO_MANY)
                return redirect("accounts:sign-in")
            form.add_error("code", "The code is not right. Check it and try again"
                           if not recovery else "That recovery code is not right, or has "
                           "been used. Check it and try again")
    return render(request, "accounts/two_factor.html", {
        "form": form, "recovery": recovery, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def give_code(request):
    return _give_code(request, recovery=False)


@require_http_methods(["GET", "POST"])
def give_recovery_code(request):
    return _give_code(request, recovery=True)


def _qr_svg(device) -> str:
    # Drawn here, never by an outside service: the key must not leave the service.
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code of your key for an authenticator app", omitsize=False)


@require_http_methods(["GET", "POST"])
def set_up(request):
    """Set up an authenticator app: the key as a QR code and as text, then a code from the
    app to confirm it. Someone who has one already must give a code first."""
    user = request.user
    existing = two_factor.authenticator_of(user=user)
    if existing is not None and not user.is_verified():
        return redirect(f"{reverse('accounts:two-factor')}?"
                        f"{urlencode({'next': reverse('accounts:account')})}")
    device = two_factor.authenticator_being_set_up(user=user)
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.authenticator_confirm(request=request, device=device,
                                                 code=form.cleaned_data["code"])
        if codes is not None:
            request.session[RECOVERY_CODES_TO_SHOW] = codes
            return redirect(f"{reverse('accounts:recovery-codes')}?"
                            f"{urlencode({'next': _next(request)})}")
        form.add_error("code", "The code is not right. Check the key in your authenticator "
                       "app and enter the code it shows now")
    return render(request, "accounts/two_factor_set_up.html", {
        "form": form, "key": two_factor.key_for_people(device), "qr": _qr_svg(device),
        "replacing": existing is not None, "required": people.two_factor_required(user),
        "issuer": settings.OTP_TOTP_ISSUER, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """New recovery codes are shown once, here; a POST replaces them."""
    user = request.user
    if request.method == "POST":
        if two_factor.authenticator_of(user=user) is None:
            return redirect("accounts:account")
        request.session[RECOVERY_CODES_TO_SHOW] = two_factor.recovery_codes_renew(user=user)
        return redirect("accounts:recovery-codes")
    device = two_factor.recovery_codes_of(user=user)
    return render(request, "accounts/recovery_codes.html", {
        "codes": request.session.pop(RECOVERY_CODES_TO_SHOW, None),
        "has_app": two_factor.authenticator_of(user=user) is not None,
        "codes_left": device.token_set.count() if device else 0,
        "next": _next(request)})


@require_http_methods(["GET", "POST"])
def remove(request):
    """Local-area users may turn two-factor authentication off; staff may not."""
    user = request.user
    if people.two_factor_required(user):
        raise PermissionDenied("Your role needs two-factor authentication")
    if request.method == "POST":
        two_factor.two_factor_remove(user=user)
        messages.success(request, "Two-factor authentication is off")
        return redirect("accounts:account")
    return render(request, "accounts/two_factor_remove.html", {
        "has_app": two_factor.authenticator_of(user=user) is not None})
