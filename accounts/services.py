"""Creating users, giving them roles, their passwords, deactivating them. Every write here is
audited."""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
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
        # Django's validators (AUTH_PASSWORD_VALIDATORS): length and the common-password list.
        validate_password(password, user)
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


@transaction.atomic
def user_set_password(*, by: User | None, user: User, password: str) -> User:
    """Give the user a new password, if Django's validators accept it (raises
    ValidationError with their messages otherwise). Sessions signed in with the old
    password stop working (Django checks the session's password hash)."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=by, action="user.set_password", obj=user,
                 local_area=user.local_area if user.local_area_id else None)
    return user


@transaction.atomic
def user_deactivate(*, by: User | None, user: User) -> User:
    """The account can no longer sign in, and every session it has ends at its next
    request. The last active Ofsted admin cannot be deactivated: someone must be able to
    look after the others."""
    from accounts.sign_in_sessions import session_end_all

    admins = people.users_holding(people.ADMIN).filter(is_active=True)
    if user.is_active and admins.filter(pk=user.pk).exists() and admins.count() == 1:
        raise ValidationError("The last active Ofsted admin cannot be deactivated")
    user.is_active = False
    user.save(update_fields=["is_active"])
    sessions = session_end_all(user=user)
    audit_record(actor=by, action="user.deactivate", obj=user,
                 local_area=user.local_area if user.local_area_id else None,
                 before={"is_active": True}, after={"is_active": False, "sessions": sessions})
    return user
