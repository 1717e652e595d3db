"""Every route, tried by every persona, on an object they may touch and on ones they may not.

The routes come from the URL configuration itself, so a new route without an entry in
ROUTES fails test_every_route_declares_who_may_use_it. For each route × persona × object the
expected answer follows from two facts written down here, independently of the policy code:
who may use the route (ROUTES), and who can see each object (SEES). Signed-out visitors are
sent to sign in; those who cannot see the object get "not found"; those who see it but may
not use the route, "forbidden"; the rest get the page (GET) or a handled form (POST). A
refused request changes nothing but the one audit row that records the refusal (route,
user, the ids in the address): no other audit row, no change to any case record.
"""

import datetime
import io
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import roles
from audit.models import AuditEvent
from deadlines import services as clock_services
from deadlines.models import Deadline, NonWorkingDay, Notification, StatutoryRule
from deadlines.rules_data import ANNEX_A_RULES
from evidence.models import (
    Document,
    DocumentVersion,
    EvidenceDraft,
    EvidenceRecord,
    InformationRequest,
    RetentionHold,
)
from evidence.services import records as evidence_services
from evidence.services.documents import document_upload
from evidence.services.requests import request_raise
from evidence.services.retention import retention_hold_set
from inspections import services
from inspections.models import (
    Concern,
    ConflictDeclaration,
    DeferralRequest,
    EngagementMeeting,
    Inspection,
    LineOfEnquiry,
    Meeting,
    State,
    TeamMember,
    TeamRole,
)
from inspections.walk import inspection_walk_to
from local_areas.models import AreaContact, AreaHealthPartner, HealthPartner, LocalArea
from reports.models import (
    AccuracyComment,
    Determination,
    DraftRecipient,
    Finding,
    FindingEvidence,
    LetterRender,
    LetterState,
    LetterVersion,
    OutcomeLetter,
    ReportCopy,
)
from reports.parts import determination_decide, determination_recommend
from tests.factories import AreaContactFactory, UserFactory
from tests.inspections.test_records import _pdf
from wsoa import services as wsoa_services
from wsoa.models import (
    Action,
    InspectorateView,
    ProgressNote,
    Publication,
    Review,
    Submission,
    Wsoa,
)

D = datetime.date
ANONYMOUS = "anonymous"
STAFF = {"ofsted_admin", "cqc_qa", "quality_assurance", "lead_inspector", "team_inspector"}
LOCAL = {"lano", "local_area_leader", "other_lano"}
SIGNED_IN = STAFF | LOCAL | {"dfe_adviser", "outsider"}
PERSONAS = sorted(SIGNED_IN | {ANONYMOUS})
ADMIN = {"ofsted_admin"}
QA = {"cqc_qa", "quality_assurance"}
REGISTER_READERS = STAFF | {"dfe_adviser"}

# Who can see each object. "own" is Medway's notified inspection, with the lead and team
# inspector on its team; "unnotified" is a Medway inspection in planning with the same team;
# "foreign" is Barnet's notified inspection, whose team has none of our personas: to Barnet's
# LANO (other_lano) it is their own area's.
SEES = {
    "inspection": {
        "own": ADMIN | QA | {"lead_inspector", "team_inspector", "lano", "local_area_leader"},
        "unnotified": ADMIN | QA | {"lead_inspector", "team_inspector"},
        "foreign": ADMIN | QA | {"other_lano"},
    },
    "area": {
        "own": REGISTER_READERS | {"lano", "local_area_leader"},
        "foreign": REGISTER_READERS | {"other_lano"},
    },
    # Clocks are watched nationally by Ofsted admins; DfE advisers watch the WSOA ones.
    "deadline": {
        "own": ADMIN | {"dfe_adviser"},
        "inspectorates_only": ADMIN,
    },
    "none": {"only": SIGNED_IN},
    # The Regional Director's letter on a written statement of action: for all who see the
    # statement (policy.wsoa): the inspectorates' side, DfE advisers and the inspected area.
    "wsoa_letter": {
        "own": ADMIN | QA | {"lead_inspector", "team_inspector", "lano", "local_area_leader",
                             "dfe_adviser"},
        "foreign": ADMIN | QA | {"dfe_adviser", "other_lano"},
    },
    # An inspection's evidence base is the inspectorates': its area sees the inspection,
    # never its evidence.
    "evidence": {
        "own": ADMIN | QA | {"lead_inspector", "team_inspector"},
        "unnotified": ADMIN | QA | {"lead_inspector", "team_inspector"},
        "foreign": ADMIN | QA,
    },
    # A written statement of action: the inspection's (its team, the inspected area) and
    # DfE advisers', who follow every one. "own" is Medway's, under review; "foreign" is
    # Barnet's, whose team has none of our personas.
    "wsoa": {
        "own": ADMIN | QA | {"lead_inspector", "team_inspector", "lano", "local_area_leader",
                             "dfe_adviser"},
        "foreign": ADMIN | QA | {"other_lano", "dfe_adviser"},
    },
}


@dataclass(frozen=True)
class Route:
    kind: str  # which objects it is tried on: a key of SEES
    allowed: frozenset[str]
    get_ok: int = 200  # what an allowed GET answers
    # What those who see the object but may not use the route get. Pages that look the
    # object up only among those the user may change answer "not found" instead.
    refused: int = 403
    public: bool = False  # open to signed-out visitors
    post: bool = True  # the route accepts POST
    kwargs: str = ""  # which of the object's ids the route takes, by name
    allowed_unnotified: frozenset[str] | None = field(default=None)
    # Who may POST, where it is not who may GET (`allowed`).
    post_allowed: frozenset[str] | None = None


