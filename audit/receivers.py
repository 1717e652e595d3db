"""Django's auth signals are the only hook for sign-in; each receiver calls one service."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import audit_sign_in, audit_sign_in_failed, audit_sign_out


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _on_sign_in(sender, request, user, **kwargs):
    audit_sign_in(user=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _on_sign_in_failed(sender, credentials, request=None, **kwargs):
    audit_sign_in_failed(username=credentials.get("username", ""))


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _on_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_sign_out(user=user)
