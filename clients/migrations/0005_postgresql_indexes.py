"""PostgreSQL-only indexes for the dashboard.

Full-text indexes with exactly the expressions of clients.dashboard._search, so the planner
uses them (SQLite's search is a plain substring match), and the last-contact order with
never-contacted clients last, which SQLite cannot index.
"""

from django.db import migrations

INDEXES = {
    "client_by_contact_nulls_last": (
        "clients_client",
        "owner_id, archived, last_contact_at DESC NULLS LAST, name, id",
        "btree",
    ),
    "interaction_notes_search": (
        "clients_interaction",
        "(to_tsvector('simple'::regconfig, COALESCE(notes, '') || ' ' || COALESCE(questions, '')))",
        "gin",
    ),
    "observation_note_search": (
        "clients_observation",
        "(to_tsvector('simple'::regconfig, COALESCE(note, '')))",
        "gin",
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns, method) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING {method} ({columns})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0004_dashboard_order_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