def route(kind: str, allowed: set[str], **options) -> Route:
    if options.get("post_allowed") is not None:
        options["post_allowed"] = frozenset(options["post_allowed"])
    return Route(kind, frozenset(allowed), **options)


LEAD = {"lead_inspector"}
TEAM = {"lead_inspector", "team_inspector"}
INSPECTORATES = ADMIN | QA | TEAM
LOCAL_OWN = {"lano", "local_area_leader"}
RECIPIENT = {"local_area_leader"}  # named to receive Medway's draft; Medway's LANO is not
DRAFT_READERS = INSPECTORATES | RECIPIENT
WSOA_READERS = INSPECTORATES | LOCAL_OWN | {"dfe_adviser"}
TRANSITION = {"start-onsite": ADMIN | LEAD, "give-feedback": LEAD, "start-drafting": LEAD,
              "submit-for-qa": LEAD, "approve-draft": QA, "send-draft": ADMIN | QA,
              "return-draft": QA,
              "comments-received": ADMIN | LEAD | RECIPIENT,
              "issue-final": ADMIN | LEAD, "publish": ADMIN, "close": ADMIN,
              "withdraw": ADMIN}

ROUTES: dict[str, Route] = {
    "home": route("none", SIGNED_IN, post=False),
    "accessibility": route("none", SIGNED_IN, public=True, post=False),
    # The public register of published letters: no sign-in.
    "register:list": route("none", SIGNED_IN, public=True, post=False),
    "register:letter": route("none", SIGNED_IN, public=True, post=False,
                             kwargs="published_letter"),
    "register:pdf": route("none", SIGNED_IN, public=True, post=False,
                          kwargs="published_letter"),
    "privacy": route("none", SIGNED_IN, public=True, post=False),
    # Signed in already: sign-in sends you on.
    "accounts:sign-in": route("none", SIGNED_IN, public=True, get_ok=302),
    "accounts:sign-out": route("none", SIGNED_IN, post=False),
    # Signing out is a POST only, for the signed in.
    "accounts:sign-out-confirm": route("none", SIGNED_IN, get_ok=405),
    # Your own account. The code pages send those who have given their second factor on
    # (those who have no authenticator, to their account page).
    "accounts:account": route("none", SIGNED_IN, post=False),
    "accounts:change-password": route("none", SIGNED_IN),
    "accounts:two-factor": route("none", SIGNED_IN, get_ok=302),
    "accounts:two-factor-recovery": route("none", SIGNED_IN, get_ok=302),
    "accounts:two-factor-set-up": route("none", SIGNED_IN),
    "accounts:recovery-codes": route("none", SIGNED_IN),
    # Only those whose role does not need two-factor authentication may turn it off.
    "accounts:two-factor-remove": route("none", LOCAL),
    "accounts:sessions": route("none", SIGNED_IN, post=False),
    # Without a session of yours to end, it sends you back to your sessions.
    "accounts:session-end": route("none", SIGNED_IN, get_ok=302),
    "accounts:sessions-end-others": route("none", SIGNED_IN),
    # Looking after other people's sign-in. Without a current lockout, unlocking sends you
    # back to the list.
    "accounts:locked": route("none", ADMIN, post=False),
    "accounts:unlock": route("none", ADMIN, get_ok=302),
    "accounts:two-factor-reset": route("none", ADMIN),
    # "Stay signed in" is a POST only, for the signed in.
    "accounts:keep-alive": route("none", SIGNED_IN, get_ok=405),
    # Where the timeout warning ends: still signed in, a GET sends you home.
    "accounts:session-ended": route("none", SIGNED_IN, public=True, get_ok=302),
    "notifications": route("none", SIGNED_IN),
    "audit:list": route("none", ADMIN, post=False),
    # The register
    "local_areas:list": route("none", REGISTER_READERS | LOCAL, post=False),
    "local_areas:create": route("none", ADMIN),
    "local_areas:detail": route("area", REGISTER_READERS | LOCAL, post=False),
    "local_areas:edit": route("area", ADMIN, refused=404),
    "local_areas:contact-add": route("area", ADMIN, refused=404),
    "local_areas:health-partner-add": route("area", ADMIN, refused=404),
    "local_areas:health-partner-create": route("none", ADMIN),
    "local_areas:contact-end": route("area", ADMIN, refused=404, kwargs="contact"),
    # Statutory clocks
    "deadlines:list": route("none", ADMIN | {"dfe_adviser"}, post=False),
    "deadlines:export": route("none", ADMIN | {"dfe_adviser"}, post=False),
    "deadlines:detail": route("deadline", ADMIN | {"dfe_adviser"}, post=False),
    "deadlines:extend": route("deadline", ADMIN),
    "deadlines:pause": route("deadline", ADMIN),
    "deadlines:resume": route("deadline", ADMIN),
    "deadlines:case": route("deadline", ADMIN | {"dfe_adviser"}, post=False, kwargs="case"),
    "deadlines:rules": route("none", ADMIN, post=False),
    "deadlines:rule-edit": route("none", ADMIN, kwargs="rule"),
    "deadlines:non-working-days": route("none", ADMIN, post=False),
    "deadlines:non-working-day-add": route("none", ADMIN),
    "deadlines:non-working-day-remove": route("none", ADMIN, kwargs="non_working_day"),
    # Inspections
    "inspections:list": route("none", ADMIN | QA, post=False),
    "inspections:mine": route("none", TEAM, post=False),
    "inspections:ours": route("none", LOCAL, post=False),
    "inspections:schedule": route("none", ADMIN | QA, post=False),
    "inspections:create": route("none", ADMIN),
    "inspections:overview": route("inspection", INSPECTORATES | LOCAL_OWN, post=False),
    "inspections:edit": route("inspection", ADMIN),
    # A step's confirmation page tells those who see the inspection but may not take the step
    # why not ("Only the lead inspector can …"), and a POST is refused on the same page.
    **{f"inspections:{name}": route("inspection", who, refused=200)
       for name, who in TRANSITION.items()},
    "inspections:team": route("inspection", INSPECTORATES, post=False),
    "inspections:declare": route("inspection", ADMIN | TEAM),
    "inspections:override": route("inspection", ADMIN, kwargs="declaration"),
    "inspections:team-add": route("inspection", ADMIN),
    "inspections:team-remove": route("inspection", ADMIN, kwargs="member"),
    "inspections:notify": route("inspection", ADMIN | LEAD),
    "inspections:deferral-request": route("inspection", ADMIN | LEAD | LOCAL_OWN),
    "inspections:deferral-decide": route("inspection", ADMIN | QA, kwargs="deferral"),
    "inspections:reschedule": route("inspection", ADMIN),
    "inspections:enquiry-add": route("inspection", TEAM),
    "inspections:meetings": route("inspection", INSPECTORATES, post=False),
    "inspections:meeting-add": route("inspection", ADMIN | TEAM),
    "inspections:concern-add": route("inspection", ADMIN | TEAM),
    "inspections:concern-resolve": route("inspection", ADMIN | LEAD, kwargs="concern"),
    # Whoever may add or record one may correct it; removing a concern is for those who
    # resolve them.
    "inspections:enquiry-edit": route("inspection", TEAM, kwargs="enquiry"),
    "inspections:enquiry-remove": route("inspection", TEAM, kwargs="enquiry"),
    "inspections:meeting-edit": route("inspection", ADMIN | TEAM, kwargs="meeting"),
    "inspections:meeting-remove": route("inspection", ADMIN | TEAM, kwargs="meeting"),
    "inspections:concern-edit": route("inspection", ADMIN | TEAM, kwargs="concern"),
    "inspections:concern-remove": route("inspection", ADMIN | LEAD, kwargs="concern"),
    "inspections:questionnaire": route("inspection", ADMIN | LEAD),
    "inspections:outcome": route("inspection", ADMIN | LEAD),
    "inspections:annex-a": route("inspection", ADMIN | LEAD, kwargs="annex_a"),
    "inspections:engagement": route("area", ADMIN, post=False),
    "inspections:engagement-add": route("area", ADMIN),
    # The self-evaluation an area shares for its engagement meetings: for Ofsted admins and
    # the area alone, shared by the area.
    "self_evaluations:list": route("area", ADMIN | LOCAL_OWN, post=False),
    "self_evaluations:share": route("area", LOCAL_OWN),
    "self_evaluations:download": route("area", ADMIN | LOCAL_OWN, post=False, refused=404,
                                       kwargs="self_evaluation_version"),
    # Information requests to the local area, and documents
    "evidence:requests": route("inspection", INSPECTORATES | LOCAL_OWN, post=False),
    "evidence:request-add": route("inspection", ADMIN | LEAD),
    "evidence:request": route("inspection", INSPECTORATES | LOCAL_OWN, post=False,
                              kwargs="information_request"),
    "evidence:request-upload": route("inspection", {"lano"}, kwargs="information_request"),
    "evidence:request-answer": route("inspection", {"lano"}, kwargs="information_request"),
    "evidence:record-documents": route("evidence", INSPECTORATES, post=False,
                                       kwargs="evidence_record"),
    "evidence:record-document-add": route("evidence", TEAM, kwargs="evidence_record"),
    "evidence:document-download": route("inspection", INSPECTORATES | LOCAL_OWN, post=False,
                                        refused=404, kwargs="document_version"),
    # The evidence base is the inspectorates': the inspected area sees the inspection, and
    # is refused its evidence. A summary is of an inspector on the team.
    "evidence:list": route("inspection", INSPECTORATES, post=False),
    "evidence:matrix": route("inspection", INSPECTORATES, post=False),
    "evidence:summary": route("inspection", INSPECTORATES, post=False, kwargs="inspector"),
    # Writing evidence is for the team; reading a record, for the inspectorates' side.
    "evidence:add": route("evidence", TEAM),
    "evidence:record": route("evidence", INSPECTORATES, post_allowed=TEAM,
                             kwargs="evidence_record"),
    "evidence:autosave": route("evidence", TEAM, get_ok=405),
    # How long the evidence base is kept: seen by the inspectorates' side; holds set by the
    # lead or an admin, released by an admin.
    "evidence:retention": route("inspection", INSPECTORATES, post=False),
    "evidence:retention-hold": route("inspection", ADMIN | LEAD),
    "evidence:retention-release": route("inspection", ADMIN, kwargs="hold"),
    # The letter's findings are the inspectorates' until the letter reaches the area (which
    # is not told they exist); the lead inspector writes them.
    "reports:findings": route("evidence", INSPECTORATES, post=False),
    "reports:finding-add": route("evidence", LEAD),
    "reports:finding-edit": route("evidence", LEAD, kwargs="finding"),
    "reports:finding-remove": route("evidence", LEAD, kwargs="finding"),
    "reports:finding-move": route("evidence", LEAD, get_ok=405, kwargs="finding"),
    "reports:finding-evidence": route("evidence", INSPECTORATES, post_allowed=LEAD,
                                      kwargs="finding"),
    "reports:finding-evidence-unlink": route("evidence", LEAD, get_ok=405,
                                             kwargs="finding_link"),
    # The letter as a PDF: the inspectorates' until the letter reaches the area.
    "reports:letter-pdf": route("evidence", INSPECTORATES),
    "reports:letter-pdf-download": route("evidence", INSPECTORATES, post=False,
                                         kwargs="letter_render"),
    # The determination: the team's recommendation by the lead, the decision of HMCI's
    # delegate by an admin; the area is not told the pages exist.
    "reports:determination": route("evidence", INSPECTORATES, post=False),
    "reports:determination-recommend": route("evidence", LEAD),
    "reports:determination-decide": route("evidence", ADMIN),
    # The restricted draft (handbook 66 and 67): read by the inspectorates and by those of
    # the area it was sent to (Medway's leader, on Medway's draft); the area's other users
    # see that it exists and who it went to, and are refused its text.
    "reports:draft": route("inspection", DRAFT_READERS, post=False),
    "reports:draft-pdf": route("inspection", DRAFT_READERS, post=False),
    "reports:recipients": route("inspection", INSPECTORATES | LOCAL_OWN,
                                post_allowed=ADMIN | LEAD | RECIPIENT),
    "reports:recipient-remove": route("inspection", ADMIN | LEAD, kwargs="draft_recipient"),
    "reports:comments": route("inspection", DRAFT_READERS, post_allowed=RECIPIENT),
    "reports:comment-answer": route("inspection", LEAD, kwargs="accuracy_comment"),
    # Copies of the final report: who they went to is no secret to the area; an admin
    # records those sent to others.
    "reports:copies": route("inspection", INSPECTORATES | LOCAL_OWN, post_allowed=ADMIN),
    # What changed between the draft sent and the final, and every version: for those who
    # read the draft.
    "reports:letter-changes": route("inspection", DRAFT_READERS, post=False),
    # The national tracker of written statements of action, its chart and its export: for
    # Ofsted admins and DfE advisers.
    "wsoa:tracker": route("none", ADMIN | {"dfe_adviser"}, post=False),
    "wsoa:tracker-chart": route("none", ADMIN | {"dfe_adviser"}, post=False),
    "wsoa:tracker-export": route("none", ADMIN | {"dfe_adviser"}, post=False),
    # The written statement of action: seen by the inspection's people and DfE advisers;
    # the area records receipt of the final report (or an admin for it), submits and
    # publishes; Ofsted and CQC review; an admin reopens a decision and records the advice
    # to the Minister; DfE advisers note progress. A step's page out of its stage says so.
    "wsoa:detail": route("wsoa", WSOA_READERS, post=False),
    "wsoa:receipt": route("wsoa", ADMIN | LOCAL_OWN),
    "wsoa:submit": route("wsoa", LOCAL_OWN),
    "wsoa:review": route("wsoa", ADMIN | QA),
    "wsoa:decide": route("wsoa", ADMIN | QA),
    "wsoa:reopen": route("wsoa", ADMIN),
    "wsoa:minister": route("wsoa", ADMIN),
    "wsoa:publication-add": route("wsoa", ADMIN | LOCAL_OWN),
    "wsoa:progress-note": route("wsoa", {"dfe_adviser"}, kwargs="action"),
    "wsoa:dfe-advice": route("wsoa", ADMIN | {"dfe_adviser"}),
    # A re-visit's judgements of progress: the inspectorates'; only the lead of a re-visit
    # records them, and the world's statements have none.
    "wsoa:revisit-progress": route("wsoa", INSPECTORATES, post_allowed=set()),
    # The statement as submitted, for everyone who sees the statement.
    "wsoa:statement-download": route("wsoa", WSOA_READERS, post=False, kwargs="submission"),
    # The Regional Director's letter on the statement's fitness, for all who see it.
    "wsoa:decision-letter": route("wsoa_letter", ADMIN | QA | TEAM | LOCAL_OWN | {"dfe_adviser"},
                                  post=False),
}


