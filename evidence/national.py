"""National-scale evidence bases: about 300,000 evidence records with their aspects and
groups, the information requests made of the local areas, about 60,000 document versions,
and the retention holds that keep old evidence bases.

The data is what the service holds after its nightly deletion has run (evidence.services.
retention): an inspection that has been on site keeps its evidence base while the report is
unpublished, for six months after publication, or while a hold is in force. Older evidence
bases were deleted six months after publication, and the audit trail says so (one row of
counts each). Holds are set where the handbook says (73): a safeguarding concern (the
inspection's flagged records), a formal complaint, a written statement of action (2016
inspections), litigation, sensitivity; some were set and later released.

Records are written by the inspection's team on its days on site, the large inspection
(inspections.national.LARGE_REFERENCE) holding about 5,000. Their words are put together
from phrases of the kind evidence forms hold, naming roles and services, never children.

Document versions are rows only: plausible sizes and SHA-256 digests, generated stored
names; no file is written to storage (a download of one finds no file). Writing 60,000
files would add minutes on object storage and leave files behind every discarded database.
"""

import datetime
import hashlib
import itertools
import uuid

from audit.models import AuditEvent
from config.national.base import Run, at, bulk_insert, day_between
from deadlines.calendar import add_calendar_months
from deadlines.rules_data import ANNEX_A_RULES
from evidence.models import (
    NEEDS_CONSENT,
    Activity,
    Aspect,
    Document,
    DocumentVersion,
    EvidenceAspect,
    EvidenceGroup,
    EvidenceRecord,
    EvidenceStatus,
    Group,
    HoldReason,
    InformationRequest,
    RequestStatus,
    RetentionHold,
    ScanStatus,
    Weighing,
)
from evidence.services.retention import RETENTION_MONTHS
from inspections.models import Framework, State

RECORDS = 300_000
LARGE_RECORDS = 5_000
VERSIONS = 60_000
DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)

# How often each activity is recorded, by weight.
ACTIVITIES = [(Activity.LEADERS, 14), (Activity.CASE_FILE, 18), (Activity.PROVIDER_VISIT, 12),
              (Activity.DOCUMENTS, 12), (Activity.STAFF, 10), (Activity.PARENTS, 9),
              (Activity.CHILDREN, 6), (Activity.PARENT_SURVEY, 3),
              (Activity.PERFORMANCE_DATA, 5), (Activity.KEEP_IN_TOUCH, 4),
              (Activity.TEAM_MEETING, 5), (Activity.OTHER, 2)]
