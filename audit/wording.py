"""The audit trail in plain English: what each action code means, and how a change reads.

Every action the service writes has its words here (a test reads the code for the actions
it writes and fails on one without them). `{object}` is the record the event is about, as
it was named when the event was written.
"""

import datetime

from accounts.models import Inspectorate
from deadlines.models import DeadlineStatus, PeriodUnit
from evidence.models import HoldReason
from inspections.models import (
    ConcernKind,
    Decision,
    Framework,
    MeetingKind,
    Question,
    QuestionnaireStatus,
    State,
    TeamRole,
)
from inspections.scheduling import WARNING_LABELS
from local_areas.models import ContactRole, Region
from reports.models import LetterState, PrincipalAuthority, ReviewDecision, VersionReason
from wsoa.models import Fitness, NextStep, Stage

ACTIONS = {
    "auth.sign_in": "signed in",
    "auth.sign_in_failed": "tried to sign in with a wrong password",
    "auth.sign_out": "signed out",
    "access.refused": "was refused a page or an action they asked for",
    "grant.assigned": "was given access to {object}",
    "grant.removed": "had access to {object} taken away",
    # Written before an area's self-evaluation became its own document: kept for the events
    # of that time (self_evaluation.downloaded since).
    "engagement_meeting.self_evaluation_downloaded": "downloaded the self-evaluation of the "
                                                     "{object}",
    "deadlines.exported": "exported the list of statutory clocks",
    "auth.lockout": "was locked out after too many failed sign-ins",
    "auth.unlock": "unlocked sign-in that was locked out after failed attempts",
    "auth.two_factor_added": "set up an authenticator app for two-factor authentication",
    "auth.two_factor_verified": "gave a security code from their authenticator app",
    "auth.two_factor_failed": "entered a wrong security code",
    "auth.recovery_code_used": "signed in with a recovery code",
    "auth.recovery_codes_renewed": "got new recovery codes",
    "auth.two_factor_removed": "turned off two-factor authentication",
    "auth.two_factor_reset": "reset the two-factor authentication of {object}",
    "auth.session_ended": "signed out of their other sessions",
    "user.deactivate": "deactivated the account of {object}",
    "user.set_password": "changed the password of {object}",
    "user.create": "created the account of {object}",
    "user.set_role": "changed the role of {object}",
    "local_area.create": "added {object} to the register of local areas",
    "local_area.update": "changed the register entry of {object}",
    "contact.add": "added {object} to the local area's people",
    "contact.end": "ended the role of {object}",
    "health_partner.create": "added the health partner {object}",
    "health_partner.link": "linked the health partner {object}",
    "engagement_meeting.record": "recorded the {object}",
    "inspection.create": "scheduled the {object}",
    "inspection.update": "changed the details of the {object}",
    "inspection.notify": "recorded the notification call of the {object}",
    "inspection.start_onsite": "recorded the start of on-site work of the {object}",
    "inspection.give_feedback": "gave final feedback on the {object}",
    "inspection.start_drafting": "started drafting the letter of the {object}",
    "inspection.publish": "published the report of the {object}",
    "inspection.close": "closed the {object}",
    "inspection.withdraw": "withdrew the {object}",
    "inspection.defer": "deferred the {object}",
    "inspection.reschedule": "rescheduled the {object}",
    "inspection.outcome": "recorded the outcome of the {object}",
    "inspection.deferral_requested": "recorded a request to defer the {object}",
    "inspection.deferral_decision": "recorded a decision on deferring the {object}",
    "inspection.line_of_enquiry_added": "added a line of enquiry to the {object}",
    "inspection.meeting_recorded": "recorded a meeting of the {object}",
    "inspection.concern_recorded": "recorded a concern raised during the {object}",
    "inspection.concern_resolved": "recorded the resolution of a concern in the {object}",
    "inspection.questionnaire": "recorded the questionnaire status of the {object}",
    "inspection.line_of_enquiry_changed": "corrected a line of enquiry of the {object}",
    "inspection.line_of_enquiry_removed": "removed a line of enquiry from the {object}",
    "inspection.meeting_changed": "corrected a meeting record of the {object}",
    "inspection.meeting_removed": "removed a meeting record from the {object}",
    "inspection.concern_changed": "corrected a concern recorded during the {object}",
    "inspection.concern_removed": "removed a concern recorded during the {object}",
    "inspection.team_add": "added an inspector to the team of the {object}",
    "inspection.team_remove": "removed an inspector from the team of the {object}",
    "inspection.conflict_declared": "recorded a declaration of interests for the {object}",
    "inspection.conflict_override": "recorded that a declared matter is not a connection, "
                                    "for the {object}",
    "letter.create": "started the {object}",
    "letter.submit_for_qa": "sent the draft of the {object} to quality assurance",
    "letter.approve_draft": "approved the draft of the {object} for their inspectorate",
    "letter.return_draft": "returned the draft of the {object} for changes",
    "letter.send_draft": "sent the draft of the {object} to the local area",
    "letter.comments_received": "recorded the local area's comments on the {object}",
    "letter.issue_final": "issued the final version of the {object}",
    "deadline.start": "started the clock {object}",
    "deadline.meet": "recorded that the clock {object} was met",
    "deadline.cancel": "cancelled the clock {object}",
    "deadline.missed": "recorded that the clock {object} was missed",
    "deadline.pause": "paused the clock {object}",
    "deadline.resume": "restarted the clock {object}",
    "deadline.extend": "extended the clock {object}",
    "deadline.correct_start": "corrected the start date of the clock {object}",
    "deadline.recompute": "recounted the due date of the clock {object}",
    "non_working_day.add": "added the non-working day {object}",
    "non_working_day.remove": "removed the non-working day {object}",
    "rule.update": "changed the statutory rule {object}",
    "request.raised": "asked the local area for information for the {object}",
    "request.answered": "marked an information request of the {object} as answered",
    "document.uploaded": "uploaded a document to the {object}",
    "document.upload_refused": "was refused a document upload to the {object}",
    "document.downloaded": "downloaded a document of the {object}",
    "self_evaluation.shared": "shared a self-evaluation of {object}",
    "finding.added": "added a finding to the {object}",
    "inspection.determination_recommended": "recorded the team's recommended determination "
                                             "on the {object}",
    "inspection.determination_decided": "recorded the decision of HMCI's delegate on the "
                                        "{object}",
    "letter.recipients_changed": "changed who the {object} is addressed and copied to",
    "letter.pdf_requested": "asked for a PDF of the {object}",
    "letter.pdf_downloaded": "downloaded a PDF of the {object}",
    "letter.recipient_named": "named someone to receive the draft of the {object}",
    "letter.recipient_removed": "removed someone from those receiving the draft of the "
                                "{object}",
    "letter.draft_read": "read the restricted draft of the {object}",
    "letter.comment_added": "commented on the draft of the {object}",
    "letter.comment_answered": "answered a comment on the draft of the {object}",
    "letter.copies_recorded": "recorded the copies of the final {object} sent on "
                              "publication",
    "letter.copy_added": "recorded a copy of the final {object} sent",
    "finding.changed": "changed a finding of the {object}",
    "finding.removed": "removed a finding from the {object}",
    "finding.moved": "moved a finding of the {object}",
    "finding.evidence_linked": "linked evidence to a finding of the {object}",
    "finding.evidence_unlinked": "unlinked evidence from a finding of the {object}",
    "self_evaluation.upload_refused": "was refused a self-evaluation upload for {object}",
    "self_evaluation.downloaded": "downloaded a self-evaluation of {object}",
    "document.found_infected": "found a virus in a document of {object} that had not been "
                               "scanned",
    "evidence.created": "recorded evidence: {object}",
    "evidence.changed": "changed evidence: {object}",
    "evidence.finalised": "made evidence final: {object}",
    "evidence.safeguarding_flagged": "flagged a safeguarding concern in evidence: {object}",
    "evidence.hold_set": "kept the evidence base longer: {object}",
    "evidence.hold_released": "released a hold on the evidence base: {object}",
    "evidence.deleted": "deleted the evidence base of the {object}, its retention period over",
    "deadline.reopen": "reopened the clock {object}, its meeting event undone",
    "wsoa.created": "made the {object}, as HMCI's delegate decided",
    "wsoa.principal_authority_changed": "changed who must submit the {object}",
    "wsoa.removed": "removed the {object}, no longer required",
    "wsoa.report_received": "recorded when the final report behind the {object} was received",
    "wsoa.submitted": "submitted the {object}",
    "wsoa.view_recorded": "recorded their inspectorate's view on the {object}",
    "wsoa.decided": "recorded the joint fitness decision on the {object}",
    "wsoa.reopened": "reopened the fitness decision on the {object}",
    "wsoa.minister_advised": "recorded the advice to the Minister on the {object}",
    "wsoa.publication_recorded": "recorded where the {object} is published",
    "wsoa.progress_noted": "noted progress on an action of the {object}",
    "wsoa.dfe_advice_recorded": "recorded the DfE's advice to the Minister on the {object}",
    "wsoa.progress_judged": "judged progress on the areas of significant weakness at the "
                            "{object}",
    "wsoa.decision_letter_rendered": "rendered the Regional Director's letter on the {object}",
    "wsoa.tracker_exported": "exported the tracker of written statements of action",
    "wsoa.decision_letter_downloaded": "downloaded the Regional Director's letter on the "
                                       "{object}",
}

