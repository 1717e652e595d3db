"""The inspection team, and conflicts of interest (framework paras 28 and 31)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_record, text_fields
from config import clock
from inspections.models import ConflictDeclaration, Inspection, TeamMember, TeamRole
from inspections.services.common import locked, require_open
from policy import grants, people
from policy import inspections as policy


@transaction.atomic
def conflict_declare(*, inspection: Inspection, inspector, by, has_connection: bool,
                     details: str = "") -> ConflictDeclaration:
    """Record an inspector's declaration for this inspection's area (theirs, or on their
    behalf by an Ofsted admin). A new declaration replaces the old and clears any ruling.

    A connection declared by someone already on the team suspends their access to the
    inspection at once, until an Ofsted admin decides: removes them from the team, or records
    that the declared matter is not a connection (framework paras 28 and 31)."""
    if by != inspector:
        policy.require(by, inspection, "declare_for_someone_else")
    if not people.is_inspector(inspector):
        raise ValidationError({"inspector": f"{inspector} is not an inspector"})
    if has_connection and not details.strip():
        raise ValidationError({"details": "Describe the connection to the local area"})
    inspection = locked(inspection)
    declaration, _ = ConflictDeclaration.objects.update_or_create(
        inspection=inspection, user=inspector,
        defaults={"has_connection": has_connection, "details": details,
                  "override_by": None, "override_reason": "", "declared_at": clock.now()})
    on_team = inspection.team.filter(user=inspector).exists()
    if on_team:
        grants.inspection_team_grants_sync(inspection=inspection, by=by)
    audit_record(actor=by, action="inspection.conflict_declared", obj=inspection,
                 local_area=inspection.local_area,
                 after={"inspector": inspector.get_username(), "has_connection": has_connection,
                        "declaration": declaration.pk,
                        "access_suspended": on_team and has_connection,
                        "fields": text_fields(details=details)})
    return declaration


@transaction.atomic
def conflict_override(*, declaration: ConflictDeclaration, by, reason: str
                      ) -> ConflictDeclaration:
    """An Ofsted admin records, with reasons, that the declared matter is not a connection:
    the inspector may be assigned, and one already on the team has their access back."""
    policy.require(by, declaration.inspection, "override_conflict")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the declared matter is not a "
                                         "connection"})
    inspection = locked(declaration.inspection)
    declaration.override_by, declaration.override_reason = by, reason
    declaration.save(update_fields=["override_by", "override_reason"])
    on_team = inspection.team.filter(user_id=declaration.user_id).exists()
    if on_team:
        grants.inspection_team_grants_sync(inspection=inspection, by=by)
    audit_record(actor=by, action="inspection.conflict_override", obj=inspection,
                 local_area=inspection.local_area,
                 after={"inspector": declaration.user.get_username(),
                        "declaration": declaration.pk, "ruling": "not_a_connection",
                        "access_restored": on_team, "fields": ["override_reason"]})
    return declaration


@transaction.atomic
def team_member_add(*, inspection: Inspection, by, user, role: str) -> TeamMember:
    """Assign an inspector: only with a declaration that allows it. They can then see it."""
    inspection = locked(inspection)
    policy.require(by, inspection, "team_add")
    require_open(inspection=inspection, doing="assign inspectors")
    if not people.is_inspector(user):
        raise ValidationError({"user": f"{user} is not an inspector"})
    declaration = ConflictDeclaration.objects.filter(inspection=inspection, user=user).first()
    if declaration is None:
        raise ValidationError({"user": f"{user} has not declared whether they have any "
                                       f"connection to {inspection.local_area.name}"})
    if not declaration.allows_assignment:
        raise ValidationError({"user": f"{user} declared a connection to "
                                       f"{inspection.local_area.name}; an Ofsted admin must "
                                       f"first record that it is not a connection"})
    if role == TeamRole.LEAD and inspection.team.filter(role=TeamRole.LEAD).exists():
        raise ValidationError({"role": "This inspection already has a lead inspector"})
    if inspection.team.filter(user=user).exists():
        raise ValidationError({"user": f"{user} is already on the team"})
    member = TeamMember.objects.create(inspection=inspection, user=user, role=role)
    grants.inspection_team_grants_sync(inspection=inspection, by=by)
    audit_record(actor=by, action="inspection.team_add", obj=inspection,
                 local_area=inspection.local_area,
                 after={"inspector": user.get_username(), "role": role,
                        "team_member": member.pk})
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember, by) -> None:
    """Take an inspector off the team; they lose access to the inspection."""
    inspection = locked(member.inspection)
    policy.require(by, inspection, "team_remove")
    require_open(inspection=inspection, doing="remove inspectors")
    audit_record(actor=by, action="inspection.team_remove", obj=inspection,
                 local_area=inspection.local_area,
                 before={"inspector": member.user.get_username(), "role": member.role})
    member.delete()
    grants.inspection_team_grants_sync(inspection=inspection, by=by)
