"""A person's own account: their two-factor authentication and their signed-in sessions."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import sign_in_sessions, two_factor
from accounts.forms import ChangePasswordForm
from accounts.services import user_set_password
from policy import people


@require_GET
def account(request):
    user = request.user
    device = two_factor.recovery_codes_of(user=user)
    return render(request, "accounts/account.html", {
        "has_app": two_factor.authenticator_of(user=user) is not None,
        "required": people.two_factor_required(user),
        "codes_left": device.token_set.count() if device else 0,
        "session_count": sign_in_sessions.session_list_for_user(user=user).count(),
    })


@require_GET
def sessions(request):
    current = getattr(request, "sign_in_session", None)
    rows = [{"session": row, "current": current is not None and row.pk == current.pk,
             "browser": sign_in_sessions.browser_name(row.user_agent)}
            for row in sign_in_sessions.session_list_for_user(user=request.user)]
    return render(request, "accounts/sessions.html", {
        "rows": rows, "others": sum(not row["current"] for row in rows)})


@require_http_methods(["GET", "POST"])
def session_end(request):
    """Sign out of one of your other sessions, after a confirmation page."""
    wanted = request.POST.get("session") or request.GET.get("session") or ""
    current = getattr(request, "sign_in_session", None)
    session = (sign_in_sessions.session_list_for_user(user=request.user)
               .exclude(pk=getattr(current, "pk", None))
               .filter(pk=int(wanted) if wanted.isdigit() else None).first())
    if session is None:
        messages.info(request, "That session has already ended")
        return redirect("accounts:sessions")
    if request.method == "POST":
        sign_in_sessions.session_end(by=request.user, session=session)
        messages.success(request, "You have signed out of that session")
        return redirect("accounts:sessions")
    return render(request, "accounts/session_end.html", {
        "session": session, "browser": sign_in_sessions.browser_name(session.user_agent)})


@require_http_methods(["GET", "POST"])
def sessions_end_others(request):
    if request.method == "POST":
        current = getattr(request, "sign_in_session", None)
        count = sign_in_sessions.session_end_others(by=request.user, current=current)
        messages.success(request, "You have signed out of all your other sessions"
                         if count else "You had no other sessions")
        return redirect("accounts:sessions")
    return render(request, "accounts/sessions_end_others.html")


@require_http_methods(["GET", "POST"])
def change_password(request):
    """Your own new password. This session stays signed in (its key rotated); the others
    end, as Django refuses sessions signed in with an old password."""
    form = ChangePasswordForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_password(by=request.user, user=request.user,
                              password=form.cleaned_data["new_password"])
        except ValidationError as error:
            form.add_error("new_password", error)
        else:
            old_key = request.session.session_key
            update_session_auth_hash(request, request.user)
            sign_in_sessions.session_rekey(request=request, old_key=old_key)
            sign_in_sessions.session_forget_others(user=request.user,
                                                   key=request.session.session_key)
            messages.success(request, "Your password has been changed")
            return redirect("accounts:account")
    return render(request, "accounts/change_password.html", {"form": form})
