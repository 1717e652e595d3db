"""What a person is, whatever the object: their role and the inspectorate they work for."""

from accounts import roles
from accounts.models import Inspectorate
from accounts.selectors import user_role_names

# Roles held by staff of the inspectorates: each such user records whether they work for
# Ofsted or for CQC, because joint decisions are taken by each inspectorate for itself.
STAFF_ROLES = frozenset({roles.OFSTED_ADMIN, roles.INSPECTOR, roles.QUALITY_ASSURANCE})
# Roles whose holders act for exactly one local area.
LOCAL_AREA_ROLES = frozenset({roles.LOCAL_AREA_OFFICER, roles.LOCAL_AREA_LEADER})


# What a person is by their role alone, as the policy tables name it.
ADMIN, QA, INSPECTOR, DFE, LANO, LEADER = "admin", "qa", "inspector", "dfe", "lano", "leader"
NAMES = {ADMIN: "an Ofsted admin", QA: "quality assurance", INSPECTOR: "an inspector",
         DFE: "a DfE adviser", LANO: "the local area", LEADER: "the local area"}


def roles_held(user) -> frozenset[str]:
    """The policy's names for the user's roles: admin, qa, inspector, dfe, lano, leader."""
    if not user.is_authenticated:
        return frozenset()
    found = [(is_admin, ADMIN), (is_quality_assurance, QA), (is_inspector, INSPECTOR),
             (is_dfe_adviser, DFE), (is_lano, LANO), (is_local_area_leader, LEADER)]
    return frozenset(name for holds, name in found if holds(user))


def is_admin(user) -> bool:
    return roles.OFSTED_ADMIN in user_role_names(user=user)


def is_quality_assurance(user) -> bool:
    return roles.QUALITY_ASSURANCE in user_role_names(user=user)


def is_inspector(user) -> bool:
    return roles.INSPECTOR in user_role_names(user=user)


def is_dfe_adviser(user) -> bool:
    return roles.DFE_ADVISER in user_role_names(user=user)


def is_lano(user) -> bool:
    """A local area nominated officer: the area's single point of contact."""
    return roles.LOCAL_AREA_OFFICER in user_role_names(user=user) and bool(user.local_area_id)


def is_local_area_leader(user) -> bool:
    """A DCS or chief executive of the area: receives the restricted draft."""
    return roles.LOCAL_AREA_LEADER in user_role_names(user=user) and bool(user.local_area_id)


def is_local_area_user(user) -> bool:
    return bool(user_role_names(user=user) & LOCAL_AREA_ROLES) and bool(user.local_area_id)


def is_staff_of_inspectorates(user) -> bool:
    return bool(user_role_names(user=user) & STAFF_ROLES)


def role_needs_inspectorate(role: str) -> bool:
    return role in STAFF_ROLES


def role_needs_local_area(role: str) -> bool:
    return role in LOCAL_AREA_ROLES


def works_for(user, inspectorate: str) -> bool:
    return is_staff_of_inspectorates(user) and user.inspectorate == inspectorate


__all__ = ["Inspectorate", "LOCAL_AREA_ROLES", "STAFF_ROLES"]
