"""What a person is, whatever the object: their roles, and the inspectorate they work for."""

from accounts import roles
from accounts.selectors import user_role_names

# What a person is by their role alone, as the policy tables name it.
ADMIN, QA, INSPECTOR, DFE, LANO, LEADER = "admin", "qa", "inspector", "dfe", "lano", "leader"
NAMES = {ADMIN: "an Ofsted admin", QA: "quality assurance", INSPECTOR: "an inspector",
         DFE: "a DfE adviser", LANO: "the local area", LEADER: "the local area"}
ROLE_NAMES = {roles.OFSTED_ADMIN: ADMIN, roles.QUALITY_ASSURANCE: QA, roles.INSPECTOR: INSPECTOR,
              roles.DFE_ADVISER: DFE, roles.LOCAL_AREA_OFFICER: LANO,
              roles.LOCAL_AREA_LEADER: LEADER}

# Roles held by staff of the inspectorates: each such user records whether they work for
# Ofsted or for CQC, because joint decisions are taken by each inspectorate for itself.
STAFF_ROLES = frozenset({roles.OFSTED_ADMIN, roles.INSPECTOR, roles.QUALITY_ASSURANCE})
# Roles whose holders act for exactly one local area: the LANO (the area's single point of
# contact) and its leaders (DCS, chief executives, who receive the restricted draft).
LOCAL_AREA_ROLES = frozenset({roles.LOCAL_AREA_OFFICER, roles.LOCAL_AREA_LEADER})


def roles_held(user) -> frozenset[str]:
    """The policy's names for the user's roles: admin, qa, inspector, dfe, lano, leader. A
    local-area role counts only with the area it acts for."""
    if not user.is_authenticated:
        return frozenset()
    held = {ROLE_NAMES[role] for role in user_role_names(user=user) if role in ROLE_NAMES}
    if not user.local_area_id:
        held -= {LANO, LEADER}
    return frozenset(held)


def is_inspector(user) -> bool:
    return INSPECTOR in roles_held(user)


def is_local_area_user(user) -> bool:
    return bool(roles_held(user) & {LANO, LEADER})


def works_for(user, inspectorate: str) -> bool:
    """Whether the user is staff of that inspectorate (Ofsted or CQC)."""
    return bool(roles_held(user) & {ADMIN, QA, INSPECTOR}) and user.inspectorate == inspectorate


def role_needs_inspectorate(role: str) -> bool:
    return role in STAFF_ROLES


def role_needs_local_area(role: str) -> bool:
    return role in LOCAL_AREA_ROLES


def users_holding(name: str):
    """Every user holding the role the policy calls `name` (admin, qa, …), as a queryset."""
    from accounts.models import User

    return User.objects.filter(groups__name__in=[role for role, called in ROLE_NAMES.items()
                                                 if called == name])


def two_factor_required(user) -> bool:
    """Whether the user must sign in with a second factor: everyone but local-area users,
    who are offered it (docs/decisions/0023). Staff of Ofsted and CQC, DfE advisers, and
    an account holding no role yet all need one."""
    return user.is_authenticated and not is_local_area_user(user)