# The URL configuration ---------------------------------------------------------------------------

def named_routes(urlconf=None) -> set[str]:
    """Every named route, with its namespace, in the URL configuration."""
    found = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                found.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver(urlconf).url_patterns, "")
    return found


def routes_without_expectations(urlconf=None) -> set[str]:
    return named_routes(urlconf) - set(ROUTES)


def test_every_route_declares_who_may_use_it():
    assert routes_without_expectations() == set()
    assert set(ROUTES) - named_routes() == set(), "expectations for routes that do not exist"


def test_a_new_route_without_expectations_fails_the_check():
    assert routes_without_expectations("tests.policy.urls_with_an_undeclared_route") == {
        "an-undeclared-route"}


# The world the routes are tried in -------------------------------------------------------------

def _inspection_with_records(make_inspection, assign, notify, admin, area, start, end, team,
                             *, recipient, notified=True, framework="2023"):
    inspection = make_inspection(local_area=area, framework=framework, start=start, end=end)
    for user, role in team:
        assign(inspection, user, role)
    connected = UserFactory()
    declaration = services.conflict_declare(inspection=inspection, inspector=connected,
                                            by=admin, has_connection=True,
                                            details="Was a governor at a school there")
    if notified:
        notify(inspection)
    # Asked on the day of the notification call (a 2023 inspection's first day; a week
    # before day 1 under 2016), or a week before day 1 if there has been none.
    fresh = Inspection.objects.get(pk=inspection.pk)
    deferral = services.deferral_request(
        inspection=fresh, by=admin,
        requested_on=fresh.notified_on or start - datetime.timedelta(7),
        reasons="A week of local elections")
    concern = services.concern_record(inspection=inspection, by=admin, kind="concern",
                                      raised_on=start - datetime.timedelta(9),
                                      raised_by="A parent", details="Could not get a meeting")
    enquiry = services.line_of_enquiry_add(inspection=inspection, by=team[0][0], question="A",
                                           enquiry="How are needs identified early?")
    if notified:
        meeting = services.meeting_record(inspection=inspection, by=admin, kind="keep_in_touch",
                                          held_on=start - datetime.timedelta(3))
    else:
        # Meetings are recorded from notification on; one recorded then, before a re-plan.
        meeting = Meeting.objects.create(inspection=inspection, kind="keep_in_touch",
                                         held_on=start - datetime.timedelta(3), recorded_by=admin)
    evidence = evidence_services.evidence_record_create(
        inspection=Inspection.objects.get(pk=inspection.pk), by=team[0][0], final=False,
        activity="leaders", questions=["B"], text="Leaders know their area well")
    hold = retention_hold_set(inspection=inspection, by=admin, reason="sensitive",
                              details="Of national importance")
    # A letter being drafted, with a finding that the evidence supports. Made as rows: the
    # route test is about who reaches them, whatever the inspection's state.
    # A notified inspection's draft is with the area, restricted to `recipient`, who has
    # commented on it.
    letter = OutcomeLetter.objects.create(
        inspection=inspection, **({"state": "draft_with_local_area",
                                   "draft_sent_on": end + datetime.timedelta(14)}
                                  if notified else {}))
    LetterVersion.objects.create(letter=letter, number=1, reason="first_draft")
    draft_recipient = DraftRecipient.objects.create(letter=letter, user=recipient,
                                                    capacity="dcs", named_by=admin)
    accuracy_comment = AccuracyComment.objects.create(
        letter=letter, version_number=1, passage="Leaders know their area well",
        comment="Say which leaders", by=recipient)
    finding = Finding.objects.create(letter=letter, section="main", kind="finding",
                                     text="Leaders know their area well", position=1,
                                     written_by=team[0][0])
    finding_link = FindingEvidence.objects.create(finding=finding, record=evidence,
                                                  linked_by=team[0][0])
    letter_render = LetterRender.objects.create(
        letter=letter, version_number=1, draft=True, sha256="0" * 64, size=9, pages=1,
        seconds=0.1, file=File(io.BytesIO(b"%PDF-1.7\n"), "letter.pdf"))
    return {"inspection": inspection, "declaration": declaration, "deferral": deferral,
            "concern": concern, "member": inspection.team.first(), "enquiry": enquiry,
            "meeting": meeting, "inspector": team[0][0], "evidence_record": evidence,
            "hold": hold, "finding": finding, "finding_link": finding_link,
            "letter_render": letter_render, "draft_recipient": draft_recipient,
            "accuracy_comment": accuracy_comment}


