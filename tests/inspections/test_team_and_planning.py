"""The team and its conflicts of interest; deferrals; planning and on-site records."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from deadlines.calendar import add_working_days
from deadlines.models import Deadline
from inspections import services
from inspections.models import Decision, DeferralRequest, Inspection, State, TeamMember
from inspections.selectors import inspection_get_for_user
from tests.inspections.conftest import at

D = datetime.date
pytestmark = pytest.mark.django_db


def fresh(inspection) -> Inspection:
    return Inspection.objects.get(pk=inspection.pk)


def notification_clock(inspection) -> Deadline:
    return Deadline.objects.filter(inspection=inspection, rule__code="notification").latest("id")


def test_an_inspector_cannot_be_assigned_without_a_declaration(make_inspection, ofsted_admin,
                                                               lead_inspector):
    inspection = make_inspection()
    with pytest.raises(ValidationError, match="has not declared"):
        services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                                 role="lead")


def test_a_declared_connection_blocks_assignment_until_an_admin_overrides(
        make_inspection, ofsted_admin, lead_inspector):
    inspection = make_inspection()
    declaration = services.conflict_declare(
        inspection=inspection, inspector=lead_inspector, by=lead_inspector,
        has_connection=True, details="Governor of a Medway school until 2015")
    with pytest.raises(ValidationError, match="declared a connection"):
        services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                                 role="lead")
    assert not TeamMember.objects.exists()
    with pytest.raises(PermissionDenied):
        services.conflict_override(declaration=declaration, by=lead_inspector, reason="me")
    services.conflict_override(declaration=declaration, by=ofsted_admin,
                               reason="Connection ended more than two years ago")
    services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                             role="lead")
    assert inspection.team.get().user == lead_inspector


def test_a_connection_needs_details(make_inspection, lead_inspector):
    with pytest.raises(ValidationError, match="Describe the connection"):
        services.conflict_declare(inspection=make_inspection(), inspector=lead_inspector,
                                  by=lead_inspector, has_connection=True)


def test_only_inspectors_join_teams_and_one_lead_only(make_inspection, assign, lano,
                                                      lead_inspector, team_inspector,
                                                      ofsted_admin):
    inspection = make_inspection()
    assign(inspection, lead_inspector, "lead")
    services.conflict_declare(inspection=inspection, inspector=team_inspector,
                              by=team_inspector, has_connection=False)
    with pytest.raises(ValidationError, match="already has a lead"):
        services.team_member_add(inspection=inspection, by=ofsted_admin, user=team_inspector,
                                 role="lead")
    with pytest.raises(ValidationError, match="not an inspector"):
        services.conflict_declare(inspection=inspection, inspector=lano, by=ofsted_admin,
                                  has_connection=False)


def test_team_members_see_the_inspection_and_lose_it_when_removed(inspection, ofsted_admin,
                                                                  team_inspector):
    assert inspection_get_for_user(user=team_inspector, pk=inspection.pk) == inspection
    member = inspection.team.get(user=team_inspector)
    services.team_member_remove(member=member, by=ofsted_admin)
    from accounts.models import User

    with pytest.raises(Http404):
        inspection_get_for_user(user=User.objects.get(pk=team_inspector.pk), pk=inspection.pk)


def test_an_accepted_deferral_moves_the_dates_and_the_notification_clock(
        inspection, notify, lano, ofsted_admin, cqc_decision_maker):
    notify(inspection)
    request = services.deferral_request(inspection=fresh(inspection), by=lano,
                                        requested_on=D(2017, 11, 27),
                                        reasons="Ofsted inspection of children's services "
                                                "the same week")
    services.deferral_decide(request=request, by=ofsted_admin, inspectorate="ofsted",
                             decision=Decision.ACCEPTED, new_onsite_start=D(2018, 1, 15),
                             new_onsite_end=D(2018, 1, 19))
    assert fresh(inspection).onsite_start == D(2017, 12, 4)  # CQC has not decided yet
    services.deferral_decide(request=request, by=cqc_decision_maker, inspectorate="cqc",
                             decision=Decision.ACCEPTED)
    moved = fresh(inspection)
    assert (moved.state, moved.onsite_start, moved.onsite_end) == (
        State.PLANNING, D(2018, 1, 15), D(2018, 1, 19))
    clock = notification_clock(inspection)
    assert (clock.status, clock.due_date) == ("open", add_working_days(D(2018, 1, 15), -5))


def test_a_deferral_refused_by_either_inspectorate_changes_nothing(inspection, lano,
                                                                   ofsted_admin,
                                                                   cqc_decision_maker):
    notification_due = notification_clock(inspection).due_date
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 20), reasons="Half term")
    services.deferral_decide(request=request, by=ofsted_admin, inspectorate="ofsted",
                             decision=Decision.ACCEPTED, new_onsite_start=D(2018, 1, 15),
                             new_onsite_end=D(2018, 1, 19))
    request = services.deferral_decide(request=request, by=cqc_decision_maker,
                                       inspectorate="cqc", decision=Decision.REFUSED)
    unchanged = fresh(inspection)
    assert (unchanged.state, unchanged.onsite_start, unchanged.onsite_end) == (
        State.PLANNING, D(2017, 12, 4), D(2017, 12, 8))
    assert notification_clock(inspection).due_date == notification_due
    assert DeferralRequest.objects.get(pk=request.pk).outcome == Decision.REFUSED


def test_a_deferral_without_new_dates_waits_deferred_until_rescheduled(inspection, lano,
                                                                       ofsted_admin,
                                                                       cqc_decision_maker):
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 20), reasons="Flooding")
    for body, by in (("ofsted", ofsted_admin), ("cqc", cqc_decision_maker)):
        services.deferral_decide(request=request, by=by, inspectorate=body,
                                 decision=Decision.ACCEPTED)
    assert fresh(inspection).state == State.DEFERRED
    assert notification_clock(inspection).status == "cancelled"
    services.inspection_reschedule(inspection=fresh(inspection), by=ofsted_admin,
                                   onsite_start=D(2018, 2, 5), onsite_end=D(2018, 2, 9))
    assert fresh(inspection).state == State.PLANNING
    assert notification_clock(inspection).due_date == D(2018, 1, 29)


def test_another_areas_lano_cannot_request_a_deferral(inspection, other_lano):
    with pytest.raises(PermissionDenied):
        services.deferral_request(inspection=inspection, by=other_lano,
                                  requested_on=D(2017, 11, 20), reasons="x")


def test_records_of_planning_and_on_site_work(inspection, notify, lead_inspector,
                                              team_inspector, ofsted_admin):
    services.line_of_enquiry_add(inspection=inspection, by=lead_inspector, question="B",
                                 enquiry="How well do health services contribute to EHC plans?",
                                 hypothesis="Universal health services rarely contribute")
    with pytest.raises(ValidationError, match="once the inspection has been notified"):
        services.meeting_record(inspection=inspection, by=lead_inspector, kind="team_daily",
                                held_on=D(2017, 12, 4))
    notify(inspection)
    services.meeting_record(inspection=fresh(inspection), by=team_inspector,
                            kind="team_daily", held_on=D(2017, 12, 4),
                            notes="Emerging: weak joint commissioning")
    concern = services.concern_record(inspection=inspection, by=lead_inspector,
                                      kind="complaint", raised_on=D(2017, 12, 5),
                                      raised_by="Local area leader", details="Visit timing")
    with pytest.raises(ValidationError, match="the same as or after the date it was raised"):
        services.concern_resolve(concern=concern, by=lead_inspector, resolution="Moved",
                                 resolved_on=D(2017, 12, 4))
    services.concern_resolve(concern=concern, by=lead_inspector, resolution="Visit moved",
                             resolved_on=D(2017, 12, 6))
    services.questionnaire_set_status(inspection=fresh(inspection), by=ofsted_admin,
                                      status="sent")
    current = inspection_get_for_user(user=lead_inspector, pk=inspection.pk)
    assert [m.kind for m in current.meetings.all()] == ["team_daily"]
    assert current.concerns.get().resolved_on == D(2017, 12, 6)
    assert current.questionnaire_status == "sent"


def test_outsiders_to_the_team_cannot_add_records(inspection, other_lano, dfe_adviser):
    for user in (other_lano, dfe_adviser):
        with pytest.raises(PermissionDenied):
            services.line_of_enquiry_add(inspection=inspection, by=user, question="A",
                                         enquiry="x")


def test_engagement_meetings_are_for_admins_and_once_a_day(medway, ofsted_admin, lano):
    services.engagement_meeting_record(local_area=medway, by=ofsted_admin,
                                       held_on=D(2024, 5, 1), notes="Annual meeting")
    with pytest.raises(ValidationError):
        services.engagement_meeting_record(local_area=medway, by=ofsted_admin,
                                           held_on=D(2024, 5, 1))
    with pytest.raises(PermissionDenied):
        services.engagement_meeting_record(local_area=medway, by=lano, held_on=D(2024, 6, 1))


def test_notification_records_the_lano_for_this_inspection(inspection, ofsted_admin, medway):
    from local_areas.services import contact_add

    lano = contact_add(local_area=medway, by=ofsted_admin, role="lano", name="Wendy Vincent",
                       start_date=D(2017, 9, 1))
    services.inspection_notify(inspection=inspection, by=ofsted_admin,
                               called_at=at(D(2017, 11, 27)), person_called="Ian Sutherland",
                               person_called_role="DCS", lano=lano)
    assert fresh(inspection).lano == lano


def test_each_inspectorate_decides_a_deferral_once(inspection, lano, ofsted_admin,
                                                   cqc_decision_maker):
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 20), reasons="Half term")
    services.deferral_decide(request=request, by=ofsted_admin, inspectorate="ofsted",
                             decision=Decision.REFUSED)
    with pytest.raises(ValidationError, match="Ofsted has already decided"):
        services.deferral_decide(request=request, by=ofsted_admin, inspectorate="ofsted",
                                 decision=Decision.ACCEPTED)


def test_each_inspectorate_records_only_its_own_deferral_decision(inspection, lano, ofsted_admin,
                                                                  cqc_decision_maker):
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 20), reasons="Half term")
    with pytest.raises(PermissionDenied, match="Only CQC staff can record CQC's decision"):
        services.deferral_decide(request=request, by=ofsted_admin, inspectorate="cqc",
                                 decision=Decision.ACCEPTED)
    with pytest.raises(PermissionDenied, match="Only Ofsted staff"):
        services.deferral_decide(request=request, by=cqc_decision_maker, inspectorate="ofsted",
                                 decision=Decision.ACCEPTED)
    request.refresh_from_db()
    assert (request.ofsted_decision, request.cqc_decision) == ("pending", "pending")


def test_the_area_cannot_request_a_deferral_of_an_inspection_it_has_not_been_told_of(
        inspection, lano, local_area_leader, notify):
    for user in (lano, local_area_leader):
        with pytest.raises(PermissionDenied):
            services.deferral_request(inspection=inspection, by=user,
                                      requested_on=D(2017, 11, 20), reasons="Half term")
    notify(inspection)
    services.deferral_request(inspection=fresh(inspection), by=local_area_leader,
                              requested_on=D(2017, 11, 27), reasons="Half term")
    assert inspection.deferral_requests.count() == 1
