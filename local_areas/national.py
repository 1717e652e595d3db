"""National-scale register: health partners and the people who act for every local area.

Every area of the register (the 152 of 2016 and the reorganised ones, each within the dates
it existed; the demo areas keep their own people from local_areas.demo) gets a CCG until 30
June 2022 and an ICB from 1 July 2022 (areas share ICBs, several to one, as they do), and a
run of directors of children's services, chief executives and LANOs with no gaps and no
overlaps, so "who held the role on a day" has one answer on every day of the ten years. The
current LANO and director are the area's national LANO and leader accounts, where it has
them. The register is made whole at any --fraction: it is small, and every area is covered.
"""

import dataclasses
import datetime

from accounts.demo import DEMO_USERS
from config.national.base import Run, bulk_insert, day_between, person_name
from local_areas.models import (
    AreaContact,
    AreaHealthPartner,
    ContactRole,
    HealthPartner,
    HealthPartnerKind,
    LocalArea,
)

LAST_CCG_DAY = datetime.date(2022, 6, 30)
FIRST_ICB_DAY = datetime.date(2022, 7, 1)
AREAS_PER_ICB = 4
DEMO_AREAS = {code for *_, code in DEMO_USERS if code}
ONE_DAY = datetime.timedelta(days=1)


@dataclasses.dataclass
class AreaPeople:
    """Who acted for an area, as (first day, last day or None, contact pk, name) runs."""

    pk: int
    ons_code: str
    name: str
    region: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    lano: list = dataclasses.field(default_factory=list)
    dcs: list = dataclasses.field(default_factory=list)
    # (first day, last day or None, health partner pk, chief executive's name)
    health: list = dataclasses.field(default_factory=list)

    def holder(self, runs: list, on: datetime.date):
        for start, end, pk, name in runs:
            if start <= on and (end is None or on <= end):
                return pk, name
        return None

    def health_on(self, on: datetime.date) -> list:
        return [(pk, name) for start, end, pk, name in self.health
                if start <= on and (end is None or on <= end)]


def _runs(rng, first: datetime.date, last: datetime.date | None, today: datetime.date,
          holders: int) -> list[tuple[datetime.date, datetime.date | None]]:
    """Consecutive terms from `first` to `last` (None: still held today)."""
    end = last or today
    cuts = sorted({day_between(rng, first + ONE_DAY * 60, end - ONE_DAY * 60)
                   for _ in range(holders - 1)}) if (end - first).days > 240 else []
    starts = [first, *cuts]
    ends = [cut - ONE_DAY for cut in cuts] + [last]
    return list(zip(starts, ends, strict=True))


