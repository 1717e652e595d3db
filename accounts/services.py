"""Creating users and giving them roles. Every write here is audited."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import roles
from accounts.models import Inspectorate, User
from audit.services import Label, audit_record
from policy import grants, people


def roles_sync() -> None:
    """Make sure every role's group exists. Groups hold no model permissions: what a role
    allows is said by the policy (policy/), which reads the role itself."""
    for role in roles.ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.clear()


def _check_role_and_area(*, role: str, local_area, inspectorate: str) -> None:
    if role not in roles.ALL_ROLES:
        raise ValidationError({"role": f"Unknown role: {role}"})
    if people.role_needs_local_area(role) and local_area is None:
        raise ValidationError({"local_area": "Select the local area this person acts for"})
    if not people.role_needs_local_area(role) and local_area is not None:
        raise ValidationError({"local_area": f"A user with the role {role} has no local area"})
    if people.role_needs_inspectorate(role) and inspectorate not in Inspectorate.values:
        raise ValidationError({"inspectorate": "Select the inspectorate this person works for: "
                                               "Ofsted or CQC"})
    if not people.role_needs_inspectorate(role) and inspectorate:
        raise ValidationError({"inspectorate": f"A user with the role {role} does not work "
                                               f"for an inspectorate"})


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
    inspectorate: str = "",
) -> User:
    """Create a user holding one role; a local-area user gets access to their area only,
    and staff of the inspectorates say which one they work for."""
    _check_role_and_area(role=role, local_area=local_area, inspectorate=inspectorate)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        local_area=local_area,
        job_title=job_title,
        inspectorate=inspectorate,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    grants.local_area_grants_sync(user=user, by=by)
    audit_record(
        actor=by,
        action="user.create",
        obj=user,
        local_area=local_area,
        after={"username": username, "role": Label(role),
               "local_area": Label(str(local_area or "")), "inspectorate": inspectorate},
    )
    return user


@transaction.atomic
def user_set_role(*, by: User | None, user: User, role: str, local_area=None,
                  inspectorate: str = "") -> User:
    """Replace the user's role (and area, and inspectorate); their object grants follow."""
    _check_role_and_area(role=role, local_area=local_area, inspectorate=inspectorate)
    before = {
        "roles": [Label(name) for name in sorted(user.groups.values_list("name", flat=True))],
        "local_area": Label(str(user.local_area or "")),
        "inspectorate": user.inspectorate,
    }
    user.groups.set([Group.objects.get(name=role)])
    user.local_area, user.inspectorate = local_area, inspectorate
    user.save(update_fields=["local_area", "inspectorate"])
    user.__dict__.pop("_role_names", None)
    grants.local_area_grants_sync(user=user, by=by)
    audit_record(
        actor=by,
        action="user.set_role",
        obj=user,
        local_area=local_area,
        before=before,
        after={"roles": [Label(role)], "local_area": Label(str(local_area or "")),
               "inspectorate": inspectorate},
    )
    return user
