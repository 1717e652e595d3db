"""The register of local areas, their health partners and the people who act for them.

Areas change over time (reorganisations merge and split councils), so every area, health
partner and contact carries the dates it was valid; an inspection keeps pointing at the area
that existed when it happened. A null `valid_from` means "since before the register begins";
a null `valid_to` or `end_date` means "still current".
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q


class Region(models.TextChoices):
    """Ofsted's eight regions."""

    NORTH_EAST_YORKSHIRE = "neyh", "North East, Yorkshire and the Humber"
    NORTH_WEST = "nw", "North West"
    EAST_MIDLANDS = "em", "East Midlands"
    WEST_MIDLANDS = "wm", "West Midlands"
    EAST_OF_ENGLAND = "ee", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "se", "South East"
    SOUTH_WEST = "sw", "South West"


class AreaType(models.TextChoices):
    COUNTY = "county", "County"
    METROPOLITAN_DISTRICT = "metropolitan", "Metropolitan district"
    LONDON_BOROUGH = "london_borough", "London borough"
    UNITARY = "unitary", "Unitary authority"


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, on: datetime.date, *, start="valid_from", end="valid_to"):
        return self.filter(
            Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on}),
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}),
        )


class LocalArea(models.Model):
    """An upper-tier local authority in England with its health partners."""

    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True,
        error_messages={"unique": "A local area with this ONS code is already in the register"},
    )
    name = models.CharField(max_length=120)
    area_type = models.CharField("type", max_length=20, choices=AreaType.choices)
    region = models.CharField("Ofsted region", max_length=10, choices=Region.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, related_name="successors", blank=True
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="local_area_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(ons_code__regex=r"^E[0-9]{8}$"),
                name="local_area_ons_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def dated_name(self) -> str:
        """The name with the dates that tell the area apart from another of the same name
        (a county and the unitary council that succeeded it): 'Dorset (until 31 March
        2019)', 'Dorset (from 1 April 2019)'."""
        if self.valid_to:
            return f"{self.name} (until {self.valid_to.day} {self.valid_to:%B %Y})"
        if self.valid_from:
            return f"{self.name} (from {self.valid_from.day} {self.valid_from:%B %Y})"
        return self.name

    def is_current(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )


class HealthPartnerKind(models.TextChoices):
    CCG = "ccg", "Clinical commissioning group (CCG)"
    ICB = "icb", "Integrated care board (ICB)"


class HealthPartner(models.Model):
    """A CCG (until 30 June 2022) or an ICB (from 1 July 2022)."""

    kind = models.CharField(max_length=3, choices=HealthPartnerKind.choices)
    name = models.CharField(
        max_length=200, unique=True,
        error_messages={"unique": "A CCG or ICB with this name is already in the register"},
    )
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AreaHealthPartner(models.Model):
    """A health partner working with a local area over a period."""

    local_area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, related_name="health_partnerships"
    )
    health_partner = models.ForeignKey(
        HealthPartner, on_delete=models.PROTECT, related_name="area_partnerships"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "health_partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_area", "health_partner", "valid_from"],
                name="area_health_partner_once_per_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.health_partner} with {self.local_area}"


class ContactRole(models.TextChoices):
    DCS = "dcs", "Director of children's services"
    LA_CHIEF_EXECUTIVE = "la_ce", "Local authority chief executive"
    HEALTH_CHIEF_EXECUTIVE = "health_ce", "CCG or ICB chief executive"
    LANO = "lano", "Local area nominated officer (LANO)"


class AreaContact(models.Model):
    """A named person holding a role for a local area from start_date to end_date.

    At most one person holds a role for an area on any day (per health partner, for health
    chief executives); local_areas.services keeps this so "who was LANO on a date" has one
    answer.
    """

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="contacts")
    role = models.CharField(max_length=10, choices=ContactRole.choices)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    health_partner = models.ForeignKey(
        HealthPartner, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="area_contacts",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["role", "-start_date"]
        indexes = [models.Index(fields=["local_area", "role", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="area_contact_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(role="health_ce", health_partner__isnull=False)
                | (~Q(role="health_ce") & Q(health_partner__isnull=True)),
                name="area_contact_health_partner_only_for_health_ce",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.local_area})"