def seed_register(run: Run) -> None:
    rng = run.rng("local_areas")
    first_day = run.window_start - datetime.timedelta(days=365)
    areas = [area for area in LocalArea.objects.order_by("ons_code")
             if area.ons_code not in DEMO_AREAS]
    taken = set(HealthPartner.objects.values_list("name", flat=True))

    # CCGs: one per area name (the county and the unitary council that followed it share
    # theirs), for areas that existed before July 2022.
    ccg_names = sorted({area.name for area in areas
                        if area.valid_from is None or area.valid_from <= LAST_CCG_DAY}
)
    ccg_names = [name for name in ccg_names if f"NHS {name} CCG" not in taken]
    # ICBs: areas in the same region, a few to one, for areas that exist from July 2022.
    icb_areas = sorted((area for area in areas
                        if area.valid_to is None or area.valid_to >= FIRST_ICB_DAY),
                       key=lambda area: (area.region, area.name, area.ons_code))
    groups: list[list[LocalArea]] = []
    for area in icb_areas:
        if groups and groups[-1][0].region == area.region and len(groups[-1]) < AREAS_PER_ICB:
            groups[-1].append(area)
        else:
            groups.append([area])
    icb_names = []
    for group in groups:
        names = list(dict.fromkeys(area.name for area in group))
        name = f"NHS {names[0]} ICB" if len(names) == 1 else \
            f"NHS {', '.join(names[:-1])} and {names[-1]} ICB"
        name = name if len(name) <= 190 else f"NHS {names[0]} and partners ICB"
        while name in taken:
            name = f"{name} (2)"
        taken.add(name)
        icb_names.append(name)
    partners = bulk_insert(run, HealthPartner, [
        *(HealthPartner(kind=HealthPartnerKind.CCG, name=f"NHS {name} CCG", valid_to=LAST_CCG_DAY)
          for name in ccg_names),
        *(HealthPartner(kind=HealthPartnerKind.ICB, name=name, valid_from=FIRST_ICB_DAY)
          for name in icb_names)], desc="health partners", keep=lambda p: p)
    by_name = {partner.name: partner for partner in partners}
    icb_of = {area.pk: by_name[name] for group, name in zip(groups, icb_names, strict=True)
              for area in group}
    ce_of = {partner.pk: " ".join(person_name(rng)) for partner in partners}

    links, contacts, people = [], [], {}
    area_people = run.shared.get("area_people", {})
    for area in areas:
        first = max(area.valid_from or first_day, first_day)
        info = people[area.pk] = AreaPeople(area.pk, area.ons_code, area.name, area.region,
                                            area.valid_from, area.valid_to)
        ccg = by_name.get(f"NHS {area.name} CCG")
        if ccg is not None and first <= LAST_CCG_DAY:
            end = min(LAST_CCG_DAY, area.valid_to or LAST_CCG_DAY)
            links.append(AreaHealthPartner(local_area=area, health_partner=ccg,
                                           valid_from=area.valid_from, valid_to=end))
            contacts.append((info, "health", first, end, ccg, ce_of[ccg.pk], None))
        icb = icb_of.get(area.pk)
        if icb is not None:
            start = max(FIRST_ICB_DAY, area.valid_from or FIRST_ICB_DAY)
            links.append(AreaHealthPartner(local_area=area, health_partner=icb,
                                           valid_from=start, valid_to=area.valid_to))
            contacts.append((info, "health", start, area.valid_to, icb, ce_of[icb.pk], None))
        accounts = area_people.get(area.pk, {})
        for role, holders, account in ((ContactRole.DCS, 3, accounts.get("leader")),
                                       (ContactRole.LA_CHIEF_EXECUTIVE, 2, None),
                                       (ContactRole.LANO, 3, accounts.get("lano"))):
            terms = _runs(rng, first, area.valid_to, run.today, holders)
            for index, (start, end) in enumerate(terms):
                current = index == len(terms) - 1 and end is None
                name = account[1] if current and account else " ".join(person_name(rng))
                user = account[0] if current and account else None
                contacts.append((info, role, start, end, None, name, user))
    bulk_insert(run, AreaHealthPartner, links, desc="health partnerships")
    titles = {ContactRole.DCS: "Director of Children's Services",
              ContactRole.LA_CHIEF_EXECUTIVE: "Chief Executive",
              ContactRole.LANO: "Local area nominated officer", "health": "Chief Executive"}
    made = bulk_insert(run, AreaContact, (
        AreaContact(local_area_id=info.pk,
                    role=ContactRole.HEALTH_CHIEF_EXECUTIVE if role == "health" else role,
                    name=name, job_title=titles[role],
                    email=f"{name.lower().replace(' ', '.')}@{info.ons_code.lower()}.example.org",
                    health_partner=partner, user_id=user, start_date=start, end_date=end)
        for info, role, start, end, partner, name, user in contacts),
        total=len(contacts), desc="area contacts", keep=lambda contact: contact.pk)
    for pk, (info, role, start, end, partner, name, _user) in zip(made, contacts, strict=True):
        if role == ContactRole.LANO:
            info.lano.append((start, end, pk, name))
        elif role == ContactRole.DCS:
            info.dcs.append((start, end, pk, name))
        elif role == "health":
            info.health.append((start, end, partner.pk, name))
    run.shared["areas"] = people