# What the codes stored in before/after mean, by the field they are stored under; a field
# not named here is looked up in all of them.
_CHOICES = [State, LetterState, DeadlineStatus, Framework, TeamRole, Decision, Question,
            MeetingKind, ConcernKind, QuestionnaireStatus, ContactRole, Region, ReviewDecision,
            VersionReason, Inspectorate, PeriodUnit, HoldReason, Stage, Fitness, NextStep,
            PrincipalAuthority]
_BY_FIELD = {
    "state": {**dict(State.choices), **dict(LetterState.choices)},
    "status": {**dict(DeadlineStatus.choices), **dict(QuestionnaireStatus.choices)},
    "framework": dict(Framework.choices),
    "role": {**dict(TeamRole.choices), **dict(ContactRole.choices)},
    "decision": {**dict(Decision.choices), **dict(ReviewDecision.choices),
                 **dict(Fitness.choices)},
    "stage": dict(Stage.choices),
    "fitness": dict(Fitness.choices),
    "next_step": dict(NextStep.choices),
    "principal_authority": dict(PrincipalAuthority.choices),
    "kind": {**dict(MeetingKind.choices), **dict(ConcernKind.choices)},
    "inspectorate": dict(Inspectorate.choices),
    "warnings_acknowledged": WARNING_LABELS,
}
_ANY_FIELD: dict[str, str] = {}
for _choices in _CHOICES:
    for _code, _label in _choices.choices:
        _ANY_FIELD.setdefault(str(_code), _label)

