"""National-scale accounts: staff of both inspectorates, the DfE, and a LANO and a leader for
each local area, beside the demo personas (accounts.demo).

Made with bulk_create: every account shares one password hash, the demo password's, computed
once. Roles (groups) and the local-area grants are written as rows too, exactly as
accounts.services and policy.grants would leave them.
"""

import datetime
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission

from accounts import roles
from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import Inspectorate, User
from config.national.base import Run, at, bulk_insert, day_between, person_name
from local_areas.models import LocalArea
from policy.grants import LOCAL_AREA_GRANTS

OFSTED, CQC = Inspectorate.OFSTED, Inspectorate.CQC



class Staff(NamedTuple):
    """A kind of person: the kind is the username's first part and how the other generators
    ask for people."""

    kind: str
    role: str
    title: str
    inspectorate: str = ""
    how_many: int = 1  # at full scale


STAFF = [
    Staff("hmi", roles.INSPECTOR, "His Majesty's Inspector", OFSTED, 100),
    Staff("oi", roles.INSPECTOR, "Ofsted Inspector", OFSTED, 70),
    Staff("cqc", roles.INSPECTOR, "CQC children's services inspector", CQC, 70),
    Staff("shmi", roles.QUALITY_ASSURANCE, "Senior HMI", OFSTED, 14),
    Staff("cqcqa", roles.QUALITY_ASSURANCE, "CQC quality assurance manager", CQC, 8),
    Staff("admin", roles.OFSTED_ADMIN, "Inspection support officer", OFSTED, 24),
    Staff("dfe", roles.DFE_ADVISER, "SEND adviser, Department for Education", "", 12),
]
# Each local area's two people.
AREA_STAFF = [
    Staff("lano", roles.LOCAL_AREA_OFFICER, "SEND Lead"),
    Staff("leader", roles.LOCAL_AREA_LEADER, "Director of Children's Services"),
]
# The demo personas, by the kind of person they are among the national ones.
DEMO_KINDS = {"hmi.lead": "hmi", "diana.choulerton": "hmi", "ofsted.inspector": "oi",
              "keith.tysoe": "oi", "cqc.inspector": "cqc", "karen.collins-becket": "cqc",
              "qa.reviewer": "shmi", "cqc.qa": "cqcqa", "ofsted.admin": "admin",
              "dfe.adviser": "dfe"}
DEMO_AREAS = {code for *_, code in DEMO_USERS if code}


def _local_areas(run: Run) -> list[LocalArea]:
    """The areas given a LANO and a leader account: current areas (the demo areas have
    theirs), as many as the scale asks for."""
    current = [area for area in LocalArea.objects.valid_on(run.today).order_by("ons_code")
               if area.ons_code not in DEMO_AREAS]
    rng = run.rng("accounts.areas")
    return sorted(rng.sample(current, min(len(current), run.scaled(len(current)))),
                  key=lambda area: area.ons_code)


def seed_users(run: Run) -> None:
    """Accounts in every role; run.shared["people"][kind] lists (pk, full name, username) of
    each kind, demo personas first; run.shared["area_people"][area pk] holds the area's
    LANO and leader."""
    rng = run.rng("accounts")
    password = make_password(DEMO_PASSWORD)
    first_day = run.window_start
    plans = []  # (User, role)
    for kind, role, title, inspectorate, how_many in STAFF:
        for n in range(1, run.scaled(how_many) + 1):
            first, last = person_name(rng)
            username = f"{kind}.{n:04d}"
            plans.append((User(username=username, email=f"{username}@example.org",
                               first_name=first, last_name=last, job_title=title,
                               inspectorate=inspectorate, password=password,
                               date_joined=at(day_between(rng, first_day, run.today), 9)),
                          role, kind))
    for area in _local_areas(run):
        for kind, role, title, *_ in AREA_STAFF:
            first, last = person_name(rng)
            username = f"{kind}.{area.ons_code.lower()}"
            joined = day_between(rng, run.today - datetime.timedelta(days=5 * 365),
                                 run.today - datetime.timedelta(days=30))
            plans.append((User(username=username, email=f"{username}@example.org",
                               first_name=first, last_name=last, job_title=title,
                               local_area=area, password=password, date_joined=at(joined, 9)),
                          role, kind))
    users = bulk_insert(run, User, (user for user, _role, _kind in plans), total=len(plans),
                        desc="users", keep=lambda user: user)
    groups = dict(Group.objects.values_list("name", "pk"))
    Membership = User.groups.through
    bulk_insert(run, Membership, (Membership(user_id=user.pk, group_id=groups[role])
                                  for user, (_u, role, _k) in zip(users, plans, strict=True)),
                total=len(users), desc="roles")
    app_label, codename = LOCAL_AREA_GRANTS[0].split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    area_type = ContentType.objects.get_for_model(LocalArea)
    bulk_insert(run, UserObjectPermission, (
        UserObjectPermission(user_id=user.pk, permission=permission, content_type=area_type,
                             object_pk=str(user.local_area_id))
        for user in users if user.local_area_id), desc="local-area grants")

    people: dict[str, list[tuple[int, str, str]]] = {kind: [] for kind, *_ in STAFF}
    people.update(lano=[], leader=[])
    demo = {user.username: user for user in User.objects.filter(username__in=DEMO_KINDS)}
    for username, kind in DEMO_KINDS.items():
        if username in demo:
            people[kind].append((demo[username].pk, demo[username].get_full_name(), username))
    area_people: dict[int, dict] = {}
    for user, (_u, _role, kind) in zip(users, plans, strict=True):
        people[kind].append((user.pk, user.get_full_name(), user.username))
        if user.local_area_id:
            area_people.setdefault(user.local_area_id, {})[kind] = (
                user.pk, user.get_full_name(), user.date_joined.date())
    run.shared["people"] = people
    run.shared["demo_users"] = {username: user.pk for username, user in demo.items()}
    run.shared["area_people"] = area_people
    run.shared["user_joined"] = {user.pk: user.date_joined for user in users}
