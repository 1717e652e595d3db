"""A person's own account: their two-factor authentication and their signed-in sessions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import sign_in_sessions, two_factor
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