PLACES = {
    Activity.LEADERS: ["Council offices", "Integrated care board offices", "Town hall"],
    Activity.CASE_FILE: ["SEND service, case files on the council's system",
                         "Health records, community paediatrics", "Social care case records"],
    Activity.PROVIDER_VISIT: ["A primary school with a resourced provision",
                              "A special school for pupils with complex needs",
                              "A further education college", "A pupil referral unit",
                              "A children's centre", "A nursery school",
                              "A secondary academy"],
    Activity.DOCUMENTS: ["Document scrutiny, inspection base room"],
    Activity.STAFF: ["SEND casework team", "Educational psychology service",
                     "Speech and language therapy service", "Health visiting team"],
    Activity.PARENTS: ["Parent carer forum meeting", "Drop-in session at a children's centre"],
    Activity.CHILDREN: ["A youth council meeting", "A college's student forum"],
    Activity.PARENT_SURVEY: ["Online survey", "Parents' webinar"],
    Activity.PERFORMANCE_DATA: ["The area's performance data"],
    Activity.KEEP_IN_TOUCH: ["Meeting with the LANO"],
    Activity.TEAM_MEETING: ["Inspection base room"],
    Activity.OTHER: ["Telephone call", "Video call"],
}
PARTICIPANTS = {
    Activity.LEADERS: ["Director of children's services; head of SEND",
                       "ICB chief executive; designated clinical officer",
                       "Lead member for children's services; assistant director"],
    Activity.CASE_FILE: ["Lead inspector; SEND caseworker", "CQC inspector; named nurse"],
    Activity.PROVIDER_VISIT: ["Headteacher; SENCo", "Principal; head of learning support",
                              "Setting manager; area SENCo"],
    Activity.DOCUMENTS: ["Inspection team"],
    Activity.STAFF: ["Team manager and four caseworkers", "Principal educational psychologist",
                     "Therapy leads"],
    Activity.PARENTS: ["Eleven parents and carers", "Parent carer forum steering group"],
    Activity.CHILDREN: ["Eight young people aged 14 to 19", "Six pupils with a youth worker"],
    Activity.PARENT_SURVEY: ["Parents and carers who responded"],
    Activity.PERFORMANCE_DATA: ["Inspection team"],
    Activity.KEEP_IN_TOUCH: ["Lead inspector; LANO"],
    Activity.TEAM_MEETING: ["Inspection team"],
    Activity.OTHER: ["Designated medical officer", "Head of virtual school"],
}
OPENINGS = [
    "Leaders explained that", "Staff described how", "The case file shows that",
    "Parents told inspectors that", "Documents provided show that",
    "Young people said that", "The self-evaluation states that", "Data provided show that",
    "Inspectors found that", "Health professionals reported that",
]
FINDINGS = [
    "EHC needs assessments are mostly completed within 20 weeks",
    "the local offer is hard to find and not kept up to date",
    "annual reviews are not always held on time",
    "co-production with the parent carer forum is strong and valued",
    "waiting times for speech and language therapy have grown over the past year",
    "joint commissioning of therapies has improved since the last inspection",
    "SEN support plans in mainstream schools vary in quality",
    "health advice is not always included in EHC plans",
    "preparation for adulthood starts in Year 9 for most young people",
    "the designated clinical officer has improved the quality of health advice",
    "outcomes in plans are not specific enough to measure progress",
    "children placed out of area are visited less often than others",
    "the neurodevelopmental pathway has a long waiting list",
    "identification of needs in the early years is timely",
    "exclusions of pupils with SEND are higher than the national average",
    "transition from children's to adult health services is planned late",
]
FOLLOW_UPS = [
    "This was triangulated with case files.", "Leaders are aware of this.",
    "This is not reflected in the self-evaluation.", "To be tested with providers tomorrow.",
    "The team agreed this at the daily meeting.", "Further documents were requested.",
    "This matches what parents said in the survey.", "Evidence is mixed on this point.",
]
# The share of the published 2016 inspections not re-visited that needed a written statement
# of action all the same: the most recent (re-visits ended with the 2016 framework, handbook
# 118), and some whose re-visit is late.
WSOA_NOT_REVISITED = 0.30

HOLD_DETAILS = {
    HoldReason.SAFEGUARDING: ["A safeguarding referral was made during the inspection and is "
                              "still open.",
                              "Concerns about a provider were referred to the local authority "
                              "designated officer."],
    HoldReason.COMPLAINT: ["A formal complaint about the inspection is being investigated.",
                           "The local area complained formally about the conduct of the "
                           "inspection."],
    HoldReason.WSOA: ["A written statement of action is required: keep until its progress "
                      "is reviewed at the re-visit."],
    HoldReason.LITIGATION: ["A judicial review of the report has been threatened.",
                            "The evidence may be needed in tribunal proceedings."],
    HoldReason.SENSITIVE: ["Of national interest: cited in a review of SEND services.",
                           "Sensitive: the area is the subject of a statutory direction."],
}
REQUESTS = [
    "Self-evaluation and SEND strategy", "Local offer and its review",
    "EHC needs assessment timeliness data", "List of children with EHC plans",
    "List of children on SEN support", "Joint commissioning arrangements",
    "Minutes of the SEND partnership board", "Parent carer forum feedback",
    "Exclusions and part-time timetables data", "Health waiting times",
    "Annual review completion data", "Preparation for adulthood pathway",
]
_ACTIVITY_CODES = tuple(activity for activity, _weight in ACTIVITIES)
_ACTIVITY_WEIGHTS = tuple(itertools.accumulate(weight for _activity, weight in ACTIVITIES))
_WEIGHINGS = (Weighing.STRENGTH, Weighing.DEVELOPMENT, Weighing.NEITHER)
EXTENSIONS = [("pdf", 6), ("docx", 3), ("xlsx", 2), ("pptx", 0.5), ("csv", 0.5)]


