"""The parts of `make bench` that decide what its figures say: percentiles, the table and its
targets, the deepest page link, and reading benchmark_deadlines.py's output. Nothing here
times anything."""

import math

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from config.pagination import KeysetPage
from scripts.bench import downloads, links, report

FLOOR = "floor"


# Percentiles and the table --------------------------------------------------------------------

def test_percentile_is_the_nearest_rank():
    values = list(range(100, 0, -1))  # 1 to 100, out of order
    assert report.percentile(values, 50) == 50
    assert report.percentile(values, 95) == 95
    assert report.percentile(values, 99) == 99
    assert report.percentile([7, 1, 3, 5], 50) == 3
    assert report.percentile([42], 99) == 42


def test_percentile_of_nothing_is_refused():
    with pytest.raises(ValueError):
        report.percentile([], 50)


def test_failed_requests_are_errors_and_not_times():
    samples = [["a", 10, True, 0], ["a", 20, True, 0], ["a", 5000, False, 0], ["b", 1, True, 0]]
    [a, c] = report.page_figures(samples, ["a", "c"])
    assert (a.samples, a.p99, a.errors) == (2, 20, 1)
    assert c.samples == 0 and math.isnan(c.p95)


@pytest.mark.parametrize("p95,floor_p95,errors,met", [
    (150, 50, 0, True),    # at both limits
    (151, 60, 0, False),   # over 150 ms
    (100, 30, 0, False),   # over 3 × the floor
    (90, 30, 0, True),
    (20, 10, 1, False),    # a failed request
])
def test_a_page_meets_its_target_within_150_ms_and_3_floors_without_errors(
        p95, floor_p95, errors, met):
    assert report.page_target_met(p95=p95, floor_p95=floor_p95, errors=errors) is met


@pytest.mark.parametrize("p95,met", [(50, True), (51, False)])
def test_the_evidence_autosave_meets_its_target_within_50_ms(p95, met):
    assert report.page_target_met(p95=p95, floor_p95=40, errors=0,
                                  name=report.AUTOSAVE_PAGE) is met
    assert report.page_target_met(p95=p95, floor_p95=40, errors=0, name="a page")


def test_the_table_gives_each_page_its_ratio_to_the_floor_and_its_verdict():
    samples = ([[FLOOR, 10, True, 0]] * 100 + [["list", 25, True, 0]] * 100
               + [["slow", 200, True, 0]] * 99 + [["slow", 9, False, 0]])
    table = report.page_table(report.page_figures(samples, [FLOOR, "list", "slow"]),
                              floor=FLOOR).splitlines()
    assert table[0].startswith("| page | samples | p50 ms | p95 ms | p99 ms | errors |")
    assert table[2] == "| floor | 100 | 10 | 10 | 10 | 0 | 1.0 | yes |"
    assert table[3] == "| list | 100 | 25 | 25 | 25 | 0 | 2.5 | yes |"
    assert table[4] == "| slow | 99 | 200 | 200 | 200 | 1 | 20.0 | **no** |"


def test_pages_with_fewer_than_100_samples_are_named():
    figures = report.page_figures([["a", 1, True, 0]] * 100 + [["b", 1, True, 0]] * 99,
                                  ["a", "b"])
    assert report.few_samples(figures) == ["b"]


def test_throughput_counts_successes_over_the_span_of_the_requests():
    # Four requests of 0.5 s each, the first starting at 9.5 and the last ending at 11.5.
    samples = [["d", 500, True, 10.0], ["d", 500, True, 10.5], ["d", 500, False, 11.0],
               ["d", 500, True, 11.5]]
    assert report.throughput(samples) == (1.5, 1)


# The CSV export -------------------------------------------------------------------------------

@pytest.mark.parametrize("first_byte_s,total_s,rows,met", [
    (0.9, 4.9, 100_000, True),
    (1.1, 2.0, 100_000, False),   # first byte too late
    (0.5, 5.1, 100_000, False),
    (0.5, 9.0, 200_000, True),    # 5 s per 100,000 rows
    (0.5, 5.1, 30, False),        # fewer rows are no excuse
])
def test_csv_target(first_byte_s, total_s, rows, met):
    assert report.csv_target_met(first_byte_s=first_byte_s, total_s=total_s, rows=rows) is met