def _published_letter(make_inspection, area) -> OutcomeLetter:
    """A published inspection's final letter with its PDF, as rows: the register is public,
    whatever the case's history."""
    inspection = make_inspection(local_area=area, framework="2016", start=D(2016, 5, 9),
                                 end=D(2016, 5, 13), reference="SEND-PUBLISHED-2016")
    Inspection.objects.filter(pk=inspection.pk).update(state="published",
                                                       published_on=D(2016, 7, 1))
    letter = OutcomeLetter.objects.create(inspection=inspection, state="final_issued",
                                          final_issued_on=D(2016, 6, 24))
    LetterVersion.objects.create(letter=letter, number=1, reason="first_draft")
    LetterRender.objects.create(letter=letter, version_number=1, draft=False, sha256="0" * 64,
                                size=9, pages=1, seconds=0.1,
                                file=File(io.BytesIO(b"%PDF-1.7\n"), "letter.pdf"))
    return OutcomeLetter.objects.select_related("inspection").get(pk=letter.pk)


def _wsoa_letter(inspection, *, lead, admin, qa, cqc_qa, lano) -> dict:
    """A 2016 inspection's written statement of action, made by the determination on site,
    submitted and judged fit for purpose, with the Regional Director's letter rendered:
    through the services, as the cycle runs."""
    from inspections.walk import inspection_walk_to
    from reports.parts import determination_decide, determination_recommend
    from tests.files import pdf
    from wsoa import services as wsoa_services
    from wsoa.letter import decision_letter_render
    from wsoa.models import Wsoa

    def walk_to(state):
        inspection_walk_to(inspection=inspection, state=state, admin=admin, lead=lead, qa=qa,
                           cqc_qa=cqc_qa)

    walk_to("on_site")
    determination_recommend(inspection=inspection, by=lead, wsoa_required=True,
                            principal_authority="local_authority",
                            weaknesses=["the quality of EHC plans"])
    determination_decide(inspection=inspection, by=admin, agreed=True)
    walk_to("final_issued")
    wsoa = Wsoa.objects.get(inspection=inspection)
    issued = wsoa_services.default_receipt(wsoa)
    wsoa = wsoa_services.wsoa_record_receipt(wsoa=wsoa, by=admin, received_on=issued)
    weakness = wsoa_services.weaknesses_of(wsoa)[0]
    wsoa_services.wsoa_submit(
        wsoa=wsoa, by=lano, statement=document_upload(owner=wsoa, by=lano, upload=pdf("w.pdf")),
        actions=[wsoa_services.ActionLine(weakness_id=weakness.pk, text="Audit every plan",
                                          who="Head of SEND", complete_by=D(2030, 3, 31))],
        copies_confirmed=True, submitted_on=issued)
    for inspectorate, by in (("ofsted", qa), ("cqc", cqc_qa)):
        wsoa_services.wsoa_record_view(wsoa=wsoa, by=by, inspectorate=inspectorate,
                                       fitness="fit")
    review = wsoa_services.wsoa_decide(wsoa=wsoa, by=qa, regional_director="A Director",
                                       decided_on=issued)
    return {"wsoa": wsoa, "review": decision_letter_render(review_id=review.pk)}