_FIELD_LABELS = {
    "lano": "LANO", "onsite_start": "First day on site", "onsite_end": "Last day on site",
    "due_date": "Due date", "version": "Version",
    "letter_version": "Letter version", "ons_code": "ONS code",
    "health_calls": "CQC's calls to CCG or ICB chief executives",
    "lano_called_at": "Call with the LANO", "lano_call_team": "Took part in the call with the LANO",
    "ccg_or_icb_names": "CCG or ICB names",
    "revisit_of": "Re-visit of",
}


def action_text(action: str) -> str:
    """The words for an action code; an unknown code is shown as it is."""
    return ACTIONS.get(action, action)


def event_sentence(*, actor: str, action: str, object_name: str) -> str:
    """'Priya Shah gave final feedback on the Medway 2016 inspection, December 2017'."""
    words = action_text(action)
    return f"{actor} {words.replace('{object}', object_name or 'a record')}"


def field_label(key: str) -> str:
    return _FIELD_LABELS.get(key, key.replace("_", " ").capitalize())


def value_text(key: str, value) -> str:
    """A stored value in words: a code by its label, an ISO date as 4 December 2017."""
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value_text(key, item) for item in value)
    if isinstance(value, str):
        label = _BY_FIELD.get(key, {}).get(value) or _ANY_FIELD.get(value)
        return str(label) if label else (_date_text(value) or value)
    return str(value)


def _date_text(value: str) -> str:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return ""
        return f"{moment.day} {moment:%B %Y at %H:%M}"
    return f"{day.day} {day:%B %Y}"


def change_lines(before: dict, after: dict) -> list[str]:
    """What an event changed, one line a field: 'State: Planning → Notified'; 'Changed:
    reasons' for text fields, whose words are in the case record, never in the trail."""
    lines = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key == "fields":
            continue
        label = field_label(key)
        if key in before and key in after:
            lines.append(f"{label}: {value_text(key, before[key])} → "
                         f"{value_text(key, after[key])}")
        elif key in after:
            lines.append(f"{label}: {value_text(key, after[key])}")
        else:
            lines.append(f"{label} before: {value_text(key, before[key])}")
    if fields := [*before.get("fields", []), *after.get("fields", [])]:
        lines.append("Changed: " + ", ".join(str(field).replace("_", " ") for field in fields))
    return lines
