"""django-guardian's object grants, derived from the rows that justify them.

A grant is never written by hand: each function here reads the row (a team place, a user's
local area) and makes the grants match it, inside the caller's transaction. So the grants
cannot drift from the rows, and tests/policy/test_grants.py checks that they do not. Each
grant given or taken away is an audit row (grant.assigned, grant.removed), with `by`, the
person whose change caused it (None: the service itself).
"""

from django.db.models import QuerySet
from guardian.shortcuts import assign_perm, remove_perm

from audit.services import audit_record
from policy import people

# What a local-area user holds on their own area, and a team member on their inspection.
LOCAL_AREA_GRANTS = ("local_areas.view_localarea",)
TEAM_GRANTS = ("inspections.view_inspection",)


def _granted(codename: str, model) -> QuerySet:
    """The object grants of one permission on one model."""
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    return UserObjectPermission.objects.filter(
        permission__codename=codename.split(".")[1],
        content_type=ContentType.objects.get_for_model(model))


def _assign(codename: str, user, obj, *, by, local_area) -> None:
    assign_perm(codename, user, obj)
    audit_record(actor=by, action="grant.assigned", obj=obj, local_area=local_area,
                 after={"user": user.get_username(), "permission": codename})


def _remove(codename: str, user, obj, *, by, local_area) -> None:
    remove_perm(codename, user, obj)
    audit_record(actor=by, action="grant.removed", obj=obj, local_area=local_area,
                 before={"user": user.get_username(), "permission": codename})


def local_area_grants_sync(*, user, by) -> None:
    """The user holds the area grants on their own area (if their role acts for one) and on
    no other area."""
    from local_areas.models import LocalArea

    own = user.local_area_id if people.is_local_area_user(user) else None
    for codename in LOCAL_AREA_GRANTS:
        held = {int(pk) for pk in _granted(codename, LocalArea).filter(user=user)
                .values_list("object_pk", flat=True)}
        for area in LocalArea.objects.filter(pk__in=held - {own}):
            _remove(codename, user, area, by=by, local_area=area)
        if own is not None and own not in held:
            area = LocalArea.objects.get(pk=own)
            _assign(codename, user, area, by=by, local_area=area)


def team_access_suspended(inspection) -> frozenset[int]:
    """The users whose access to the inspection is suspended: they declared a connection to
    the area (after they were assigned, or again), and no Ofsted admin has yet recorded that
    it is not one (framework paras 28 and 31). Reads the prefetched declarations if there."""
    return frozenset(declaration.user_id
                     for declaration in inspection.conflict_declarations.all()
                     if not declaration.allows_assignment)


def inspection_team_grants_sync(*, inspection, by) -> None:
    """Exactly the inspection's team members hold the team grants on it, but for those whose
    access is suspended by a declared connection."""
    from accounts.models import User
    from inspections.models import Inspection

    team_ids = (set(inspection.team.values_list("user_id", flat=True))
                - team_access_suspended(inspection))
    for codename in TEAM_GRANTS:
        holders = set(_granted(codename, Inspection).filter(object_pk=str(inspection.pk))
                      .values_list("user_id", flat=True))
        for user in User.objects.filter(pk__in=holders - team_ids):
            _remove(codename, user, inspection, by=by, local_area=inspection.local_area)
        for user in User.objects.filter(pk__in=team_ids - holders):
            _assign(codename, user, inspection, by=by, local_area=inspection.local_area)