def _documents_exchanged(case: dict, *, lead, lano) -> None:
    """A request of the area, with a file given in answer (from the LANO, once the area is
    told of the inspection)."""
    inspection = Inspection.objects.get(pk=case["inspection"].pk)
    request = request_raise(inspection=inspection, by=lead, title="Self-evaluation",
                            due_at=datetime.datetime(2099, 1, 8, 17, tzinfo=datetime.UTC))
    content = SimpleUploadedFile("plans.csv", b"area,plans\nMedway,412\n")
    if inspection.notified_on:
        version = document_upload(owner=request, by=lano, upload=content)
    else:
        document = Document.objects.create(inspection=inspection, request=request,
                                           filename="plans.csv")
        version = DocumentVersion.objects.create(
            document=document, number=1, file=File(content, "plans.csv"),
            original_filename="plans.csv", size=content.size, sha256="0" * 64, kind="csv",
            scan_status="not_scanned", uploaded_by=lead)
    case.update(information_request=request, document_version=version)


def _statement_of_action(make_inspection, assign, area, team, *, admin, qa, cqc_qa,
                         area_user) -> dict:
    """A 2016 inspection of the area walked to its final report, with a written statement
    of action made by the determination on site, submitted with its actions by the area,
    and under review with Ofsted's view recorded."""
    inspection = make_inspection(local_area=area, framework="2016", start=D(2017, 5, 8),
                                 end=D(2017, 5, 12))
    for user, role in team:
        assign(inspection, user, role)
    lead = team[0][0]

    def walk(state):
        inspection_walk_to(inspection=inspection, state=state, admin=admin, lead=lead, qa=qa,
                           cqc_qa=cqc_qa, call={"person_called": "Ian Sutherland",
                                                "person_called_role": "DCS", "lano": None})

    walk(State.ON_SITE)
    determination_recommend(inspection=inspection, by=lead, wsoa_required=True,
                            principal_authority="joint",
                            weaknesses=["Weak joint commissioning", "Poor EHC plans"])
    determination_decide(inspection=inspection, by=admin, agreed=True)
    walk(LetterState.FINAL_ISSUED)
    wsoa = Wsoa.objects.get(inspection=inspection)
    wsoa = wsoa_services.wsoa_record_receipt(
        wsoa=wsoa, by=area_user, received_on=wsoa_services.default_receipt(wsoa))
    actions = [wsoa_services.ActionLine(weakness_id=weakness.pk, text="Commission jointly",
                                        who="Director of children's services",
                                        complete_by=D(2019, 3, 31))
               for weakness in wsoa_services.weaknesses_of(wsoa)]
    submission = wsoa_services.wsoa_submit(
        wsoa=wsoa, by=area_user, statement=document_upload(owner=wsoa, by=area_user,
                                                           upload=_pdf()),
        actions=actions, copies_confirmed=True)
    wsoa_services.wsoa_record_view(wsoa=wsoa, by=qa, inspectorate="ofsted",
                                   fitness="not_fit", comments="No dates")
    return {"wsoa": Wsoa.objects.get(pk=wsoa.pk), "action": submission.actions.first(),
            "submission": submission}


