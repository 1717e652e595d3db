"""Django's auth signals (and django-axes' lockout signal) are the only hook for sign-in;
each receiver calls one service."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import audit_lockout, audit_sign_in, audit_sign_in_failed, audit_sign_out


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _on_sign_in(sender, request, user, **kwargs):
    audit_sign_in(user=user)


def _refused_while_locked_out(request) -> bool:
    """django-axes refused the attempt without checking the password: the lockout was
    recorded when it began, so these attempts add no rows (docs/decisions/0023)."""
    return (getattr(request, "axes_locked_out", False)
            and getattr(request, "axes_failures_since_start", None) is None)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _on_sign_in_failed(sender, credentials, request=None, **kwargs):
    if request is not None and _refused_while_locked_out(request):
        return
    audit_sign_in_failed(username=credentials.get("username", ""))


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _on_lockout(sender, request, username=None, ip_address=None, **kwargs):
    # Sent again for each attempt refused during a lockout; only its start is recorded.
    if getattr(request, "axes_failures_since_start", None) is not None:
        audit_lockout(username=username or "")


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _on_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_sign_out(user=user)
