"""The inspection team, and each inspector's declaration of any connection to the area."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.govuk_forms import form_submit, posted
from inspections import services
from inspections.models import Inspection
from inspections.record_forms import DeclarationForm, OverrideForm, TeamMemberForm
from inspections.selectors import inspections_overlapping
from inspections.views.pages import onsite_dates
from inspections.views.records_common import (
    form_page,
    inspection_for,
    one_of,
    page_warning,
    submit_or_warn,
    to_overview,
)
from policy import inspections as policy


def _fresh(inspection: Inspection) -> Inspection:
    return Inspection.objects.prefetch_related("team", "conflict_declarations").get(
        pk=inspection.pk)


@require_GET
def team(request, pk: int):
    # Declarations can name people and places the local area should not read about.
    inspection, can = inspection_for(request, pk, action="view_working_records")
    declarations = {d.user_id: d for d in inspection.conflict_declarations.all()}
    members = [(member, declarations.pop(member.user_id, None))
               for member in inspection.team.all()]
    return render(request, "inspections/records/team.html", {
        "inspection": inspection, "can": can, "members": members,
        "not_on_team": sorted(declarations.values(), key=lambda d: str(d.user)),
    })


@require_http_methods(["GET", "POST"])
def declare(request, pk: int):
    # An inspector sees an inspection only once on its team, so until then an admin records
    # the declaration on their behalf.
    inspection, can = inspection_for(request, pk, action="declare")
    for_someone_else = "declare_for_someone_else" in can
    own = next((d for d in inspection.conflict_declarations.all()
                if d.user_id == request.user.pk), None)
    initial = {"has_connection": "yes" if own.has_connection else "no",
               "details": own.details} if own and not for_someone_else else {}
    form = DeclarationForm(posted(request), initial=initial,
                           area_name=inspection.local_area.name,
                           for_someone_else=for_someone_else)

    def record(*, has_connection: bool, details: str, inspector=None):
        inspector = inspector or request.user
        services.conflict_declare(inspection=inspection, inspector=inspector,
                                  by=request.user, has_connection=has_connection,
                                  details=details)
        return inspector

    done = form_submit(request, form, record)
    if done:
        said = "a connection" if form.cleaned_data["has_connection"] else "no connection"
        recorded = f"Declaration recorded: {done.value} has {said} to {inspection.local_area.name}"
        if not policy.can(request.user, _fresh(inspection), "view"):
            # Their own connection, declared while on the team: their access is suspended.
            messages.success(request, f"{recorded}. Your access to this inspection is "
                                      f"suspended until an Ofsted admin decides.")
            return redirect("home")
        return to_overview(request, inspection, recorded)
    title = "Record a declaration" if for_someone_else else "Declare any connection to the area"
    return form_page(request, inspection, form, title)


@require_http_methods(["GET", "POST"])
def override(request, pk: int, declaration_pk: int):
    inspection, _ = inspection_for(request, pk, action="override_conflict")
    declaration = one_of(inspection.conflict_declarations.all(), declaration_pk)
    if not declaration.has_connection:
        raise Http404("No connection was declared, so there is nothing to override")
    form = OverrideForm(posted(request))
    on_team = any(member.user_id == declaration.user_id for member in inspection.team.all())
    if form_submit(request, form, partial(services.conflict_override, declaration=declaration,
                                          by=request.user)):
        now = ("have their access to this inspection back" if on_team
               else "can now be assigned to this inspection")
        return to_overview(request, inspection, f"Recorded that {declaration.user}'s declared "
                                                f"matter is not a connection: they {now}")
    return form_page(request, inspection, form, f"Record that {declaration.user}'s declared "
                                                f"matter is not a connection",
                     template="inspections/records/override.html", declaration=declaration,
                     on_team=on_team)


@require_http_methods(["GET", "POST"])
def team_add(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="team_add")
    form = TeamMemberForm(posted(request), inspection=inspection)
    def add(*, acknowledged=(), **data):
        return services.team_member_add(inspection=inspection, by=request.user, **data)

    def overlapping(data: dict) -> list:
        return [page_warning(other, f"{data['user']} is already on the team of "
                                    f"{other.reference} ({other.local_area.name}), on site "
                                    f"{onsite_dates(other)}: the on-site dates overlap with "
                                    f"this inspection's, {onsite_dates(inspection)}.")
                for other in inspections_overlapping(inspector=data["user"],
                                                     inspection=inspection)]

    done, warnings = submit_or_warn(request, form, add, overlapping)
    if done:
        member = done.value
        return to_overview(request, inspection, f"{member.user} is on the team as "
                                                f"{member.get_role_display()}")
    return form_page(request, inspection, form, "Add an inspector to the team",
                     warnings=warnings, again="Add to the team")


@require_http_methods(["GET", "POST"])
def team_remove(request, pk: int, member_pk: int):
    inspection, _ = inspection_for(request, pk, action="team_remove")
    member = one_of(inspection.team.all(), member_pk)
    if request.method == "POST":
        services.team_member_remove(member=member, by=request.user)
        return to_overview(request, inspection, f"{member.user} was taken off the team and "
                                                f"can no longer see this inspection")
    return render(request, "inspections/records/team_remove.html",
                  {"inspection": inspection, "member": member})
