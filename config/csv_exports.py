"""CSV exports streamed in blocks, with cells a spreadsheet would read as formulas made
text: the national list of clocks and the tracker of written statements of action."""

import csv
import io
import itertools
from collections.abc import Callable, Iterator

# A cell starting with one of these is a formula to a spreadsheet: a leading apostrophe
# makes it text (OWASP's advice on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_BLOCK = 2000


def csv_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_blocks(rows, *, header: list[str], row: Callable[[object], list],
               per_block: int = ROWS_PER_BLOCK) -> Iterator[str]:
    """The CSV as text blocks of many rows each: the header at once, before the query
    runs, then `per_block` rows at a time, each made by `row` from the queryset's values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(header)
    yield taken()
    values = rows.iterator(chunk_size=per_block)
    while batch := list(itertools.islice(values, per_block)):
        writer.writerows(row(value) for value in batch)
        yield taken()
