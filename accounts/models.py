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
