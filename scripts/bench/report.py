"""Figures into words: percentiles, the page table, targets met or not, the other lines, and
the section of docs/benchmarks.md they replace. Pure functions: nothing here measures."""

import math
import re
from dataclasses import dataclass

# Targets (docs/decisions/0026 and the benchmark's issue).
PAGE_P95_MS = 150
# The evidence form's autosave, asked for every few seconds while an inspector types.
AUTOSAVE_PAGE, AUTOSAVE_P95_MS = "evidence autosave", 50
FLOOR_RATIO = 3
CSV_FIRST_BYTE_S = 1.0
CSV_ROWS, CSV_TOTAL_S = 100_000, 5.0
SWEEP_S = 1.0
WEB_WORKER_MB = 250
ENOUGH_SAMPLES = 100

SECTION_START = "<!-- make bench: latest run -->"
SECTION_END = "<!-- make bench: end -->"


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value with at least p% of them at or below."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


@dataclass(frozen=True)
class PageFigures:
    name: str
    samples: int
    p50: float
    p95: float
    p99: float
    errors: int


def page_figures(samples: list[list], names: list[str]) -> list[PageFigures]:
    """Figures per page, in the order of `names`, from [name, ms, ok, ...] samples. A failed
    request counts as an error and not in the times."""
    figures = []
    for name in names:
        times = [s[1] for s in samples if s[0] == name and s[2]]
        errors = sum(1 for s in samples if s[0] == name and not s[2])
        if times:
            figures.append(PageFigures(name, len(times), percentile(times, 50),
                                       percentile(times, 95), percentile(times, 99), errors))
        else:
            figures.append(PageFigures(name, 0, math.nan, math.nan, math.nan, errors))
    return figures


def page_target_met(*, p95: float, floor_p95: float, errors: int, name: str = "") -> bool:
    """p95 ≤ 150 ms (50 ms for the autosave) and ≤ 3 × the floor's p95, with no request
    failing."""
    limit = AUTOSAVE_P95_MS if name == AUTOSAVE_PAGE else PAGE_P95_MS
    return errors == 0 and p95 <= limit and p95 <= FLOOR_RATIO * floor_p95


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0f}"


def yes_no(met: bool) -> str:
    return "yes" if met else "**no**"


def page_table(figures: list[PageFigures], *, floor: str) -> str:
    floor_p95 = next(f.p95 for f in figures if f.name == floor)
    lines = ["| page | samples | p50 ms | p95 ms | p99 ms | errors | p95 ÷ floor p95 "
             "| target met |", "|---|--:|--:|--:|--:|--:|--:|---|"]
    for f in figures:
        ratio = f.p95 / floor_p95 if floor_p95 and not math.isnan(f.p95) else math.nan
        met = not math.isnan(f.p95) and page_target_met(p95=f.p95, floor_p95=floor_p95,
                                                         errors=f.errors, name=f.name)
        lines.append(f"| {f.name} | {f.samples} | {_ms(f.p50)} | {_ms(f.p95)} | {_ms(f.p99)} "
                     f"| {f.errors} | {'–' if math.isnan(ratio) else f'{ratio:.1f}'} "
                     f"| {yes_no(met)} |")
    return "\n".join(lines)


def throughput(samples: list[list]) -> tuple[float, int]:
    """Successful requests a second over the span of [name, ms, ok, ended_at] samples, and
    the failures."""
    ok = sum(1 for s in samples if s[2])
    span = max(s[3] for s in samples) - min(s[3] - s[1] / 1000 for s in samples)
    return (ok / span if span > 0 else math.nan), len(samples) - ok


def few_samples(figures: list[PageFigures]) -> list[str]:
    return [f.name for f in figures if f.samples < ENOUGH_SAMPLES]


# The CSV export -------------------------------------------------------------------------------

def csv_target_met(*, first_byte_s: float, total_s: float, rows: int) -> bool:
    """First byte within 1 s; the whole within 5 s per 100,000 rows (5 s for fewer)."""
    return (first_byte_s <= CSV_FIRST_BYTE_S
            and total_s <= CSV_TOTAL_S * max(1.0, rows / CSV_ROWS))


# The deadline sweep (scripts/benchmark_deadlines.py) -----------------------------------------

def whole_number(n: int) -> str:
    """A pattern matching n written with or without thousands commas, and never as part of a
    longer number (100,000 is not found in 1,100,000 or 1000000)."""
    return rf"(?<![\d,.])(?:{re.escape(f'{n:,}')}|{n})(?![\d,]|\.\d)"


@dataclass(frozen=True)
class Sweep:
    seconds: float
    queries: int


def parse_sweep(output: str, *, open_count: int, due: int) -> Sweep | None:
    """The sweep over `open_count` open deadlines of which `due` are due, as
    benchmark_deadlines.py reports it; None if it reports no such sweep."""
    if open_count == due:
        shape = rf"{whole_number(open_count)} open deadlines all due"
    else:
        shape = (rf"{whole_number(open_count)} open deadlines of which "
                 rf"{whole_number(due)} due")
    found = re.search(rf"^sweep, {shape}: ([\d.]+) s, (\d+) queries", output, re.MULTILINE)
    return Sweep(float(found[1]), int(found[2])) if found else None


def parse_line(output: str, start: str) -> str | None:
    """The rest of the first line of output beginning with `start`."""
    found = re.search(rf"^{re.escape(start)}\s*(.*)$", output, re.MULTILINE)
    return found[1].strip() if found else None


# docs/benchmarks.md ----------------------------------------------------------------------------

def replace_section(document: str, section: str) -> str:
    """The document with the latest run's section replaced (or added at the end)."""
    block = f"{SECTION_START}\n{section.strip()}\n{SECTION_END}"
    pattern = re.compile(re.escape(SECTION_START) + r".*?" + re.escape(SECTION_END), re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _: block, document, count=1)
    return document.rstrip() + "\n\n" + block + "\n"
