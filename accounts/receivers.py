"""Django's auth signals are the only hook for sign-in and sign-out; each receiver calls
one service."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts import sign_in_sessions


@receiver(user_logged_in, dispatch_uid="sign_in_session_start")
def _on_sign_in(sender, request, user, **kwargs):
    sign_in_sessions.session_signed_in(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="sign_in_session_end")
def _on_sign_out(sender, request, user, **kwargs):
    sign_in_sessions.session_signed_out(session_key=request.session.session_key)