@pytest.fixture
def world(db, make_inspection, assign, notify, ofsted_admin, lead_inspector, team_inspector,
          medway, barnet, lano, other_lano, local_area_leader, settings, tmp_path,
          quality_assurance, cqc_decision_maker):
    settings.MEDIA_ROOT = tmp_path / "media"
    other_lead = UserFactory(username="olga.lead")
    team = [(lead_inspector, TeamRole.LEAD), (team_inspector, TeamRole.HMI)]
    own = _inspection_with_records(make_inspection, assign, notify, ofsted_admin, medway,
                                   D(2017, 12, 4), D(2017, 12, 8), team,
                                   recipient=local_area_leader)
    unnotified = _inspection_with_records(make_inspection, assign, notify, ofsted_admin,
                                          medway, D(2018, 3, 5), D(2018, 3, 9), team,
                                          recipient=local_area_leader, notified=False)
    foreign = _inspection_with_records(
        make_inspection, assign, notify, ofsted_admin, barnet, D(2017, 12, 4), D(2017, 12, 8),
        [(other_lead, TeamRole.LEAD)],
        recipient=UserFactory(role=roles.LOCAL_AREA_LEADER, local_area=barnet))
    # The written statement of action is the 2016 framework's: its clock runs on Medway's
    # 2016 inspection.
    medway_2016 = make_inspection(local_area=medway, framework="2016", start=D(2016, 10, 3),
                                  end=D(2016, 10, 7))
    wsoa = clock_services.deadline_start(rule_code="wsoa_submission", inspection=medway_2016,
                                         start_date=D(2018, 1, 31), by=None)
    inspectorates_only = Deadline.objects.filter(inspection=foreign["inspection"],
                                                 rule__code="notification_2023").get()
    meetings = {area.pk: services.engagement_meeting_record(
        local_area=area, by=ofsted_admin, held_on=D(2024, 3, 1)) for area in (medway, barnet)}
    self_evaluations = {area.pk: document_upload(owner=area, by=user, upload=_pdf())
                        for area, user in ((medway, lano), (barnet, other_lano))}
    contacts = {area.pk: AreaContactFactory(local_area=area, name=f"Contact of {area.name}")
                for area in (medway, barnet)}
    _documents_exchanged(own, lead=lead_inspector, lano=lano)
    _documents_exchanged(unnotified, lead=lead_inspector, lano=lano)
    _documents_exchanged(foreign, lead=other_lead, lano=other_lano)
    day = clock_services.non_working_day_add(day=D(2030, 6, 3), reason="Extra closure",
                                             by=ofsted_admin)[0]
    staff = {"admin": ofsted_admin, "qa": quality_assurance, "cqc_qa": cqc_decision_maker}
    # The statement is submitted once its document is downloadable: no scanner here.
    with override_settings(DOCUMENTS_UNSCANNED_ALLOWED=True):
        statements = {
            "own": _statement_of_action(make_inspection, assign, medway, team, area_user=lano,
                                        **staff),
            "foreign": _statement_of_action(make_inspection, assign, barnet,
                                            [(other_lead, TeamRole.LEAD)],
                                            area_user=other_lano, **staff)}
    wsoa_letters = {}
    for variant, area, wsoa_team, area_lano, start in (
            ("own", medway, team, lano, D(2019, 3, 4)),
            ("foreign", barnet, [(other_lead, TeamRole.LEAD)], other_lano, D(2019, 3, 11))):
        made = make_inspection(local_area=area, framework="2016", start=start,
                               end=start + datetime.timedelta(4))
        for user, role in wsoa_team:
            assign(made, user, role)
        wsoa_letters[variant] = _wsoa_letter(made, lead=wsoa_team[0][0], admin=ofsted_admin,
                                             qa=quality_assurance, cqc_qa=cqc_decision_maker,
                                             lano=area_lano)
    return {
        "inspection": {"own": own, "unnotified": unnotified, "foreign": foreign},
        "evidence": {"own": own, "unnotified": unnotified, "foreign": foreign},
        "area": {"own": {"area": medway, "contact": contacts[medway.pk],
                         "engagement_meeting": meetings[medway.pk],
                         "self_evaluation_version": self_evaluations[medway.pk]},
                 "foreign": {"area": barnet, "contact": contacts[barnet.pk],
                             "engagement_meeting": meetings[barnet.pk],
                             "self_evaluation_version": self_evaluations[barnet.pk]}},
        "wsoa_letter": wsoa_letters,
        "deadline": {"own": {"deadline": wsoa},
                     "inspectorates_only": {"deadline": inspectorates_only}},
        "wsoa": statements,
        "none": {"only": {"rule": StatutoryRule.objects.get(code="wsoa_review"),
                          "non_working_day": day,
                          "published_letter": _published_letter(make_inspection, barnet)}},
    }


