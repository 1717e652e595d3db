"""Reading an inspection's evidence base: the inspection as its evidence pages need it, the
list with its filters and search, the triangulation matrix, and each inspector's summary.

Every function here costs the same number of queries however much evidence there is."""

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.functions import Left
from django.http import Http404

from accounts.models import User
from evidence.models import (
    Activity,
    EvidenceAspect,
    EvidenceGroup,
    EvidenceRecord,
    EvidenceStatus,
    InformationRequest,
    RequestReminder,
    Weighing,
)
from inspections.models import Inspection, TeamMember
from inspections.selectors import inspection_visible_to

QUESTIONS = {
    "A": "Identifying children and young people with SEND",
    "B": "Assessing and meeting needs",
    "C": "Improving outcomes",
}
INFORMS = {"A": "informs_a", "B": "informs_b", "C": "informs_c"}
# How much of a record's text a list row reads: its first line is shown, and no more.
OPENING_CHARACTERS = 300
# The sources of evidence the handbook expects on every question (paragraphs 40 and 45):
# the matrix warns where one of them has given nothing final, in these words.
EXPECTED_SOURCES = {
    Activity.LEADERS: "meetings with leaders",
    Activity.CHILDREN: "children and young people",
    Activity.PARENTS: "parents and carers",
    Activity.STAFF: "interviews with staff",
    Activity.PROVIDER_VISIT: "visits to providers",
    Activity.CASE_FILE: "case file reviews",
    Activity.DOCUMENTS: "document scrutiny",
}
# An inspector's summary shows this many records of each question and weighing, and says
# how many more there are, with a link to them all in the list.
SUMMARY_SECTION_SIZE = 25


def inspection_get_for_evidence(*, user, pk: int) -> Inspection:
    """One inspection the user may see, with what the policy reads to decide what they may
    do with its evidence (its team and declarations); 404 for missing and not yours alike."""
    inspection = (inspection_visible_to(user=user).filter(pk=pk)
                  .select_related("local_area")
                  .prefetch_related(
                      Prefetch("team", queryset=TeamMember.objects.select_related("user")),
                      "conflict_declarations")
                  .first())
    if inspection is None:
        raise Http404("No such inspection")
    return inspection


def evidence_authors(*, inspection: Inspection) -> list[User]:
    """Whoever is on the team, and whoever wrote evidence on the inspection and has left it,
    by name: the people the list filters on and who have a summary. One query."""
    on_team = [member.user_id for member in inspection.team.all()]
    wrote = EvidenceRecord.objects.filter(inspection=inspection).values("author_id")
    return list(User.objects.filter(Q(pk__in=on_team) | Q(pk__in=wrote))
                .order_by("first_name", "last_name", "username", "pk"))


def _searched(records: QuerySet[EvidenceRecord], words: str) -> QuerySet[EvidenceRecord]:
    """On PostgreSQL, the records whose kept words (``search``, written by the database on
    every save: migration 0004) match, in English, as a web search box reads them."""
    if connection.vendor == "postgresql":
        return records.filter(search=SearchQuery(words, config="english",
                                                 search_type="websearch"))
    return records.filter(Q(text__icontains=words) | Q(place__icontains=words)
                          | Q(participants__icontains=words))


@dataclass(frozen=True)
class EvidenceFilters:
    """What the list is narrowed to; empty values narrow nothing."""

    question: str = ""
    activity: str = ""
    aspect: str = ""
    group: str = ""
    author: int | None = None
    weighing: str = ""
    status: str = ""
    flagged: bool = False
    q: str = ""


def evidence_list(*, inspection: Inspection,
                  filters: EvidenceFilters = EvidenceFilters()) -> QuerySet[EvidenceRecord]:
    """The inspection's evidence as filtered, latest first by when it happened (undated
    records last), with each author and the opening of each text (``opening``)."""
    records = EvidenceRecord.objects.filter(inspection=inspection)
    if filters.question:
        records = records.filter(**{INFORMS[filters.question]: True})
    exact = {"activity": filters.activity, "author_id": filters.author,
             "weighing": filters.weighing, "status": filters.status}
    records = records.filter(**{name: value for name, value in exact.items() if value})
    if filters.aspect:
        records = records.filter(Exists(EvidenceAspect.objects.filter(
            record=OuterRef("pk"), aspect=filters.aspect)))
    if filters.group:
        records = records.filter(Exists(EvidenceGroup.objects.filter(
            record=OuterRef("pk"), group=filters.group)))
    if filters.flagged:
        records = records.filter(safeguarding=True)
    if filters.q:
        records = _searched(records, filters.q)
    return (records.select_related("author").defer("text", "search")
            .annotate(opening=Left("text", OPENING_CHARACTERS))
            .order_by(F("happened_at").desc(nulls_last=True), "-created_at", "-id"))