def _kept(p, holds: list[dict], today: datetime.date) -> bool:
    """Whether the inspection still has its evidence base today."""
    if p.published_on is None:
        return True
    return add_calendar_months(p.published_on, RETENTION_MONTHS) > today or any(
        hold["released_at"] is None for hold in holds)


class _Evidence:
    def __init__(self, run: Run):
        self.run = run
        self.admins = [pk for pk, _n, _u in run.shared["people"]["admin"]]
        self.area_lanos = {area: people["lano"][0]
                           for area, people in run.shared["area_people"].items()
                           if "lano" in people}

    def onsite_days(self, p) -> list[datetime.date]:
        days, day = [], p.start
        while day <= min(p.end, self.run.today):
            days.append(day)
            day = self.run.add_wd(day, 1)
        return days

    def holds(self, p, rng, *, revisited: bool = False) -> list[dict]:
        """The holds on an inspection that has been on site: in force, or set and released.
        A published 2016 inspection that was re-visited needed a written statement of action
        (the re-visit judges progress on it, handbook 117): it holds its evidence for it
        always; of the others, some did."""
        chances = [(HoldReason.SAFEGUARDING, 0.10), (HoldReason.COMPLAINT, 0.05),
                   (HoldReason.LITIGATION, 0.012), (HoldReason.SENSITIVE, 0.02)]
        if p.framework == Framework.LOCAL_AREA_SEND_2016 and p.published_on:
            chances.append((HoldReason.WSOA, 1.0 if revisited else WSOA_NOT_REVISITED))
        found = []
        for reason, chance in chances:
            if not (p.large and reason == HoldReason.SAFEGUARDING) and rng.random() >= chance:
                continue
            set_on = day_between(rng, p.start, min(self.run.today, p.published_on or p.end))
            if reason == HoldReason.WSOA:
                set_on = p.published_on
            hold = {"reason": reason, "set_on": set_on, "released_at": None,
                    "by": p.lead if rng.random() < 0.7 else self.admins[p.lineage
                                                                         % len(self.admins)],
                    "details": rng.choice(HOLD_DETAILS[reason])}
            # Some were released once the reason passed: a complaint answered, a threat of
            # proceedings withdrawn.
            if reason in (HoldReason.COMPLAINT, HoldReason.LITIGATION) and rng.random() < 0.5:
                released_on = set_on + DAY * rng.randint(30, 200)
                if released_on < self.run.today:
                    hold["released_at"] = at(released_on, 11, rng.randint(0, 59))
            found.append(hold)
        return found

    def text(self, rng) -> str:
        sentences = []
        for _ in range(rng.randint(1, 4)):
            sentences.append(f"{rng.choice(OPENINGS)} {rng.choice(FINDINGS)}.")
        if rng.random() < 0.6:
            sentences.append(rng.choice(FOLLOW_UPS))
        return " ".join(sentences)

    def record(self, p, rng, days, final: bool) -> dict:
        activity = rng.choices(_ACTIVITY_CODES, cum_weights=_ACTIVITY_WEIGHTS)[0]
        author = rng.choice(p.team)[0]
        day = rng.choice(days)
        # Today's work so far: nothing happened after the moment the data is made.
        happened = min(at(day, rng.randint(8, 17), rng.choice((0, 15, 30, 45))),
                       self.run.now - MINUTE * 30)
        written = min(happened + MINUTE * rng.randint(20, 240), self.run.now)
        informs = [rng.random() < 0.45, rng.random() < 0.6, rng.random() < 0.4]
        if not any(informs):
            informs[rng.randrange(3)] = True
        version = rng.choices((1, 2, 3, 4), cum_weights=(55, 85, 95, 100))[0]
        updated_by = author if version == 1 or rng.random() < 0.7 else rng.choice(p.team)[0]
        return {
            "inspection_id": p.pk, "author_id": author,
            "status": EvidenceStatus.FINAL if final else EvidenceStatus.DRAFT,
            "activity": activity, "happened_at": happened,
            "place": rng.choice(PLACES[activity]),
            "participants": rng.choice(PARTICIPANTS[activity]),
            "informs_a": informs[0], "informs_b": informs[1], "informs_c": informs[2],
            "weighing": rng.choices(_WEIGHINGS, cum_weights=(35, 75, 100))[0],
            "text": self.text(rng),
            "consent_checked": activity in NEEDS_CONSENT and (final or rng.random() < 0.5),
            "safeguarding": False, "safeguarding_flagged_at": None,
            "safeguarding_flagged_by_id": None, "version": version, "created_at": written,
            "updated_at": min(written + MINUTE * 30 * (version - 1), self.run.now),
            "updated_by_id": updated_by,
        }