def test_csv_rows_are_records_not_lines():
    body = b'Case,Rule\n"SEND-1","two\nlines"\nSEND-2,x\n'
    assert downloads.csv_rows(body) == 2
    assert downloads.csv_rows(b"Case,Rule\n") == 0


# The deepest page link ------------------------------------------------------------------------

def _numbered(number: int, rows: int = 1000) -> str:
    page = Paginator(list(range(rows)), 10).page(number)
    body = render_to_string("includes/pagination.html", {"page": page, "query": "rule=x"})
    return f'<a href="?page=999">not pagination</a>{body}'


def test_the_deepest_numbered_link_is_the_last_page():
    assert links.deepest_link(_numbered(1)) == "?rule=x&page=100"
    assert links.deepest_link(_numbered(50)) == "?rule=x&page=100"


def test_the_last_numbered_page_links_no_deeper():
    assert links.deepest_link(_numbered(100)) is None


def test_a_list_that_fits_one_page_has_no_deeper_link():
    assert links.deepest_link(_numbered(1, rows=5)) is None


def _keyset(**cursors) -> str:
    return render_to_string("includes/keyset_pagination.html",
                            {"page": KeysetPage(rows=[], **cursors), "query": ""})


def test_a_keyset_list_is_followed_by_its_next_link():
    assert links.deepest_link(_keyset(next_cursor="abc", previous_cursor="xyz",
                                      is_first=False)) == "?after=abc"


def test_the_last_keyset_page_links_no_deeper():
    assert links.deepest_link(_keyset(previous_cursor="xyz", is_first=False)) is None


def test_a_link_given_as_a_query_is_resolved_on_the_list_path():
    assert links.resolve("/audit/?page=2", "?page=9") == "/audit/?page=9"
    assert links.resolve("/audit/", "/audit/?after=a") == "/audit/?after=a"


# benchmark_deadlines.py's output ---------------------------------------------------------------

OUTPUT = """database: postgresql; sweep day 2026-03-04; emails queued Redis
sweep, 1,000 open deadlines all due: 0.31 s, 18 queries, SweepResult(missed=0, reminders=1000)
sweep, 1,000,000 open deadlines of which 1,000 due: 7.50 s, 99 queries, SweepResult()
sweep, 100,000 open deadlines of which 1,000 due: 0.42 s, 18 queries, SweepResult()
emails: 2,000 messages sent by the worker within 3.1 s of the sweep; 0 reminders unsent
"""


def test_the_sweep_is_found_by_its_whole_numbers():
    assert report.parse_sweep(OUTPUT, open_count=100_000, due=1_000) == report.Sweep(0.42, 18)
    assert report.parse_sweep(OUTPUT, open_count=1_000_000, due=1_000) == report.Sweep(7.5, 99)
    assert report.parse_sweep(OUTPUT, open_count=1_000, due=1_000) == report.Sweep(0.31, 18)


def test_100000_is_not_found_inside_a_larger_number():
    only_a_million = "\n".join(line for line in OUTPUT.splitlines()
                               if not line.startswith("sweep, 100,000"))
    assert report.parse_sweep(only_a_million, open_count=100_000, due=1_000) is None
    assert report.parse_sweep("sweep, 10,000 open deadlines of which 1,000 due: 1.00 s, 1 queries",
                              open_count=100_000, due=1_000) is None


@pytest.mark.parametrize("text,found", [
    ("100000", True), ("100,000", True), ("1000000", False), ("1,100,000", False),
    ("100,0000", False), ("100000.5", False), ("2100000", False),
])
def test_a_whole_number_matches_only_itself(text, found):
    import re

    assert bool(re.search(report.whole_number(100_000), text)) is found


def test_a_line_of_output_is_read_by_its_start():
    assert report.parse_line(OUTPUT, "emails:").startswith("2,000 messages sent")
    assert report.parse_line(OUTPUT, "celery worker peak memory (VmHWM):") is None


# docs/benchmarks.md ---------------------------------------------------------------------------

def test_the_latest_run_replaces_the_previous_one_and_nothing_else():
    first = report.replace_section("# Benchmarks\n\nIntro.\n", "## Run 1")
    assert first.startswith("# Benchmarks\n\nIntro.\n\n")
    second = report.replace_section(first + "\nAfter.\n", "## Run 2")
    assert "## Run 2" in second and "## Run 1" not in second
    assert second.startswith("# Benchmarks\n\nIntro.\n") and second.endswith("\nAfter.\n")
    assert second.count(report.SECTION_START) == 1
