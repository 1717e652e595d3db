"""Demo accounts: one or more per role, and two local areas with their own people."""

from accounts import roles
from accounts.models import Inspectorate, User
from accounts.services import user_create, user_set_role
from local_areas.models import LocalArea
from policy import people

# One password for every demo account. seed_demo refuses to run unless DEBUG is on.
DEMO_PASSWORD = "send-demo-2026"  # noqa: S105

# (username, first name, last name, job title, role, local area ONS code)
DEMO_USERS = [
    ("ofsted.admin", "Sam", "Okafor", "Inspection support officer", roles.OFSTED_ADMIN, None),
    ("hmi.lead", "Priya", "Shah", "His Majesty's Inspector", roles.INSPECTOR, None),
    ("ofsted.inspector", "Tom", "Wright", "Ofsted Inspector", roles.INSPECTOR, None),
    ("cqc.inspector", "Grace", "Adeyemi", "CQC children's services inspector",
     roles.INSPECTOR, None),
    ("qa.reviewer", "Helen", "Marsh", "Senior HMI", roles.QUALITY_ASSURANCE, None),
    ("cqc.qa", "Owen", "Reid", "CQC quality assurance manager", roles.QUALITY_ASSURANCE, None),
    # The Medway 2017 team, as the published letter names them.
    ("diana.choulerton", "Diana", "Choulerton", "HMI lead inspector", roles.INSPECTOR, None),
    ("keith.tysoe", "Keith", "Tysoe", "Ofsted Inspector", roles.INSPECTOR, None),
    ("karen.collins-becket", "Karen", "Collins-Becket", "CQC children's services inspector",
     roles.INSPECTOR, None),
    ("dfe.adviser", "Ravi", "Patel", "SEND adviser, Department for Education",
     roles.DFE_ADVISER, None),
    ("lano.medway", "Jo", "Bennett", "SEND Improvement Lead", roles.LOCAL_AREA_OFFICER,
     "E06000035"),
    ("leader.medway", "Chris", "Hall", "Director of Children's Services",
     roles.LOCAL_AREA_LEADER, "E06000035"),
    ("lano.barnet", "Amira", "Khan", "Assistant Director, SEND and Inclusion",
     roles.LOCAL_AREA_OFFICER, "E09000003"),
    ("leader.barnet", "Dan", "Price", "Executive Director, Children and Family Services",
     roles.LOCAL_AREA_LEADER, "E09000003"),
    # Essex's draft report is with the area in the demo: its DCS, and the LANO the DCS names
    # as representative, read it and comment on it.
    ("lano.essex", "Sam", "Turner", "SEND Partnership Manager", roles.LOCAL_AREA_OFFICER,
     "E10000012"),
    ("leader.essex", "Helen", "Lord", "Director of Children's Services",
     roles.LOCAL_AREA_LEADER, "E10000012"),
]


# Staff of the inspectorates work for Ofsted unless named here.
CQC_STAFF = {"cqc.inspector", "cqc.qa", "karen.collins-becket"}


def demo_inspectorate(username: str, role: str) -> str:
    if not people.role_needs_inspectorate(role):
        return ""
    return Inspectorate.CQC if username in CQC_STAFF else Inspectorate.OFSTED


def seed_accounts() -> dict[str, User]:
    """Create the demo accounts that do not exist yet, and put right the inspectorate of
    those that do; return all of them by username."""
    areas = {a.ons_code: a for a in LocalArea.objects.filter(
        ons_code__in={code for *_, code in DEMO_USERS if code})}
    users = {}
    for username, first, last, title, role, area_code in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        inspectorate = demo_inspectorate(username, role)
        if user is None:
            user = user_create(
                by=None, username=username, email=f"{username}@example.org",
                first_name=first, last_name=last, job_title=title, role=role,
                local_area=areas.get(area_code), password=DEMO_PASSWORD,
                inspectorate=inspectorate,
            )
        elif user.inspectorate != inspectorate:
            user = user_set_role(by=None, user=user, role=role, local_area=user.local_area,
                                 inspectorate=inspectorate)
        users[username] = user
    return users


def demo_manifest() -> list[dict]:
    """Every demo account as {"username", "role", "local_area"}."""
    by_username = {
        user.username: user
        for user in User.objects.filter(username__in=[row[0] for row in DEMO_USERS])
        .select_related("local_area").prefetch_related("groups")
    }
    return [
        {
            "username": username,
            "role": role,
            "local_area": by_username[username].local_area.name
            if by_username[username].local_area_id else None,
        }
        for username, *_, role, _code in DEMO_USERS
        if username in by_username
    ]
