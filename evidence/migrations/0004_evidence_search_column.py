"""On PostgreSQL, each record keeps the words it is searched by in a column of its own.

The expression index of 0002 served a search only when the planner chose it: for a common
word on a large evidence base it read the inspection's records instead and worked out each
one's words again (180 ms for 5,000 records). The words are now kept in `search`, filled by
PostgreSQL's own trigger for the purpose (tsvector_update_trigger, from the text, the place
and who took part, in English) on every insert and update, however the row is written; the
GIN index is on that column. SQLite (development only) keeps the column empty and searches
by "contains".
"""

import django.contrib.postgres.search
from django.db import migrations

# Written out whole rather than put together: the names are this migration's own.
UP = [
    "DROP INDEX IF EXISTS evidence_search_idx",
    "CREATE TRIGGER evidence_search_update BEFORE INSERT OR UPDATE ON evidence_evidencerecord "
    "FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search, 'pg_catalog.english', "
    "text, place, participants)",
    "UPDATE evidence_evidencerecord SET search = to_tsvector('pg_catalog.english', "
    "coalesce(text, '') || ' ' || coalesce(place, '') || ' ' || coalesce(participants, ''))",
    "CREATE INDEX evidence_search_idx ON evidence_evidencerecord USING gin (search)",
]
DOWN = [
    "DROP INDEX IF EXISTS evidence_search_idx",
    "DROP TRIGGER IF EXISTS evidence_search_update ON evidence_evidencerecord",
    "CREATE INDEX evidence_search_idx ON evidence_evidencerecord USING gin "
    "(to_tsvector('english'::regconfig, ((((COALESCE(text, ''::text) || ' '::text) || "
    "(COALESCE(place, ''::character varying))::text) || ' '::text) || "
    "COALESCE(participants, ''::text))))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_request_reminders")]

    operations = [
        migrations.AddField(
            model_name="evidencerecord", name="search",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
        migrations.RunPython(_run(UP), _run(DOWN)),
    ]
