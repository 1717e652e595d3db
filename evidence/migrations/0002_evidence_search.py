"""Searching the evidence list reads an index on PostgreSQL.

The index is on the very expression evidence.selectors.search_vector() gives the query: the
words of the text, the place and who took part, in English. PostgreSQL uses an expression
index only for a query written with the same expression, so the two are kept the same (a
test reads the query plan). SQLite (development only) searches by "contains", and has no
such index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = "evidence_search_idx"


def _index() -> GinIndex:
    return GinIndex(SearchVector("text", "place", "participants", config="english"),
                    name=INDEX)


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("evidence", "EvidenceRecord"), _index())


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("evidence", "EvidenceRecord"), _index())


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [migrations.RunPython(up, down)]
