"""Every refusal of the cycle, and who sees which statements: only the principal authority's
users submit, every area of significant weakness needs an action saying who and by when, a
review is recorded on a submitted statement once, each inspectorate speaks for itself, and
no other area ever sees the statement."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import roles
from policy import wsoa as policy
from tests.factories import UserFactory
from tests.wsoa.conftest import every_action, statement
from wsoa import services
from wsoa.models import Fitness, Stage, Wsoa
from wsoa.services import ActionLine

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def drafting(issued, lano):
    return services.wsoa_record_receipt(wsoa=issued, by=lano, received_on=D(2018, 1, 31))


@pytest.fixture
def submitted(drafting, lano):
    services.wsoa_submit(wsoa=drafting, by=lano, statement=statement(drafting, lano),
                         actions=every_action(drafting), copies_confirmed=True,
                         submitted_on=D(2018, 5, 10))
    return Wsoa.objects.get(pk=drafting.pk)


def _messages(error: ValidationError) -> list[str]:
    return [m for messages in error.message_dict.values() for m in messages]


def test_no_receipt_before_the_final_report_is_issued(determined, ofsted_admin):
    # On site: no final report exists.
    with pytest.raises(ValidationError) as refused:
        services.wsoa_record_receipt(wsoa=determined, by=ofsted_admin,
                                     received_on=D(2018, 1, 31))
    assert _messages(refused.value) == ["The final report has not been issued yet"]


def test_the_receipt_is_a_true_date_on_or_after_the_issue(issued, lano):
    with pytest.raises(ValidationError) as refused:
        services.wsoa_record_receipt(wsoa=issued, by=lano, received_on=D(2018, 1, 30))
    assert _messages(refused.value) == ["The final report was issued on 31 January 2018: it "
                                        "cannot have been received before"]
    with pytest.raises(ValidationError, match="must be today or in the past"):
        services.wsoa_record_receipt(wsoa=issued, by=lano, received_on=D(2099, 1, 1))
    with pytest.raises(ValidationError, match="Enter the date"):
        services.wsoa_record_receipt(wsoa=issued, by=lano, received_on=None)
    assert Wsoa.objects.get(pk=issued.pk).stage == Stage.AWAITING_RECEIPT


def test_only_the_principal_authority_submits(drafting, lano, ofsted_admin, lead_inspector,
                                              other_lano, dfe_adviser):
    document = statement(drafting, lano)
    for someone in (ofsted_admin, lead_inspector, other_lano, dfe_adviser):
        with pytest.raises(PermissionDenied):
            services.wsoa_submit(wsoa=drafting, by=someone, statement=document,
                                 actions=every_action(drafting), copies_confirmed=True)
        # Nor may they upload the statement.
        with pytest.raises(PermissionDenied):
            statement(drafting, someone, name="theirs.pdf")
    assert not drafting.submissions.exists()


def test_every_weakness_needs_an_action_saying_who_and_by_when(drafting, lano):
    actions = every_action(drafting)
    weaknesses = services.weaknesses_of(drafting)
    given = actions[:6] + [
        ActionLine(weakness_id=weaknesses[6].pk, text="Relaunch the local offer", who=" ",
                   complete_by=None)]
    with pytest.raises(ValidationError) as refused:
        services.wsoa_submit(wsoa=drafting, by=lano, statement=statement(drafting, lano),
                             actions=given, copies_confirmed=True)
    assert _messages(refused.value) == [
        "Area of significant weakness 7, action 1: say who is to take it",
        "Area of significant weakness 7, action 1: enter the date it is to be completed by",
        "Area of significant weakness 8 has no action: enter at least one"]
    assert Wsoa.objects.get(pk=drafting.pk).stage == Stage.DRAFTING
    assert not drafting.submissions.exists()


def test_copies_to_hmci_the_inspectorates_and_the_secretary_of_state_are_confirmed(
        drafting, lano):
    with pytest.raises(ValidationError) as refused:
        services.wsoa_submit(wsoa=drafting, by=lano, statement=statement(drafting, lano),
                             actions=every_action(drafting), copies_confirmed=False)
    assert refused.value.message_dict == {"copies_confirmed": [
        "Confirm that copies went to HMCI, Ofsted, the CQC and the Secretary of State"]}


def test_a_review_is_recorded_on_a_submitted_statement(drafting, quality_assurance):
    with pytest.raises(ValidationError, match="record a view on the statement: the statement "
                                              "is 'being written'"):
        services.wsoa_record_view(wsoa=drafting, by=quality_assurance, inspectorate="ofsted",
                                  fitness=Fitness.FIT)


def test_each_inspectorate_records_its_own_view(submitted, quality_assurance,
                                                cqc_decision_maker, lano):
    with pytest.raises(PermissionDenied):
        services.wsoa_record_view(wsoa=submitted, by=quality_assurance, inspectorate="cqc",
                                  fitness=Fitness.FIT)
    with pytest.raises(PermissionDenied):
        services.wsoa_record_view(wsoa=submitted, by=lano, inspectorate="ofsted",
                                  fitness=Fitness.FIT)
    with pytest.raises(ValidationError, match="Select whether"):
        services.wsoa_record_view(wsoa=submitted, by=cqc_decision_maker, inspectorate="cqc",
                                  fitness="maybe")


def test_the_decision_is_joint_and_recorded_once(submitted, quality_assurance,
                                                 cqc_decision_maker, ofsted_admin):
    decide = {"wsoa": submitted, "by": ofsted_admin,
              "regional_director": "Christopher Russell", "decided_on": D(2018, 5, 24)}
    with pytest.raises(ValidationError, match="Ofsted and the CQC have not recorded a view"):
        services.wsoa_decide(**decide)
    services.wsoa_record_view(wsoa=submitted, by=quality_assurance, inspectorate="ofsted",
                              fitness=Fitness.FIT)
    services.wsoa_record_view(wsoa=submitted, by=cqc_decision_maker, inspectorate="cqc",
                              fitness=Fitness.NOT_FIT)
    with pytest.raises(ValidationError, match="disagree"):
        services.wsoa_decide(**decide)
    # CQC changes its view: they agree.
    services.wsoa_record_view(wsoa=submitted, by=cqc_decision_maker, inspectorate="cqc",
                              fitness=Fitness.FIT)
    first = services.weaknesses_of(submitted)[0]
    with pytest.raises(ValidationError, match="Recommendations go with a statement not fit"):
        services.wsoa_decide(**decide, recommendations={first.pk: "Say more"})
    with pytest.raises(ValidationError, match="Regional Director"):
        services.wsoa_decide(**{**decide, "regional_director": " "})
    with pytest.raises(ValidationError, match="before the statement was submitted"):
        services.wsoa_decide(**{**decide, "decided_on": D(2018, 5, 9)})
    services.wsoa_decide(**decide)
    with pytest.raises(ValidationError, match="record the fitness decision: the statement is "
                                              "'fit for purpose'"):
        services.wsoa_decide(**decide)
    with pytest.raises(ValidationError, match="record a view"):
        services.wsoa_record_view(wsoa=submitted, by=quality_assurance, inspectorate="ofsted",
                                  fitness=Fitness.NOT_FIT)


def test_not_fit_needs_a_recommendation(submitted, quality_assurance, cqc_decision_maker,
                                        ofsted_admin):
    for by, name in ((quality_assurance, "ofsted"), (cqc_decision_maker, "cqc")):
        services.wsoa_record_view(wsoa=submitted, by=by, inspectorate=name,
                                  fitness=Fitness.NOT_FIT)
    with pytest.raises(ValidationError) as refused:
        services.wsoa_decide(wsoa=submitted, by=ofsted_admin, regional_director="C Russell",
                             recommendations={w.pk: " " for w in
                                              services.weaknesses_of(submitted)})
    assert "needs a recommendation" in _messages(refused.value)[0]
    with pytest.raises(PermissionDenied):
        services.wsoa_decide(wsoa=submitted, by=UserFactory(role=roles.INSPECTOR),
                             regional_director="C Russell")


def test_only_an_admin_advises_the_minister_and_only_after_a_second_not_fit(
        submitted, ofsted_admin, quality_assurance):
    with pytest.raises(PermissionDenied):
        services.wsoa_advise_minister(wsoa=submitted, by=quality_assurance,
                                      advised_on=D(2018, 7, 1), next_step="direction")
    with pytest.raises(ValidationError, match="under review"):
        services.wsoa_advise_minister(wsoa=submitted, by=ofsted_admin,
                                      advised_on=D(2018, 7, 1), next_step="direction")


def test_who_sees_which_statements(submitted, lano, local_area_leader, other_lano,
                                   lead_inspector, team_inspector, dfe_adviser, ofsted_admin,
                                   quality_assurance, outsider):
    sees = {user.username: list(policy.visible_to(user=user))
            for user in (lano, local_area_leader, other_lano, lead_inspector, team_inspector,
                         dfe_adviser, ofsted_admin, quality_assurance, outsider)}
    assert {name for name, seen in sees.items() if seen == [submitted]} == {
        lano.username, local_area_leader.username, lead_inspector.username,
        team_inspector.username, dfe_adviser.username, ofsted_admin.username,
        quality_assurance.username}
    assert sees[other_lano.username] == [] and sees[outsider.username] == []
    stranger = UserFactory(role=roles.INSPECTOR)
    assert list(policy.visible_to(user=stranger)) == []
    assert not policy.can(other_lano, submitted, "view_wsoa")
    assert policy.can(dfe_adviser, submitted, "record_progress")
    assert not policy.can(dfe_adviser, submitted, "view_reviews")
    assert not policy.can(lano, submitted, "view_reviews")


def test_progress_notes_are_the_advisers(submitted, dfe_adviser, lano):
    action = submitted.submissions.get().actions.first()
    with pytest.raises(PermissionDenied):
        services.wsoa_progress_note(action=action, by=lano, text="On track")
    with pytest.raises(ValidationError, match="Enter the progress note"):
        services.wsoa_progress_note(action=action, by=dfe_adviser, text="  ")
    note = services.wsoa_progress_note(action=action, by=dfe_adviser, text="On track")
    assert note.action == action


def test_the_area_sees_the_statement_once_told_at_the_feedback_meeting(
        determined, lano, notify, inspection, lead_inspector):
    # On site, notified: the area sees its inspection, not yet the determination.
    assert list(policy.visible_to(user=lano)) == []
    assert not policy.can(lano, Wsoa.objects.get(pk=determined.pk), "view_wsoa")
    assert list(policy.visible_to(user=lead_inspector)) == [determined]
