"""The pages measured, each with the persona that asks for it. Their targets (the largest
inspection, a real actor, the busiest rule and region) are found by query, and deep pages by
following the lists' own pagination links, so the plan fits whatever data is loaded."""

import datetime
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from audit.models import AuditEvent
from config import clock
from deadlines.models import Deadline, DeadlineStatus
from evidence.models import EvidenceRecord
from inspections.models import Inspection
from inspections.services.common import FINISHED
from local_areas.models import LocalArea
from scripts.bench import links, processes
from scripts.bench.personas import ADMIN, DFE, LANO, LEAD, find_personas
from scripts.bench.report import AUTOSAVE_PAGE

FLOOR = "floor: accessibility statement, signed in"
# What a page must hold to count as answered: the header of a signed-in page, by default.
SIGNED_IN = "Sign out"
DEEP_HOPS = 10  # pages of Next followed for a list without page numbers


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    persona: str = ADMIN
    method: str = "GET"
    body: str = ""  # a POST's form, urlencoded
    expect: str = SIGNED_IN  # in the answer of a GET ("" for a download: its status only)

    def as_dict(self) -> dict:
        return asdict(self)


def _most(queryset, field: str):
    return (queryset.values(field).annotate(n=Count("id")).order_by("-n", field)
            .values_list(field, flat=True).first())


def _with(path: str, **query) -> str:
    return f"{path}?{urlencode(query)}"


def _dates(name: str, day: datetime.date) -> dict[str, int]:
    """A date as the day, month and year boxes of a GovukDateField send it."""
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def deadline_pages() -> list[Page]:
    running = Deadline.objects.filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED,
                                                  DeadlineStatus.MISSED])
    dashboard = reverse("deadlines:list")
    return [
        Page("deadlines dashboard", dashboard),
        Page("deadlines, by rule", _with(dashboard, rule=_most(running, "rule__code") or "")),
        Page("deadlines, by region",
             _with(dashboard, region=_most(running, "local_area__region") or "")),
        Page("deadlines, by status", _with(dashboard, status=DeadlineStatus.OPEN)),
        Page("deadlines, due last first", _with(dashboard, order="-due")),
    ]


