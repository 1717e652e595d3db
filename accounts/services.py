"""Creating users and giving them roles. Every write here is audited."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts import roles
from accounts.models import User
from audit.services import Label, audit_record


def roles_sync() -> None:
    """Make sure every role's group exists with exactly its declared model permissions."""
    for role, perm_names in roles.ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = [_permission(name) for name in perm_names]
        group.permissions.set([p for p in perms if p is not None])


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def _check_role_and_area(*, role: str, local_area) -> None:
    if role not in roles.ALL_ROLES:
        raise ValidationError({"role": f"Unknown role: {role}"})
    if role in roles.LOCAL_AREA_ROLES and local_area is None:
        raise ValidationError({"local_area": "Select the local area this person acts for"})
    if role not in roles.LOCAL_AREA_ROLES and local_area is not None:
        raise ValidationError({"local_area": f"A user with the role {role} has no local area"})


@transaction.atomic
def user_create(
    *,
    by: User | None,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    local_area=None,
    password: str | None = None,
    job_title: str = "",
) -> User:
    """Create a user holding one role; a local-area user gets access to their area only."""
    _check_role_and_area(role=role, local_area=local_area)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        local_area=local_area,
        job_title=job_title,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    if local_area is not None:
        _grant_area(user=user, local_area=local_area)
    audit_record(
        actor=by,
        action="user.create",
        obj=user,
        local_area=local_area,
        after={"username": username, "role": Label(role),
               "local_area": Label(str(local_area or ""))},
    )
    return user


@transaction.atomic
def user_set_role(*, by: User | None, user: User, role: str, local_area=None) -> User:
    """Replace the user's role (and area), moving their object permissions with it."""
    _check_role_and_area(role=role, local_area=local_area)
    before = {
        "roles": [Label(name) for name in sorted(user.groups.values_list("name", flat=True))],
        "local_area": Label(str(user.local_area or "")),
    }
    if user.local_area is not None:
        _revoke_area(user=user, local_area=user.local_area)
    user.groups.set([Group.objects.get(name=role)])
    user.local_area = local_area
    user.save(update_fields=["local_area"])
    if local_area is not None:
        _grant_area(user=user, local_area=local_area)
    user.__dict__.pop("_role_names", None)
    audit_record(
        actor=by,
        action="user.set_role",
        obj=user,
        local_area=local_area,
        before=before,
        after={"roles": [Label(role)], "local_area": Label(str(local_area or ""))},
    )
    return user


def _grant_area(*, user: User, local_area) -> None:
    for codename in roles.LOCAL_AREA_OBJECT_PERMISSIONS:
        assign_perm(f"local_areas.{codename}", user, local_area)


def _revoke_area(*, user: User, local_area) -> None:
    for codename in roles.LOCAL_AREA_OBJECT_PERMISSIONS:
        remove_perm(f"local_areas.{codename}", user, local_area)
