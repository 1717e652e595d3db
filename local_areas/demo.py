"""Demo health partners and contacts for three local areas, Medway, Barnet and Essex.

The people the published Medway letter (31 January 2018) names are as it names them: Ian
Sutherland, Director of Children's Services, Medway Council; Caroline Selkirk, Chief
Executive, NHS Kent and Medway Clinical Commissioning Group; Wendy Vincent, local area
nominated officer (Head of Integrated 0-25 Disability Services, as the council's report calls
her). The dates they held their roles, the CCG's dates, and everyone after them are assumed;
Essex's people are invented.
"""

import datetime

from local_areas import services
from local_areas.models import (
    AreaContact,
    AreaHealthPartner,
    ContactRole,
    HealthPartner,
    HealthPartnerKind,
    LocalArea,
)

D = datetime.date
MEDWAY = "E06000035"
BARNET = "E09000003"
ESSEX = "E10000012"

# (area code, kind, name, valid from, valid to)
HEALTH_PARTNERS = [
    # Named as the letter names it; its dates are assumed.
    (MEDWAY, HealthPartnerKind.CCG, "NHS Kent and Medway Clinical Commissioning Group", None,
     D(2022, 6, 30)),
    (MEDWAY, HealthPartnerKind.ICB, "NHS Kent and Medway ICB", D(2022, 7, 1), None),
    (BARNET, HealthPartnerKind.CCG, "NHS Barnet CCG", None, D(2020, 3, 31)),
    (BARNET, HealthPartnerKind.CCG, "NHS North Central London CCG", D(2020, 4, 1),
     D(2022, 6, 30)),
    (BARNET, HealthPartnerKind.ICB, "NHS North Central London ICB", D(2022, 7, 1), None),
    (ESSEX, HealthPartnerKind.CCG, "NHS Mid Essex CCG", None, D(2022, 6, 30)),
    (ESSEX, HealthPartnerKind.ICB, "NHS Mid and South Essex ICB", D(2022, 7, 1), None),
]

# (area code, role, name, job title, start, end, health partner name, demo username)
CONTACTS = [
    (MEDWAY, ContactRole.DCS, "Ian Sutherland", "Director of Children's Services",
     D(2016, 9, 1), D(2019, 8, 31), None, None),
    (MEDWAY, ContactRole.LANO, "Wendy Vincent", "Head of Integrated 0-25 Disability Services",
     D(2017, 9, 1), D(2019, 3, 31), None, None),
    (MEDWAY, ContactRole.HEALTH_CHIEF_EXECUTIVE, "Caroline Selkirk", "Chief Executive",
     D(2017, 4, 1), D(2020, 3, 31), "NHS Kent and Medway Clinical Commissioning Group", None),
    (MEDWAY, ContactRole.DCS, "Chris Hall", "Director of Children's Services",
     D(2023, 1, 9), None, None, "leader.medway"),
    (MEDWAY, ContactRole.LANO, "Jo Bennett", "SEND Improvement Lead", D(2024, 9, 2), None,
     None, "lano.medway"),
    (MEDWAY, ContactRole.HEALTH_CHIEF_EXECUTIVE, "Morgan Ellis", "Chief Executive",
     D(2022, 7, 1), None, "NHS Kent and Medway ICB", None),
    (BARNET, ContactRole.DCS, "Dan Price", "Executive Director, Children and Family Services",
     D(2021, 5, 4), None, None, "leader.barnet"),
    (BARNET, ContactRole.LANO, "Amira Khan", "Assistant Director, SEND and Inclusion",
     D(2023, 1, 3), None, None, "lano.barnet"),
    (BARNET, ContactRole.LA_CHIEF_EXECUTIVE, "Leslie Ford", "Chief Executive",
     D(2020, 6, 1), None, None, None),
    (ESSEX, ContactRole.DCS, "Helen Lord", "Director of Children's Services", D(2021, 4, 1),
     None, None, "leader.essex"),
    (ESSEX, ContactRole.LANO, "Sam Turner", "SEND Partnership Manager", D(2022, 1, 10), None,
     None, "lano.essex"),
    (ESSEX, ContactRole.HEALTH_CHIEF_EXECUTIVE, "Jordan Blake", "Chief Executive",
     D(2022, 7, 1), None, "NHS Mid and South Essex ICB", None),
]


def seed_local_areas(*, users: dict) -> None:
    """Add the demo health partners and contacts that are not there yet."""
    areas = {a.ons_code: a for a in LocalArea.objects.filter(ons_code__in=[MEDWAY, BARNET, ESSEX])}
    partners = {}
    for code, kind, name, start, end in HEALTH_PARTNERS:
        partner = HealthPartner.objects.filter(name=name).first() or \
            services.health_partner_create(by=None, kind=kind, name=name, valid_from=start,
                                           valid_to=end)
        partners[name] = partner
        if not AreaHealthPartner.objects.filter(local_area=areas[code],
                                                health_partner=partner).exists():
            services.health_partner_link(local_area=areas[code], health_partner=partner,
                                         by=None, valid_from=start, valid_to=end)
    for code, role, name, title, start, end, partner_name, username in CONTACTS:
        if AreaContact.objects.filter(local_area=areas[code], role=role, name=name).exists():
            continue
        services.contact_add(
            local_area=areas[code], by=None, role=role, name=name, job_title=title,
            email=f"{name.lower().replace(' ', '.')}@example.org",
            start_date=start, end_date=end, user=users.get(username),
            health_partner=partners.get(partner_name),
        )