def _share(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, whole numbers that add up to it."""
    whole = sum(weights) or 1
    counts = [int(total * weight / whole) for weight in weights]
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    for i in order[:total - sum(counts)]:
        counts[i] += 1
    return counts


def seed_evidence(run: Run) -> None:
    evidence = _Evidence(run)
    rng = run.rng("evidence")
    today = run.today
    onsite = [p for p in run.shared["inspections"] if p.reached(State.ON_SITE)]
    revisited = {id(q.revisit_of) for q in run.shared["inspections"]
                 if q.revisit_of is not None}
    holds = {p.pk: evidence.holds(p, rng, revisited=id(p) in revisited) for p in onsite}
    kept = [p for p in onsite if _kept(p, holds[p.pk], today)]
    still_here = set(kept)
    deleted = [(p, holds[p.pk]) for p in onsite if p not in still_here]
    _seed_holds(run, [p for p in onsite if holds[p.pk]], holds)
    _seed_deletions(run, deleted)

    # Records: the large inspection its own share, the rest by team size and days on site.
    days = {p.pk: evidence.onsite_days(p) for p in kept}
    large = next((p for p in kept if p.large), None)
    ordinary = [p for p in kept if not p.large]
    # At small fractions fewer inspections share the records: the large one keeps four
    # times the average at least, so that it stays the largest.
    large_share = max(run.scaled(LARGE_RECORDS),
                      4 * run.scaled(RECORDS) // (len(ordinary) + 4)) if large else 0
    counts = dict(zip([p.pk for p in ordinary], _share(
        max(0, run.scaled(RECORDS) - large_share),
        [len(p.team) * len(days[p.pk]) * rng.uniform(0.6, 1.4) for p in ordinary]),
        strict=True))
    if large:
        counts[large.pk] = large_share
    flagged = {p.pk for p in kept if any(h["reason"] == HoldReason.SAFEGUARDING
                                         for h in holds[p.pk])}

    def records():
        for p in kept:
            recent = p.state in (State.ON_SITE, State.FEEDBACK_GIVEN)
            to_flag = rng.randint(1, 3) if p.pk in flagged else 0
            for n in range(counts[p.pk]):
                row = evidence.record(p, rng, days[p.pk],
                                      final=not recent or rng.random() < 0.7)
                if n < to_flag:
                    row["safeguarding"] = True
                    row["safeguarding_flagged_at"] = row["created_at"]
                    row["safeguarding_flagged_by_id"] = row["author_id"]
                yield row

    total = sum(counts[p.pk] for p in kept)
    made = bulk_insert(run, EvidenceRecord, records(), total=total, desc="evidence records",
                       keep=lambda row: (row["id"], row["inspection_id"], row["author_id"],
                                         row["created_at"]))
    # For the letters' findings: each inspection's records, (pk, created_at). Those of an
    # inspection past feedback are all final.
    by_inspection: dict[int, list] = {}
    for pk, inspection, _author, created in made:
        by_inspection.setdefault(inspection, []).append((pk, created))
    run.shared["evidence_records"] = by_inspection
    _seed_aspects_and_groups(run, [pk for pk, *_ in made])
    _seed_documents(run, evidence, kept, made)


def _seed_aspects_and_groups(run: Run, record_ids: list[int]) -> None:
    rng = run.rng("evidence.tags")
    aspects, groups = list(Aspect.values), list(Group.values)
    bulk_insert(run, EvidenceAspect, (
        {"record_id": pk, "aspect": aspect} for pk in record_ids
        for aspect in rng.sample(aspects, rng.choices([0, 1, 2, 3], [15, 45, 30, 10])[0])),
        desc="evidence aspects")
    bulk_insert(run, EvidenceGroup, (
        {"record_id": pk, "group": group} for pk in record_ids
        for group in rng.sample(groups, rng.choices([0, 1, 2], [55, 35, 10])[0])),
        desc="evidence groups")


def _seed_holds(run: Run, held: list, holds: dict[int, list[dict]]) -> None:
    rows = [(p, hold) for p in held for hold in holds[p.pk]]
    made = bulk_insert(run, RetentionHold, (
        RetentionHold(inspection_id=p.pk, reason=hold["reason"], details=hold["details"],
                      set_by_id=hold["by"], set_at=min(at(hold["set_on"], 15), run.now),
                      released_by_id=run.shared["people"]["admin"][0][0]
                      if hold["released_at"] else None,
                      released_at=hold["released_at"]) for p, hold in rows),
        total=len(rows), desc="retention holds", keep=lambda row: row.pk)
    records = run.shared["records"]
    for pk, (p, hold) in zip(made, rows, strict=True):
        records.append(("evidence.retentionhold", pk, p, "evidence.hold_set",
                        min(at(hold["set_on"], 15), run.now), hold["by"]))
        if hold["released_at"]:
            records.append(("evidence.retentionhold", pk, p, "evidence.hold_released",
                            hold["released_at"], run.shared["people"]["admin"][0][0]))


def _seed_deletions(run: Run, deleted: list[tuple]) -> None:
    """The audit rows the nightly deletion left on the inspections whose evidence base is
    gone: counts only, as evidence.services.retention writes them."""
    rng = run.rng("evidence.deleted")

    def rows():
        for p, holds in deleted:
            deletable_on = add_calendar_months(p.published_on, RETENTION_MONTHS)
            # The night after the last hold was released, if that came later.
            deleted_on = max([deletable_on, *(hold["released_at"].date() + DAY
                                              for hold in holds)])
            records = rng.randint(80, 400)
            versions = rng.randint(10, 80)
            yield {"at": min(at(deleted_on, 2, 15), run.now), "actor_id": None, "actor_label": "",
                   "action": "evidence.deleted", "object_type": "inspections.inspection",
                   "object_id": str(p.pk), "object_repr": p.label[:200],
                   "local_area_id": p.area.pk, "inspection_id": p.pk, "before": {},
                   "after": {"versions": versions, "documents": versions * 4 // 5,
                             "drafts": 0, "aspects": records * 3 // 2,
                             "groups": records // 2, "records": records, "files": versions,
                             "published_on": p.published_on.isoformat(),
                             "deletable_on": deletable_on.isoformat(),
                             "deleted_on": deleted_on.isoformat()},
                   "ip_address": None}

    bulk_insert(run, AuditEvent, rows(), total=len(deleted), desc="evidence deletions")


def _seed_documents(run: Run, evidence: _Evidence, kept: list, records: list) -> None:
    """Information requests of the notified inspections, the documents given in answer, and
    documents attached to records: about VERSIONS versions in all, half each way."""
    rng = run.rng("evidence.documents")
    today, now = run.today, run.now
    target = run.scaled(VERSIONS)
    asked = [p for p in kept if p.notified_on]

    def requests():
        for p in asked:
            raised = min(at(p.notified_on, 11), now)
            if p.framework == Framework.AREA_SEND_2023:
                titles = [(code, code.removeprefix("annex_a_").replace("_", " ").capitalize())
                          for code in ANNEX_A_RULES]
            else:
                titles = []
            titles += [("", title) for title in rng.sample(REQUESTS, rng.randint(4, 9))]
            for code, title in titles:
                due = at(run.add_wd(p.notified_on, rng.randint(1, 4)), 17)
                answered = due.date() <= today and rng.random() < 0.95
                yield p, InformationRequest(
                    inspection_id=p.pk, title=title, annex_a_code=code, due_at=due,
                    status=RequestStatus.ANSWERED if answered else RequestStatus.OPEN,
                    raised_by_id=p.lead, raised_at=raised,
                    answered_by_id=evidence.area_lanos.get(p.area.pk, p.lead)
                    if answered else None,
                    answered_at=min(due - MINUTE * rng.randint(30, 600), now)
                    if answered else None, version=2 if answered else 1)

    pairs = list(requests())
    made = bulk_insert(run, InformationRequest, (row for _p, row in pairs), total=len(pairs),
                       desc="information requests", keep=lambda row: row.pk)
    answered = [(pk, p, row) for pk, (p, row) in zip(made, pairs, strict=True)
                if row.status == RequestStatus.ANSWERED]
    by_pk = {p.pk: p for p in kept}
    # Documents: one or two versions each; half the versions answer requests.
    documents: list[dict] = []
    per_request = max(1, round(target / 2 / 1.3 / max(1, len(answered))))
    for pk, p, row in answered:
        for n in range(rng.randint(1, 2 * per_request - 1)):
            documents.append({"p": p, "request": pk, "record": None, "n": n,
                              "by": row.answered_by_id, "on": row.answered_at})
    wanted = max(0, round((target - 1.3 * len(documents)) / 1.3))
    for record_pk, inspection_pk, author, created in rng.sample(records,
                                                               min(wanted, len(records))):
        documents.append({"p": by_pk[inspection_pk], "request": None, "record": record_pk,
                          "n": 0, "by": author, "on": created})
    extensions, weights = zip(*EXTENSIONS, strict=True)
    for document in documents:
        document["ext"] = rng.choices(extensions, weights)[0]
        stem = REQUESTS[rng.randrange(len(REQUESTS))].lower().replace(" ", "-")
        document["filename"] = f"{stem}-{document['n'] + 1}.{document['ext']}" \
            if document["request"] else f"evidence-{document['record']}.{document['ext']}"
    kept_documents = bulk_insert(run, Document, (
        {"inspection_id": d["p"].pk, "request_id": d["request"], "record_id": d["record"],
         "filename": d["filename"], "created_at": d["on"]} for d in documents),
        total=len(documents), desc="documents", keep=lambda row: row["id"])

    def versions():
        for pk, document in zip(kept_documents, documents, strict=True):
            count = 2 if rng.random() < 0.3 else 1
            for number in range(1, count + 1):
                uploaded = min(document["on"] + datetime.timedelta(hours=number - 1), now)
                size = int(rng.lognormvariate(11.5, 1.1)) + 2000
                digest = hashlib.sha256(f"{pk}:{number}".encode()).hexdigest()
                yield {"document_id": pk, "number": number,
                       "file": f"documents/{document['p'].pk}/"
                               f"{uuid.UUID(int=rng.getrandbits(128)).hex}",
                       "original_filename": document["filename"], "size": size,
                       "sha256": digest, "kind": document["ext"],
                       "scan_status": ScanStatus.CLEAN, "scanned_at": min(uploaded + MINUTE, now),
                       "uploaded_by_id": document["by"], "uploaded_at": uploaded}

    bulk_insert(run, DocumentVersion, versions(), desc="document versions")
