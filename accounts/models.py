from django.contrib.auth.models import AbstractUser
from django.db import models


class Inspectorate(models.TextChoices):
    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "CQC"


class User(AbstractUser):
    """A person who signs in. Local-area users belong to exactly one local area.

    Staff of the inspectorates record which one they work for: deferral and quality
    assurance are decided by Ofsted and CQC each for itself. The rules "local-area role ⇔
    local area set" and "staff role ⇔ inspectorate set" are kept by accounts.services, the
    only place that creates users or changes their role.
    """

    local_area = models.ForeignKey(
        "local_areas.LocalArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    job_title = models.CharField(max_length=200, blank=True)
    inspectorate = models.CharField(max_length=6, choices=Inspectorate.choices, blank=True,
                                    help_text="The inspectorate a member of staff works for")

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class SignInSession(models.Model):
    """One signed-in session of a user, so that they can see their sessions and end them.

    Holds a SHA-256 hash of the session key, never the key itself: a copy of this table
    cannot be used to take over a session. Written at sign-in (and when the key is rotated
    at the second factor), deleted at sign-out; a request whose session has no row here is
    signed out (accounts.middleware.SignInSessionMiddleware).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"
