"""What every inspection service shares: who may act, state checks, versions, audit."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F

from accounts import roles
from accounts.selectors import user_has_role, user_is_local_area_user
from audit.services import audit_record
from inspections.models import Inspection, State, TeamRole

ADMIN, LEAD, QA, TEAM, LOCAL = "admin", "lead", "qa", "team", "local"
ACTOR_NAMES = {ADMIN: "an Ofsted admin", LEAD: "the lead inspector",
               QA: "quality assurance", TEAM: "a member of the team",
               LOCAL: "the local area"}


def actor_kinds(*, inspection: Inspection, user) -> set[str]:
    """What the user is to this inspection: admin, lead, qa, team and/or local."""
    kinds = set()
    if user_has_role(user=user, role=roles.OFSTED_ADMIN):
        kinds.add(ADMIN)
    if user_has_role(user=user, role=roles.QUALITY_ASSURANCE):
        kinds.add(QA)
    # Iterating team.all() uses the prefetched team where the page already read it.
    membership = next((member.role for member in inspection.team.all()
                       if member.user_id == user.pk), None) if inspection.pk else None
    if membership is not None:
        kinds.add(TEAM)
        if membership == TeamRole.LEAD:
            kinds.add(LEAD)
    if user.local_area_id == inspection.local_area_id and user_is_local_area_user(user=user):
        kinds.add(LOCAL)
    return kinds


def require_actor(*, inspection: Inspection, user, allowed: set[str], doing: str) -> None:
    if not actor_kinds(inspection=inspection, user=user) & allowed:
        who = " or ".join(ACTOR_NAMES[kind] for kind in sorted(allowed))
        raise PermissionDenied(f"Only {who} can {doing}")


def require_state(*, inspection: Inspection, allowed: set[str], doing: str) -> None:
    if inspection.state not in allowed:
        raise ValidationError(
            f"You cannot {doing} while the inspection is "
            f"'{inspection.get_state_display().lower()}'")


class StaleEdit(ValidationError):
    """The inspection changed after the form was opened."""


STALE_MESSAGE = ("This inspection was changed by someone else since you opened it. Your "
                 "changes were not saved: reload the page to see the latest version, then "
                 "make your changes again.")


def locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("local_area").get(
        pk=inspection.pk)


def save_with_version(inspection: Inspection, fields: list[str],
                      expected_version: int | None = None) -> None:
    """Save the fields and bump the version; refuse if the stored version moved on."""
    expected = inspection.version if expected_version is None else expected_version
    updated = Inspection.objects.filter(pk=inspection.pk, version=expected).update(
        version=F("version") + 1, **{field: getattr(inspection, field) for field in fields})
    if not updated:
        raise StaleEdit(STALE_MESSAGE)
    inspection.version = expected + 1


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def audit_transition(inspection: Inspection, by, action: str, before_state: str,
                     extra: dict | None = None) -> None:
    audit_record(actor=by, action=f"inspection.{action}", obj=inspection,
                 local_area=inspection.local_area, before={"state": before_state},
                 after={"state": inspection.state, "version": inspection.version,
                        **(extra or {})})


ALL_BEFORE_PUBLISHED = {State.PLANNING, State.NOTIFIED, State.ON_SITE, State.FEEDBACK_GIVEN,
                        State.DRAFTING, State.QUALITY_ASSURANCE, State.DRAFT_WITH_LOCAL_AREA,
                        State.FINAL_ISSUED, State.DEFERRED}
