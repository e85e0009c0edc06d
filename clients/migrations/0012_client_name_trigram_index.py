"""PostgreSQL: a trigram index for the dashboard's search of names and organisations.

Django's `icontains` is UPPER(column) LIKE UPPER('%text%'), which a btree cannot serve: the
search read every client of the table. A pg_trgm GIN index on the same expressions finds a
thousand matches among 10,000 clients in under a millisecond. pg_trgm ships with PostgreSQL
and is a trusted extension (PostgreSQL 13+: the database's owner may create it); where it
cannot be created, the migration says so and the search still works, only slower.
"""

import sys

from django.db import DatabaseError, migrations, transaction

INDEX = "client_name_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        print(f"\n  pg_trgm unavailable ({error}); the search works without it.", file=sys.stderr)
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON clients_client USING gin "
        "(UPPER(name::text) gin_trgm_ops, UPPER(organisation::text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0011_today_strip_columns")]

    operations = [migrations.RunPython(create_index, drop_index)]