def _url(name: str, spec: Route, objects: dict) -> str:
    if spec.kind == "none":
        args = {"rule": lambda o: [o["rule"].code],
                "non_working_day": lambda o: [o["non_working_day"].pk],
                "published_letter": lambda o: [o["published_letter"].inspection.reference],
                }.get(spec.kwargs)
        return reverse(name, args=args(objects) if args else None)
    if spec.kind == "area":
        if spec.kwargs == "self_evaluation_version":  # a file of the area's
            return reverse(name, args=[objects["area"].pk, objects[spec.kwargs].pk])
        if spec.kwargs:
            return reverse(name, args=[objects[spec.kwargs].pk])
        return reverse(name, args=[objects["area"].pk])
    if spec.kind == "wsoa_letter":
        return reverse(name, args=[objects["wsoa"].pk, objects["review"].pk])
    if spec.kind == "deadline":
        deadline = objects["deadline"]
        if spec.kwargs == "case":
            return reverse(name, args=[deadline.inspection_id])
        return reverse(name, args=[deadline.pk])
    if spec.kind == "wsoa":
        extra = [objects[spec.kwargs].pk] if spec.kwargs else []
        return reverse(name, args=[objects["wsoa"].pk, *extra])
    inspection = objects["inspection"]
    if spec.kwargs == "annex_a":  # an Annex A item, by its rule's code
        return reverse(name, args=[inspection.pk, ANNEX_A_RULES[0]])
    if spec.kwargs == "finding_link":  # a finding, and the evidence linked to it
        link = objects["finding_link"]
        return reverse(name, args=[inspection.pk, link.finding_id, link.record_id])
    extra = [objects[spec.kwargs].pk] if spec.kwargs else []
    return reverse(name, args=[inspection.pk, *extra])


# What a refused request must leave alone ---------------------------------------------------------

def fingerprint() -> tuple:
    """Everything a request could change in a case record, in one comparable value."""
    return (
        AuditEvent.objects.exclude(action__startswith="auth.").exclude(
            action="access.refused").count(),
        tuple(Inspection.objects.order_by("pk").values_list("pk", "state", "version",
                                                             "withdrawn_reason")),
        TeamMember.objects.count(), ConflictDeclaration.objects.filter(
            override_by__isnull=False).count(),
        tuple(DeferralRequest.objects.order_by("pk").values_list("ofsted_decision",
                                                                 "cqc_decision")),
        tuple(Concern.objects.order_by("pk").values_list("resolution", "resolved_on",
                                                          "details", "version")),
        tuple(LineOfEnquiry.objects.order_by("pk").values_list("enquiry", "version")),
        tuple(Meeting.objects.order_by("pk").values_list("held_on", "notes", "version")),
        tuple(Deadline.objects.order_by("pk").values_list("status", "due_date",
                                                           "extension_working_days")),
        tuple(StatutoryRule.objects.order_by("pk").values_list("period_amount", "description")),
        NonWorkingDay.objects.count(), EngagementMeeting.objects.count(),
        tuple(LocalArea.objects.order_by("pk").values_list("name", "region")),
        tuple(AreaContact.objects.order_by("pk").values_list("name", "end_date")),
        HealthPartner.objects.count(), AreaHealthPartner.objects.count(),
        Notification.objects.filter(read_at__isnull=False).count(),
        tuple(EvidenceRecord.objects.order_by("pk").values_list("text", "status", "version")),
        EvidenceDraft.objects.count(),
        tuple(RetentionHold.objects.order_by("pk").values_list("reason", "released_at")),
        tuple(InformationRequest.objects.order_by("pk").values_list("status", "version")),
        DocumentVersion.objects.count(),
        tuple(Finding.objects.order_by("pk").values_list("text", "section", "version")),
        FindingEvidence.objects.count(),
        tuple(Determination.objects.order_by("pk").values_list("decision", "version")),
        LetterRender.objects.count(),
        tuple(OutcomeLetter.objects.order_by("pk").values_list("pdf_requested_at", "state")),
        tuple(DraftRecipient.objects.order_by("pk").values_list("user_id", "capacity")),
        ReportCopy.objects.count(),
        tuple(AccuracyComment.objects.order_by("pk").values_list("comment", "response",
                                                                  "version")),
        tuple(Wsoa.objects.order_by("pk").values_list("stage", "version", "report_received_on",
                                                       "minister_advised_on", "next_step")),
        Submission.objects.count(), Action.objects.count(), ProgressNote.objects.count(),
        Publication.objects.count(),
        tuple(Review.objects.order_by("pk").values_list("decision", "reopened_count")),
        tuple(InspectorateView.objects.order_by("pk").values_list("fitness", "comments")),
    )


