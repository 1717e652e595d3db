"""Keyset pages: every row once, in order, forwards and back, with ties on the leading key."""

import datetime

import pytest

from audit.models import AuditEvent
from config.pagination import capped_count, keyset_page

pytestmark = pytest.mark.django_db
ORDER = ("-at", "-id")
START = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)


@pytest.fixture
def events():
    # 23 events on 8 moments: several share a moment, so the id breaks ties.
    AuditEvent.objects.bulk_create(
        AuditEvent(at=START + datetime.timedelta(minutes=n // 3), action="test.event",
                   actor_label=f"user{n}") for n in range(23))
    return list(AuditEvent.objects.order_by(*ORDER))


def _walk_forwards(size):
    page, seen = keyset_page(AuditEvent.objects.all(), order=ORDER, size=size), []
    pages = [page]
    while True:
        seen += page.rows
        if not page.has_next:
            return seen, pages
        page = keyset_page(AuditEvent.objects.all(), order=ORDER, size=size,
                           after=page.next_cursor)
        pages.append(page)


def test_walking_forwards_gives_every_row_once_in_order(events):
    seen, pages = _walk_forwards(5)
    assert seen == events
    assert [len(page.rows) for page in pages] == [5, 5, 5, 5, 3]
    assert pages[0].is_first and not pages[0].has_previous
    assert all(page.has_previous and not page.is_first for page in pages[1:])


def test_walking_back_from_the_last_page_gives_the_same_pages(events):
    _, pages = _walk_forwards(5)
    page, back = pages[-1], [pages[-1].rows]
    while page.has_previous:
        page = keyset_page(AuditEvent.objects.all(), order=ORDER, size=5,
                           before=page.previous_cursor)
        back.append(page.rows)
    assert back[::-1] == [p.rows for p in pages]
    assert page.has_next


def test_a_cursor_past_the_last_row_is_an_empty_page_beyond_the_end(events):
    _, pages = _walk_forwards(5)
    last = pages[-2]  # its next cursor names the last row of the fourth page
    # The list without the last page's rows, as if they had gone since it was read.
    beyond = keyset_page(AuditEvent.objects.filter(pk__in=[e.pk for e in events[:20]]),
                         order=ORDER, size=5, after=last.next_cursor)
    assert beyond.rows == [] and beyond.beyond_end and not beyond.has_next


@pytest.mark.parametrize("cursor", ["", "not base64!", "bnVsbA", "WzEsIDIsIDNd",
                                    "WyIyMDI2LTAzLTAyVDA5OjAwOjAwIiwgMV0",
                                    "WyJ0b21vcnJvdyIsIDFd",
                                    "WyIyMDI2LTAzLTAyVDA5OjAwOjAwKzAwOjAwIiwgdHJ1ZV0"])
def test_a_cursor_that_does_not_parse_is_the_first_page(events, cursor):
    page = keyset_page(AuditEvent.objects.all(), order=ORDER, size=5, after=cursor)
    assert page.rows == events[:5] and page.is_first


def test_a_capped_count_stops_at_the_cap(events):
    assert (capped_count(AuditEvent.objects.all(), cap=30).count,
            str(capped_count(AuditEvent.objects.all(), cap=30))) == (23, "23")
    capped = capped_count(AuditEvent.objects.all(), cap=10)
    assert capped.capped and str(capped) == "More than 10"
