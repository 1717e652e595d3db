"""Demo evidence: the Medway inspection's evidence base behind its letter's findings
(evidence.demo_data), a few records on the inspection on site now, with the gaps a lead
inspector would look for in its triangulation matrix, and the self-evaluation Barnet shares
for its annual engagement meeting. Everything is made through the
services, by the team members who would have written it."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from config import clock
from config.clock import ENGLAND
from deadlines.selectors import calendar_current
from evidence.demo_data import MEDWAY_EVIDENCE
from evidence.models import (
    NEEDS_CONSENT,
    Activity,
    Aspect,
    EvidenceRecord,
    InformationRequest,
    Weighing,
)
from evidence.services.documents import document_upload
from evidence.services.records import evidence_record_create
from evidence.services.requests import request_answer, request_raise
from inspections.models import Inspection
from local_areas.models import LocalArea

MEDWAY = "SEND-MEDWAY-2017-12"
ON_SITE_NOW = "SEND-LEEDS-NOW"
NOTIFIED_NOW = "SEND-BARNET-NEXT"
# HMCI required a written statement of action of Medway: its evidence base is kept beyond
# the six months after publication (handbook 73).
# What the lead asks Barnet for now it has been told of its inspection: (title, details,
# working days from today, due time). The first is answered already.
BARNET_REQUESTS = [
    ("Self-evaluation", "The area's current self-evaluation, answering the three questions "
     "of the annual engagement meeting", 1, "17:00"),
    ("SEND strategy", "The partnership's SEND strategy and its current action plan", 2,
     "17:00"),
    ("Local offer evaluation", "Any evaluation of the local offer in the last two years", 3,
     "12:00"),
]
BARNET_ANSWER = ("barnet-self-evaluation.txt",
                 b"Barnet local area SEND self-evaluation (demo copy)\n\n"
                 b"1. What do we know about the experiences of children and young people?\n"
                 b"2. What is the impact of our work?\n3. What are our priorities?\n")
# The self-evaluation Barnet shares for its annual engagement meeting: the three questions of
# the 2023 handbook (para 184), as the Barnet action plan sets them out.
BARNET_SELF_EVALUATION = ("Barnet SEND self-evaluation 2024.txt",
                          b"Barnet Local SEND Partnership: self-evaluation (demo copy)\n\n"
                          b"1. What do we know about the experiences and outcomes of children "
                          b"and young people with SEND in Barnet?\n"
                          b"2. What is the impact of our work on them and their families?\n"
                          b"3. What are our priorities for improvement, and why?\n")

# The inspection on site now has evidence from leaders and case files, and none yet from
# parents and carers or from children and young people: the matrix warns of both.
ON_SITE_EVIDENCE = [
    (Activity.LEADERS, 1, "10:00", "Merrion House, Leeds City Council",
     "Director of children and families; head of SEND; ICB director of nursing", "AB",
     [Aspect.LEADERSHIP, Aspect.JOINT_COMMISSIONING], Weighing.STRENGTH, True,
     "Leaders share one SEND strategy across the council and the ICB, with a joint board "
     "that meets monthly and a single set of measures reported to it."),
    (Activity.CASE_FILE, 1, "14:00", "Case file review, SEND statutory team",
     "SEND casework manager", "B", [Aspect.EHC_PLANS], Weighing.DEVELOPMENT, True,
     "Of eight EHC plans sampled, five had outcomes that could be measured; three had health "
     "advice older than the assessment."),
    (Activity.PERFORMANCE_DATA, 2, "09:00", "Performance data",
     "Council business intelligence team", "AC", [Aspect.SELF_EVALUATION], Weighing.NEITHER,
     False,
     "Timeliness of EHC needs assessments improved this year; still to check how the area "
     "knows about the quality of plans, not only their timeliness."),
]


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ENGLAND)


def _on_site_day(inspection: Inspection, day: int) -> datetime.date:
    return inspection.onsite_start + datetime.timedelta(days=day - 1)


def seed_medway_evidence(users: dict[str, User]) -> None:
    inspection = Inspection.objects.filter(reference=MEDWAY).first()
    if inspection is None or EvidenceRecord.objects.filter(inspection=inspection).exists():
        return
    for (_finding, author, activity, day, time, place, participants, questions, aspects,
         groups, weighing, text) in MEDWAY_EVIDENCE:
        evidence_record_create(
            inspection=inspection, by=users[author], final=True, activity=activity,
            questions=list(questions), text=text,
            happened_at=_at(_on_site_day(inspection, day), time), place=place,
            participants=participants, aspects=aspects, groups=groups, weighing=weighing,
            consent_checked=activity in NEEDS_CONSENT)


def seed_on_site_evidence(users: dict[str, User]) -> None:
    inspection = Inspection.objects.filter(reference=ON_SITE_NOW).first()
    if inspection is None or EvidenceRecord.objects.filter(inspection=inspection).exists():
        return
    lead = users["hmi.lead"]
    for (activity, day, time, place, participants, questions, aspects, weighing, final,
         text) in ON_SITE_EVIDENCE:
        evidence_record_create(
            inspection=inspection, by=lead, final=final, activity=activity,
            questions=list(questions), text=text,
            # Never later than now: on its first day on site, the rest is still to come.
            happened_at=min(_at(_on_site_day(inspection, day), time), clock.now()),
            place=place, participants=participants, aspects=aspects, weighing=weighing)


def seed_barnet_requests(users: dict[str, User]) -> None:
    inspection = Inspection.objects.filter(reference=NOTIFIED_NOW).first()
    if (inspection is None
            or InformationRequest.objects.filter(inspection=inspection).exists()):
        return
    calendar = calendar_current()
    requests = [request_raise(inspection=inspection, by=users["hmi.lead"], title=title,
                              details=details,
                              due_at=_at(calendar.add_working_days(clock.today(), days), time))
                for title, details, days, time in BARNET_REQUESTS]
    name, content = BARNET_ANSWER
    document_upload(owner=requests[0], by=users["lano.barnet"],
                    upload=SimpleUploadedFile(name, content, content_type="text/plain"))
    request_answer(request=requests[0], by=users["lano.barnet"], version=requests[0].version)


def seed_barnet_self_evaluation(users: dict[str, User]) -> None:
    lano = users["lano.barnet"]
    area = LocalArea.objects.get(pk=lano.local_area_id)
    if area.self_evaluations.exists():
        return
    name, content = BARNET_SELF_EVALUATION
    document_upload(owner=area, by=lano,
                    upload=SimpleUploadedFile(name, content, content_type="text/plain"))


def seed_evidence(*, users: dict[str, User]) -> None:
    seed_medway_evidence(users)
    # Medway's evidence is held for its written statement of action by the decision that
    # made the statement (wsoa.services).
    seed_on_site_evidence(users)
    seed_barnet_requests(users)
    seed_barnet_self_evaluation(users)
