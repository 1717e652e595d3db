"""Pages of long lists whose cost does not grow with how deep the page is.

Django's Paginator counts every row (`COUNT(*)`) and reads page n with `OFFSET (n-1)*size`:
on a table of a million rows both grow with the table. A keyset page instead starts after
(or before) the last row seen, named by its ordering values: `WHERE (at, id) < (…)` reads
straight down an index on the ordering, so the thousandth page costs what the first does.
The price is that a page has no number: the list moves by Previous and Next, and a "First
page" link. Totals are counted up to a cap (`capped_count`), and a page says "more than"
beyond it. docs/decisions/0026 says why.

The ordering must end in the primary key (so it is total) and name only non-null model
fields; `"-at"` is newest first.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

# The most rows a total counts before it says "more than".
COUNT_CAP = 10_000


@dataclass(frozen=True)
class Total:
    """How many rows a list holds, counted no further than the cap."""

    count: int
    capped: bool

    def __str__(self) -> str:
        return f"More than {self.count - 1:,}" if self.capped else f"{self.count:,}"


def capped_count(queryset: QuerySet, *, cap: int = COUNT_CAP) -> Total:
    """The number of rows, reading at most cap + 1 of them: SELECT COUNT(*) FROM (… LIMIT)."""
    count = queryset.order_by()[: cap + 1].count()
    return Total(count=count, capped=count > cap)


def numbered_page(queryset: QuerySet, *, size: int, number: str | None) -> Page:
    """Page `number` of a list short enough to count and number (a few thousand rows at
    most: inspections, local areas). A number that is not one is page 1; one past the last
    page is an empty page with `beyond_end` set, so the page can say so and link back,
    rather than quietly showing another page than the one asked for."""
    paginator = Paginator(queryset, size)
    asked = int(number) if number and number.isdigit() and len(number) < 10 else 1
    if asked <= paginator.num_pages or asked == 1:
        page = paginator.page(max(asked, 1))
        page.beyond_end = False
        return page
    page = Page([], asked, paginator)
    page.beyond_end = True
    return page


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    next_cursor: str = ""
    previous_cursor: str = ""
    # Asked for with a cursor: not the first page (so a "First page" link is shown).
    is_first: bool = True

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)

    @property
    def beyond_end(self) -> bool:
        """A cursor led past the last row (the list changed, or the address was edited):
        the page says so and links back to the first page."""
        return not self.rows and not self.is_first


def keyset_page(queryset: QuerySet, *, order: tuple[str, ...], size: int,
                after: str = "", before: str = "") -> KeysetPage:
    """One page of `queryset` in `order`: the first, or the one after/before a cursor given
    by an earlier page. A cursor that does not parse is taken as none: the first page."""
    fields = [_field(queryset, name) for name in order]
    if before and (values := _decode(before, fields)) is not None:
        reversed_order = tuple(_flip(name) for name in order)
        rows = list(queryset.filter(_beyond(order=reversed_order, values=values))
                    .order_by(*reversed_order)[: size + 1])
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(
            rows=rows, is_first=False,
            next_cursor=_encode(rows[-1], order, fields) if rows else "",
            previous_cursor=_encode(rows[0], order, fields) if more_before else "")
    values = _decode(after, fields) if after else None
    if values is not None:
        queryset = queryset.filter(_beyond(order=order, values=values))
    rows = list(queryset.order_by(*order)[: size + 1])
    more_after = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows=rows, is_first=values is None,
        next_cursor=_encode(rows[-1], order, fields) if more_after else "",
        previous_cursor=_encode(rows[0], order, fields) if values is not None and rows else "")


def _flip(name: str) -> str:
    return name[1:] if name.startswith("-") else f"-{name}"


def _beyond(*, order: tuple[str, ...], values: list) -> Q:
    """Rows strictly after `values` in `order`. The leading field is also bounded on its own
    (`at <= v AND (at < v OR …)`), so the database walks the index from the cursor on."""
    condition = Q()
    for position in range(len(order) - 1, -1, -1):
        name = order[position].lstrip("-")
        lookup = "lt" if order[position].startswith("-") else "gt"
        step = Q(**{f"{name}__{lookup}": values[position]})
        condition = step if position == len(order) - 1 else \
            step | (Q(**{name: values[position]}) & condition)
    leading = order[0].lstrip("-")
    bound = "lte" if order[0].startswith("-") else "gte"
    return Q(**{f"{leading}__{bound}": values[0]}) & condition


def _field(queryset: QuerySet, name: str):
    return queryset.model._meta.get_field(name.lstrip("-"))


def _encode(row, order: tuple[str, ...], fields) -> str:
    values = [_plain(getattr(row, field.attname)) for field in fields]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _plain(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) \
        else value


def _decode(cursor: str, fields) -> list | None:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(fields):
            return None
        return [_typed(value, field) for value, field in zip(raw, fields, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError):
        return None


def _typed(value, field):
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        moment = datetime.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("a cursor's moment names its offset")
        # In UTC, as the database holds it: an offset PostgreSQL has no room for (+23:59)
        # goes, and a moment past year 9999 in UTC overflows here, not in the query.
        return moment.astimezone(datetime.UTC)
    if kind == "DateField":
        return datetime.date.fromisoformat(value)
    if kind in {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField",
                "PositiveIntegerField", "SmallIntegerField", "PositiveSmallIntegerField"}:
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2**62:
            raise ValueError("a cursor's number is a whole number in range")
        return value
    if not isinstance(value, str):
        raise ValueError("a cursor's text is text")
    return value
