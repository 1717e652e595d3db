"""Django's auth signals are the only hook for sign-in and sign-out; each receiver calls
one service."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts import sign_in_sessions
from accounts.session_lifetime import session_mark_signed_in


@receiver(user_logged_in, dispatch_uid="sign_in_session_start")
def _on_sign_in(sender, request, user, **kwargs):
    sign_in_sessions.session_signed_in(request=request, user=user)


@receiver(user_logged_in, dispatch_uid="accounts_session_signed_in_at")
def _on_sign_in_mark_the_moment(sender, request, user, **kwargs):
    # force_login and login() both send the signal; a request-less sign-in has no session.
    if request is not None and hasattr(request, "session"):
        session_mark_signed_in(session=request.session)


@receiver(user_logged_out, dispatch_uid="sign_in_session_end")
def _on_sign_out(sender, request, user, **kwargs):
    sign_in_sessions.session_signed_out(session_key=request.session.session_key)
