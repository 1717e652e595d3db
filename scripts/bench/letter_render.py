"""How long WeasyPrint takes to render the real Medway letter (10 pages), as the median of
several runs, beside a one-paragraph document in the same template: the ratio says how much
of the time is the letter's own length rather than starting a render."""

import dataclasses
import io
import statistics
import time

from pypdf import PdfReader

RUNS = 10


@dataclasses.dataclass(frozen=True)
class RenderTimes:
    medway_s: float
    one_paragraph_s: float
    pages: int
    runs: int

    @property
    def ratio(self) -> float:
        return self.medway_s / self.one_paragraph_s


def one_paragraph(content):
    """The letter's template holding one paragraph and nothing else."""
    return dataclasses.replace(
        content, letterhead=[], addressee=[], also_addressed=[], salutation="",
        opening=content.opening[:1], main_findings=[], sections=[], closing=[],
        significant_weaknesses=[], sign_off="", signatories=[], cc=[])


def _median_seconds(render, runs: int) -> tuple[float, bytes]:
    times, pdf = [], b""
    render()  # the first render loads fonts and templates: not counted
    for _ in range(runs):
        started = time.perf_counter()
        pdf = render()
        times.append(time.perf_counter() - started)
    return statistics.median(times), pdf


def render_times(runs: int = RUNS) -> RenderTimes:
    from reports.content import medway_content
    from reports.pdf import render_letter_pdf

    medway = medway_content()
    medway_s, pdf = _median_seconds(lambda: render_letter_pdf(medway, draft=False), runs)
    short = one_paragraph(medway)
    short_s, _ = _median_seconds(lambda: render_letter_pdf(short, draft=False), runs)
    return RenderTimes(medway_s=medway_s, one_paragraph_s=short_s,
                       pages=len(PdfReader(io.BytesIO(pdf)).pages), runs=runs)