# The triangulation matrix ---------------------------------------------------------------------

@dataclass
class MatrixRow:
    activity: str
    label: str
    source: str  # in the matrix's warnings; empty for a source the handbook does not expect
    counts: dict[str, int] = field(default_factory=dict)  # final records, by question
    final: int = 0  # final records, whatever question
    drafts: int = 0

    @property
    def expected(self) -> bool:
        return bool(self.source)


@dataclass
class Matrix:
    rows: list[MatrixRow]
    totals: dict[str, int]  # final records, by question
    final: int
    drafts: int

    @property
    def gaps(self) -> list[tuple[str, MatrixRow]]:
        """(question, row) for each expected source with nothing final on the question,
        question by question."""
        return [(question, row) for question in QUESTIONS for row in self.rows
                if row.expected and not row.counts[question]]


def evidence_matrix(*, inspection: Inspection) -> Matrix:
    """Final evidence counted by activity and question, and drafts by activity: one query."""
    counted = (EvidenceRecord.objects.filter(inspection=inspection).order_by()
               .values("activity", "status")
               .annotate(records=Count("pk"),
                         **{question: Count("pk", filter=Q(**{name: True}))
                            for question, name in INFORMS.items()}))
    rows = {code: MatrixRow(activity=code, label=label, source=EXPECTED_SOURCES.get(code, ""),
                            counts=dict.fromkeys(QUESTIONS, 0))
            for code, label in Activity.choices}
    for found in counted:
        row = rows.get(found["activity"])
        if row is None:
            continue  # an activity since removed from the choices
        if found["status"] == EvidenceStatus.FINAL:
            row.final += found["records"]
            for question in QUESTIONS:
                row.counts[question] += found[question]
        else:
            row.drafts += found["records"]
    ordered = list(rows.values())
    return Matrix(rows=ordered,
                  totals={question: sum(row.counts[question] for row in ordered)
                          for question in QUESTIONS},
                  final=sum(row.final for row in ordered),
                  drafts=sum(row.drafts for row in ordered))


# An inspector's cumulative summary ------------------------------------------------------------

@dataclass
class SummarySection:
    question: str
    weighing: str
    label: str
    count: int
    records: list[EvidenceRecord]

    @property
    def more(self) -> int:
        return self.count - len(self.records)


def evidence_summary(*, inspection: Inspection, author: User
                     ) -> tuple[dict[str, list[SummarySection]], int]:
    """The author's final evidence on the inspection, question by question, as strengths,
    areas for development and evidence weighed as neither yet: each section's count, and
    its latest SUMMARY_SECTION_SIZE records with their aspects and groups; and the number
    of the author's drafts. A record informing two questions is in both. Twelve queries:
    the counts, one for each of the nine sections, and the aspects and groups of them all."""
    theirs = EvidenceRecord.objects.filter(inspection=inspection, author=author)
    counted = list(theirs.order_by().values("status", "weighing").annotate(
        records=Count("pk"), **{question: Count("pk", filter=Q(**{name: True}))
                                for question, name in INFORMS.items()}))
    counts = {(question, found["weighing"]): found[question] for found in counted
              if found["status"] == EvidenceStatus.FINAL for question in QUESTIONS}
    drafts = sum(found["records"] for found in counted
                 if found["status"] == EvidenceStatus.DRAFT)
    final = theirs.filter(status=EvidenceStatus.FINAL)
    sections = {question: [SummarySection(question=question, weighing=code, label=label,
                                          count=counts.get((question, code), 0),
                                          records=_section_records(final, question, code))
                           for code, label in Weighing.choices]
                for question in QUESTIONS}
    prefetch_related_objects([record for of_question in sections.values()
                              for section in of_question for record in section.records],
                             "aspects", "groups")
    return sections, drafts


def _section_records(final: QuerySet[EvidenceRecord], question: str,
                     weighing: str) -> list[EvidenceRecord]:
    return list(final.filter(**{INFORMS[question]: True}, weighing=weighing)
                .order_by(F("happened_at").desc(nulls_last=True), "-created_at", "-id")
                [:SUMMARY_SECTION_SIZE])


def request_reminded_at(*, request: InformationRequest) -> list[datetime.datetime]:
    """When the daily sweep reminded the area of the request, earliest first, in one query
    (the request page says so)."""
    return list(RequestReminder.objects.filter(request=request).order_by("created_at", "id")
                .values_list("created_at", flat=True))
