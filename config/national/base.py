"""What the national-scale generators share: the run (its scale, today, the working-day
calendar, random numbers of its own for each generator), and writing rows in batches.

Every generator draws from `run.rng(name)`, a random.Random seeded from the run's seed and
the generator's name, so one generator drawing more numbers never changes what another
makes: a capability that adds its own objects later adds a generator, and the rows the
others make stay as they were.
"""

import csv
import dataclasses
import datetime
import io
import json
import random
import sys
from collections.abc import Callable, Iterable
from itertools import islice

from django.db import connection
from tqdm import tqdm

from config.clock import ENGLAND
from deadlines.calendar import WorkingDayCalendar

BATCH = 5000
SEED = 20161203
YEARS = 10


@dataclasses.dataclass
class Run:
    fraction: float
    today: datetime.date
    now: datetime.datetime
    calendar: WorkingDayCalendar
    progress: bool = False
    seed: int = SEED
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    # What one generator hands the next: users, areas, inspections, deadlines.
    shared: dict = dataclasses.field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")  # noqa: S311 - demo data, not secrets

    def scaled(self, n: int, minimum: int = 1) -> int:
        return max(minimum, round(n * self.fraction))

    @property
    def window_start(self) -> datetime.date:
        """The first day of the ten years the data covers."""
        return self.today.replace(year=self.today.year - YEARS)

    def add_wd(self, day: datetime.date, n: int) -> datetime.date:
        return self.calendar.add_working_days(day, n)

    def week_start(self, day: datetime.date) -> datetime.date:
        """The first working day of the week of `day`."""
        monday = day - datetime.timedelta(days=day.weekday())
        return self.calendar.next_working_day_on_or_after(monday)


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """That time of day in England."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ENGLAND)


def day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def bulk_insert(run: Run, model, rows: Iterable, *, total: int | None = None, desc: str = "",
                keep: Callable | None = None) -> list:
    """Insert rows from `rows` (a generator, so they are never all in memory) in batches of
    BATCH; return keep(instance) for each saved instance when `keep` is given (the primary
    key is set by then).

    Rows are model instances, written with bulk_create; or, for the largest tables, dicts of
    every column by attribute name (`actor_id`), which skip building a model instance each:
    on PostgreSQL they are streamed with COPY (ids drawn from the table's sequence first when
    they are kept), elsewhere made into instances for bulk_create. A dict row gets its "id"
    and is what `keep` is given.
    """
    kept: list = []
    rows = iter(rows)
    with tqdm(total=total, desc=desc or model._meta.verbose_name_plural, unit=" rows",
              disable=not run.progress, file=sys.stderr, mininterval=1, leave=True) as bar:
        while batch := list(islice(rows, BATCH)):
            if isinstance(batch[0], dict):
                if connection.vendor == "postgresql":
                    if keep is not None:
                        for row, pk in zip(batch, _next_ids(model, len(batch)), strict=True):
                            row["id"] = pk
                    _copy(model, batch)
                else:
                    made = model.objects.bulk_create([model(**row) for row in batch],
                                                     batch_size=BATCH)
                    for row, instance in zip(batch, made, strict=True):
                        row["id"] = instance.pk
            else:
                model.objects.bulk_create(batch, batch_size=BATCH)
            if keep is not None:
                kept.extend(keep(instance) for instance in batch)
            run.counts[model._meta.label] = run.counts.get(model._meta.label, 0) + len(batch)
            bar.update(len(batch))
    return kept


_NULL = r"\N"


def _copy_value(value):
    if value is None:
        return _NULL
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, datetime.date):  # dates and datetimes (aware: with their offset)
        return value.isoformat()
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def _next_ids(model, n: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                       "FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, n])
        return [pk for (pk,) in cursor.fetchall()]


def _copy(model, batch: list[dict]) -> None:
    """COPY the rows into the model's table: the same rows bulk_create would write."""
    names = list(batch[0])
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column)
                        for name in names)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in batch:
        writer.writerow([_copy_value(row[name]) for name in names])
    buffer.seek(0)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, "
                                  f"NULL '{_NULL}')", buffer)


FIRST_NAMES = [
    "Aisha", "Alex", "Amelia", "Ben", "Bethan", "Callum", "Chloe", "Daniel", "Deepa", "Eleanor",
    "Emeka", "Fatima", "Finn", "Gemma", "George", "Hannah", "Harpreet", "Isaac", "Jade", "James",
    "Joanne", "Kamal", "Kate", "Leon", "Lucy", "Mark", "Megan", "Mohammed", "Nadia", "Neil",
    "Olivia", "Patrick", "Rachel", "Rhys", "Sara", "Simon", "Sophie", "Tariq", "Yasmin", "Zoe",
]
LAST_NAMES = [
    "Ahmed", "Atkinson", "Baker", "Bhatt", "Brooks", "Campbell", "Carter", "Chowdhury", "Clarke",
    "Davies", "Dixon", "Edwards", "Evans", "Fletcher", "Foster", "Green", "Hughes", "Hussain",
    "Jackson", "Jones", "Kaur", "Khan", "Lewis", "Lloyd", "Martin", "Mensah", "Mitchell",
    "Morgan", "Nowak", "Osei", "Owen", "Parker", "Patel", "Roberts", "Robinson", "Singh",
    "Taylor", "Thompson", "Walker", "Williams",
]


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