def expected_status(name: str, spec: Route, persona: str, variant: str, method: str) -> int:
    if persona == ANONYMOUS:
        return 200 if spec.public else 302
    if persona not in SEES[spec.kind][variant]:
        return 404
    # On Barnet's objects, Barnet's LANO is what Medway's LANO is on Medway's.
    as_if = "lano" if (variant == "foreign" and persona == "other_lano") else persona
    allowed = spec.post_allowed if method == "POST" and spec.post_allowed is not None \
        else spec.allowed
    if as_if not in allowed:
        return spec.refused
    return spec.get_ok if method == "GET" else 0  # 0: any handled answer (200 or 302)


def refusal_recorded(recorded: list, *, user, expected: int, name: str, method: str,
                     on_page: bool) -> bool:
    """Whether the case wrote the refused-access rows it should: exactly one, naming the
    route, the user, the answer and the method, for a "not found" or "forbidden" to someone
    signed in; none otherwise. A step's page that refuses a POST on the page (200) records
    it once the form reaches the step; an empty POST reaches only steps that ask nothing."""
    if on_page and method == "POST" and recorded:
        expected = 200
    elif user is None or expected not in (403, 404):
        return recorded == []
    return len(recorded) == 1 and recorded[0].actor_id == user.pk and recorded[0].after == {
        **recorded[0].after, "route": name, "status": expected, "method": method}


def _cases():
    for name, spec in sorted(ROUTES.items()):
        for variant in SEES[spec.kind]:
            for method in ("GET", "POST") if spec.post else ("GET",):
                yield name, variant, method


CASES = list(_cases())


@pytest.fixture
def people(personas, team_inspector, cqc_decision_maker) -> dict:
    return {**personas, "team_inspector": team_inspector, "cqc_qa": cqc_decision_maker}


def _signed_in_as(client, user) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else ""


def test_every_route_persona_and_object_gets_the_expected_answer(client, world, people):
    """Each case runs in a savepoint that is rolled back, so allowed requests that change
    things do not leak into the next case. Each persona signs in once, outside the
    savepoints, and again only if a case signed them out."""
    wrong, refused_but_changed, unrecorded, count = [], [], [], 0
    urls = {(name, variant): _url(name, ROUTES[name], world[ROUTES[name].kind][variant])
            for name, variant, _ in CASES}
    for persona in PERSONAS:
        user = None if persona == ANONYMOUS else people[persona]
        session = _signed_in_as(client, user)
        for name, variant, method in CASES:
            spec, url = ROUTES[name], urls[name, variant]
            count += 1
            expected = expected_status(name, spec, persona, variant, method)
            refusal = expected in (403, 404, 302) or (expected == 200 and spec.refused == 200
                                                      and persona not in spec.allowed)
            # Refusals are recorded once a minute per user, route and object (audit.refusals):
            # each case starts with none remembered.
            cache.clear()
            with transaction.atomic():
                before = fingerprint() if refusal else None
                last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
                response = client.get(url) if method == "GET" else client.post(url, {})
                got = response.status_code
                if (got not in (200, 302) if expected == 0 else got != expected):
                    wrong.append(f"{method} {name} [{variant}] as {persona}: {got}, "
                                 f"expected {expected or '200 or 302'}")
                if persona == ANONYMOUS and got == 302 and not spec.public:
                    assert "/sign-in/" in response["Location"], (name, persona)
                if refusal and got == expected and fingerprint() != before:
                    refused_but_changed.append(f"{method} {name} [{variant}] as {persona}")
                recorded = list(AuditEvent.objects.filter(pk__gt=last or 0,
                                                          action="access.refused"))
                on_page = refusal and expected == 200
                if got == expected and not refusal_recorded(
                        recorded, user=user, name=name, expected=expected, method=method,
                        on_page=on_page):
                    unrecorded.append(f"{method} {name} [{variant}] as {persona}: "
                                      f"{[event.after for event in recorded]}")
                transaction.set_rollback(True)
            cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
            if (cookie.value if cookie else "") != session:
                session = _signed_in_as(client, user)
    assert not wrong, "\n".join(wrong)
    assert refused_but_changed == []
    assert not unrecorded, "\n".join(unrecorded)
    # The closing note reports this figure; it also proves the loop ran.
    assert count == len(CASES) * len(PERSONAS) > 1500