def inspection_pages() -> list[Page]:
    largest = Inspection.objects.annotate(n=Count("meetings")).order_by("-n", "id").first()
    area = LocalArea.objects.filter(pk=_most(Inspection.objects, "local_area")).first()
    pages = [Page("inspections list", reverse("inspections:list")),
             Page("inspections schedule", reverse("inspections:schedule")),
             Page("my inspections (lead inspector)", reverse("inspections:mine"), LEAD),
             Page("your inspections (LANO)", reverse("inspections:ours"), LANO),
             Page("local areas list", reverse("local_areas:list"))]
    if area is not None:
        pages.append(Page("inspections search",
                          _with(reverse("inspections:list"), q=area.name.split()[0])))
        pages.append(Page("local area detail", reverse("local_areas:detail", args=[area.pk])))
    if largest is not None:
        pages.append(Page("inspection overview, most meetings",
                          reverse("inspections:overview", args=[largest.pk])))
        pages.append(Page("meetings log, most meetings, last page",
                          _with(reverse("inspections:meetings", args=[largest.pk]),
                                page=max(1, -(-largest.meetings.count() // 50)))))
    return pages


def audit_pages() -> list[Page]:
    trail = reverse("audit:list")
    today = clock.today()
    actor = _most(AuditEvent.objects.exclude(actor_label=""), "actor_label")
    pages = [Page("audit trail", trail),
             Page("audit trail, last 30 days",
                  _with(trail, **_dates("date_from", today - datetime.timedelta(days=30)),
                        **_dates("date_to", today)))]
    if actor:
        pages.append(Page("audit trail, by user", _with(trail, actor=actor)))
    return pages


# What an inspector types between two autosaves of the evidence form.
AUTOSAVE_TEXT = ("Leaders described how the joint commissioning board agrees priorities with "
                 "the parent carer forum; the minutes of the last three meetings show it. ")


def evidence_pages() -> list[Page]:
    """The largest evidence base, read by an admin; the evidence form's autosave, by the lead
    inspector on the open inspection of theirs with the most evidence."""
    largest = (Inspection.objects.annotate(n=Count("evidence_records")).filter(n__gt=0)
               .order_by("-n", "id").first())
    if largest is None:
        return []
    base = reverse("evidence:list", args=[largest.pk])
    word = (EvidenceRecord.objects.filter(inspection=largest).values_list("place", flat=True)
            .order_by("id").first() or "plans").split()[0]
    pages = [Page("evidence list, largest evidence base", base),
             Page("evidence list, question B from parents",
                  _with(base, question="B", activity="parents")),
             Page("evidence list, searched", _with(base, q=f"{word} plans")),
             Page("triangulation matrix, largest evidence base",
                  reverse("evidence:matrix", args=[largest.pk]))]
    lead = find_personas()[LEAD]
    own = (Inspection.objects.filter(team__user=lead).exclude(state__in=FINISHED)
           .annotate(n=Count("evidence_records")).order_by("-n", "id").first())
    if own is not None:
        pages.append(Page(AUTOSAVE_PAGE, reverse("evidence:autosave", args=[own.pk]),
                          LEAD, method="POST",
                          body=urlencode({"activity": "leaders", "informs": "B",
                                          "text": AUTOSAVE_TEXT * 8})))
    return pages


def letter_pages() -> list[Page]:
    """The public register of published letters, searched, and its newest letter; the
    restricted draft and the comments on it of the letter with the most comments."""
    from reports.models import AccuracyComment

    register = reverse("register:list")
    published = (Inspection.objects.filter(published_on__isnull=False, letter__isnull=False)
                 .order_by("-published_on", "-id"))
    pages = [Page("published letters register", register)]
    area = _most(published, "local_area__name")
    if area:
        pages.append(Page("published letters, searched", _with(register, q=area.split()[0])))
    newest = published.first()
    if newest is not None:
        pages.append(Page("published letter page",
                          reverse("register:letter", args=[newest.reference])))
    commented = _most(AccuracyComment.objects, "letter__inspection")
    if commented is not None:
        pages.append(Page("draft report, most comments",
                          reverse("reports:draft", args=[commented])))
        pages.append(Page("comments on the draft, most comments",
                          reverse("reports:comments", args=[commented])))
    return pages


def wsoa_pages() -> list[Page]:
    """The national tracker of written statements of action, filtered by the region with the
    most statements, by the stage with the most, and by the commonest pair of the two; its
    pipeline chart and its CSV export; and the statement with the most actions. Each as the
    two who track every statement: the admin and a DfE adviser."""
    from wsoa.models import Action, Wsoa

    wsoas = Wsoa.objects.all()
    if not wsoas.exists():
        return []
    tracker = reverse("wsoa:tracker")
    region, stage = _most(wsoas, "local_area__region"), _most(wsoas, "stage")
    pair = (wsoas.values("local_area__region", "stage").annotate(n=Count("id"))
            .order_by("-n", "local_area__region", "stage")
            .values_list("local_area__region", "stage").first())
    busiest = _most(Action.objects, "submission__wsoa") or wsoas.order_by("id")[0].pk
    pages = []
    for persona, who in ((ADMIN, "admin"), (DFE, "DfE adviser")):
        pages += [
            Page(f"statements of action tracker ({who})", tracker, persona),
            Page(f"statements of action, by region ({who})", _with(tracker, region=region),
                 persona),
            Page(f"statements of action, by stage ({who})", _with(tracker, stage=stage),
                 persona),
            Page(f"statements of action, by region and stage ({who})",
                 _with(tracker, region=pair[0], stage=pair[1]), persona),
            Page(f"statements of action pipeline chart ({who})",
                 reverse("wsoa:tracker-chart"), persona, expect="<svg"),
            Page(f"statements of action CSV export ({who})", reverse("wsoa:tracker-export"),
                 persona, expect=""),
            Page(f"statement of action, most actions ({who})",
                 reverse("wsoa:detail", args=[busiest]), persona),
        ]
    return pages


def plan() -> list[Page]:
    """Every page but the deep ones (which need the server to find)."""
    return [Page(FLOOR, reverse("accessibility")), *deadline_pages(), *inspection_pages(),
            *audit_pages(), Page("notifications", reverse("notifications")),
            *evidence_pages(), *letter_pages(), *wsoa_pages()]


def deepest_path(*, port: int, start: str, cookie: str, hops: int = DEEP_HOPS) -> tuple[str, int]:
    """The path reached by following the deepest pagination link from `start`, up to `hops`
    times, and how many links were followed."""
    path, followed = start, 0
    for _ in range(hops):
        status, html = processes.get(port, path, headers={"Cookie": cookie})
        if status != 200:
            raise RuntimeError(f"{path} answered {status} while looking for its deepest page")
        href = links.deepest_link(html)
        if href is None or links.resolve(path, href) == path:
            break
        path, followed = links.resolve(path, href), followed + 1
    return path, followed


def deep_pages(*, port: int, cookie: str) -> tuple[list[Page], list[str]]:
    """The deep pages, and a line for each saying where it is."""
    pages, notes = [], []
    for name, start in (("deadlines, deep page", reverse("deadlines:list")),
                        ("audit trail, deep page", reverse("audit:list"))):
        path, followed = deepest_path(port=port, start=start, cookie=cookie)
        pages.append(Page(name, path))
        notes.append(f"{name}: {path} ({followed} pagination link{'s' if followed != 1 else ''}"
                     " followed)")
    return pages, notes
