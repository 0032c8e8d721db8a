"""Database triggers that refuse UPDATE and DELETE on the ledger's append-only tables.

They hold whatever the application does: a bug, a bulk `.update()`, raw SQL or a careless administrator. Somebody
with the database owner's rights can still drop them; `qauipsiz verify` is what catches that.
"""

from django.core.exceptions import ImproperlyConfigured

APPEND_ONLY_TABLES = ("ledger_ledgerentry", "ledger_digest", "ledger_signature", "ledger_tombstone")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION qauipsiz_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'qauipsiz: % on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def create_triggers(connection, tables=APPEND_ONLY_TABLES) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in tables:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cursor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                               "FOR EACH ROW EXECUTE FUNCTION qauipsiz_append_only()")
        elif connection.vendor == "sqlite":
            for table in tables:
                for operation in ("UPDATE", "DELETE"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation.lower()}")
                    cursor.execute(f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                                   f"BEGIN SELECT RAISE(ABORT, 'qauipsiz: {operation} on {table} is refused: the "
                                   "table is append-only'); END")
        else:
            raise ImproperlyConfigured(f"Qauipsiz runs on SQLite or PostgreSQL, not {connection.vendor}")


def drop_triggers(connection, tables=APPEND_ONLY_TABLES) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            else:
                for operation in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")
