from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in. Local-area users belong to exactly one local area.

    The rule "local-area role ⇔ local area set" is kept by accounts.services, the only
    place that creates users or changes their role.
    """

    local_area = models.ForeignKey(
        "local_areas.LocalArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
