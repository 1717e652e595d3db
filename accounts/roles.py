"""Roles are Django groups. Their model-level permissions are declared here, once.

Object-level access (a local-area user to their own area) is granted per object with
django-guardian by the services that link a user to an area; see docs/decisions/0003.
"""

OFSTED_ADMIN = "Ofsted admin"
INSPECTOR = "Inspector"
QUALITY_ASSURANCE = "Quality assurance"
LOCAL_AREA_OFFICER = "Local area officer"
LOCAL_AREA_LEADER = "Local area leader"
DFE_ADVISER = "DfE adviser"

ALL_ROLES = (
    OFSTED_ADMIN,
    INSPECTOR,
    QUALITY_ASSURANCE,
    LOCAL_AREA_OFFICER,
    LOCAL_AREA_LEADER,
    DFE_ADVISER,
)
# Users in these roles act for exactly one local area.
LOCAL_AREA_ROLES = frozenset({LOCAL_AREA_OFFICER, LOCAL_AREA_LEADER})

_REGISTER_READ = [
    "local_areas.view_localarea",
    "local_areas.view_areacontact",
    "local_areas.view_healthpartner",
]
_REGISTER_WRITE = [
    "local_areas.add_localarea",
    "local_areas.change_localarea",
    "local_areas.add_areacontact",
    "local_areas.change_areacontact",
    "local_areas.add_healthpartner",
    "local_areas.change_healthpartner",
    "local_areas.add_areahealthpartner",
    "local_areas.change_areahealthpartner",
]

_CLOCKS_ADMIN = [
    "deadlines.view_deadline",
    "deadlines.change_deadline",
    "deadlines.view_statutoryrule",
    "deadlines.change_statutoryrule",
    "deadlines.view_nonworkingday",
    "deadlines.add_nonworkingday",
    "deadlines.delete_nonworkingday",
]

_INSPECTIONS_ADMIN = [
    "inspections.view_inspection",
    "inspections.add_inspection",
    "inspections.change_inspection",
]

# Model-level ("global") permissions per role. Local-area roles hold none: what they
# can see is granted object by object (their area) or follows from the inspection (their
# area's inspections once notified). Inspectors see the inspections they are on the team of.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    OFSTED_ADMIN: _REGISTER_READ + _REGISTER_WRITE + _CLOCKS_ADMIN + _INSPECTIONS_ADMIN
    + ["audit.view_auditevent"],
    INSPECTOR: _REGISTER_READ,
    QUALITY_ASSURANCE: _REGISTER_READ + ["inspections.view_inspection"],
    LOCAL_AREA_OFFICER: [],
    LOCAL_AREA_LEADER: [],
    DFE_ADVISER: _REGISTER_READ,
}

# Object permissions a local-area user holds on their own area.
LOCAL_AREA_OBJECT_PERMISSIONS = ["view_localarea"]
