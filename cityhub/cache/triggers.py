"""Every table announces its writes, whoever makes them (this server, another one, the CLI,
a psql session): installed after the migrations for every model's table, so a domain's
new table is covered without anyone remembering it.

- SQLite: row triggers count each table's changes in ``cache_generation``; the count moves
  in the writing transaction, so it is committed exactly when the rows are.
- PostgreSQL: a statement trigger sends ``NOTIFY cityhub_cache, '<table>'``, which
  PostgreSQL delivers to every listening process when (and only if) the transaction commits.
"""

from __future__ import annotations

import re

from tortoise import Tortoise, connections

CHANNEL = "cityhub_cache"
GENERATIONS = "cache_generation"
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")

_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION cityhub_cache_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
  RETURN NULL;
END $$;
"""


def model_tables() -> list[str]:
    """The tables of every installed model (plain identifiers: they are written into SQL)."""
    tables = sorted(
        {
            model._meta.db_table
            for app in Tortoise.apps.values()
            for model in app.values()
            if model._meta.db_table
        }
    )
    for table in tables:
        if not _IDENTIFIER.fullmatch(table):
            raise ValueError(f"table name {table!r} is not a plain SQL identifier")
    return tables


def _sqlite_script(tables: list[str]) -> str:
    statements = [
        f"CREATE TABLE IF NOT EXISTS {GENERATIONS} "
        "(name TEXT PRIMARY KEY, generation INTEGER NOT NULL DEFAULT 0)"
    ]
    for table in tables:
        # Table names are model metadata checked by model_tables, never input.
        statements.append(f"INSERT OR IGNORE INTO {GENERATIONS} (name) VALUES ('{table}')")  # noqa: S608
        for operation in OPERATIONS:
            statements.append(
                f'CREATE TRIGGER IF NOT EXISTS "cache_touch_{table}_{operation.lower()}" '  # noqa: S608
                f'AFTER {operation} ON "{table}" BEGIN UPDATE {GENERATIONS} '
                f"SET generation = generation + 1 WHERE name = '{table}'; END"
            )
    return ";\n".join(statements) + ";"


def _postgres_script(tables: list[str]) -> str:
    statements = [_POSTGRES_FUNCTION]
    for table in tables:
        statements.append(
            f"CREATE OR REPLACE TRIGGER cityhub_cache_touch AFTER INSERT OR UPDATE OR DELETE "
            f'OR TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION cityhub_cache_touch();'
        )
    return "\n".join(statements)


async def install(is_sqlite: bool) -> None:
    """Create (or refresh) the triggers; run after every migration."""
    tables = model_tables()
    script = _sqlite_script(tables) if is_sqlite else _postgres_script(tables)
    await connections.get("default").execute_script(script)
