"""The audit trail's append-only guard, as SQL for PostgreSQL and SQLite (installed by migration 0004).

An entry is inserted unchained; afterwards the only change allowed is setting its three chain columns (seq,
prev_hash, hash) once, from NULL, leaving every recorded column as it was. Every other UPDATE and every DELETE
is refused, whoever sends it. Someone who can drop the triggers can still edit rows; `manage.py audit_verify`
then finds the break in the hash chain.

SQLite rebuilds a table to alter most of its columns, which drops the table's triggers; so on SQLite the guard
is also installed after every `migrate` (`AgentsConfig.ready`, post_migrate), idempotently.
"""

RECORDED = ("id", "created_at", "actor_id", "action", "target_type", "target_id", "customer_id", "ticket_id", "ip",
            "data")
CHAIN = ("seq", "prev_hash", "hash")

PG_INSTALL = r"""
CREATE OR REPLACE FUNCTION agents_auditentry_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit trail: entry % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.seq IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.hash IS NOT NULL THEN
      RAISE EXCEPTION 'audit trail: an entry is inserted unchained' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.seq IS NOT NULL OR OLD.prev_hash IS NOT NULL OR OLD.hash IS NOT NULL
     OR NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL
     OR ROW(%(new)s) IS DISTINCT FROM ROW(%(old)s) THEN
    RAISE EXCEPTION 'audit trail: entry % cannot change (only its chain link is set, once)', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER agents_auditentry_guard
  BEFORE INSERT OR UPDATE OR DELETE ON agents_auditentry
  FOR EACH ROW EXECUTE FUNCTION agents_auditentry_guard();
""".replace("%(new)s", ", ".join(f"NEW.{c}" for c in RECORDED)).replace(
    "%(old)s", ", ".join(f"OLD.{c}" for c in RECORDED)
)

PG_REMOVE = """
DROP TRIGGER IF EXISTS agents_auditentry_guard ON agents_auditentry;
DROP FUNCTION IF EXISTS agents_auditentry_guard();
"""

_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in RECORDED)
_OLD_CHAINED = " OR ".join(f"OLD.{c} IS NOT NULL" for c in CHAIN)
_NEW_UNCHAINED = " OR ".join(f"NEW.{c} IS NULL" for c in CHAIN)
_NEW_CHAINED = " OR ".join(f"NEW.{c} IS NOT NULL" for c in CHAIN)

SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS agents_auditentry_no_delete BEFORE DELETE ON agents_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit trail: an entry cannot be deleted'); END",
    f"CREATE TRIGGER IF NOT EXISTS agents_auditentry_chain_once BEFORE UPDATE ON agents_auditentry "
    f"WHEN {_OLD_CHAINED} OR {_NEW_UNCHAINED} OR {_CHANGED} "
    "BEGIN SELECT RAISE(ABORT, 'audit trail: an entry cannot change (only its chain link is set, once)'); END",
    f"CREATE TRIGGER IF NOT EXISTS agents_auditentry_insert_unchained BEFORE INSERT ON agents_auditentry "
    f"WHEN {_NEW_CHAINED} "
    "BEGIN SELECT RAISE(ABORT, 'audit trail: an entry is inserted unchained'); END",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS agents_auditentry_no_delete",
    "DROP TRIGGER IF EXISTS agents_auditentry_chain_once",
    "DROP TRIGGER IF EXISTS agents_auditentry_insert_unchained",
]


def install(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_INSTALL, params=None)  # None: the % in RAISE are not placeholders
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement, params=None)


def remove(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REMOVE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement, params=None)


def sqlite_guard_ensure(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: put the SQLite guard back if a table rebuild dropped it (nothing to do elsewhere)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite" or "agents_auditentry" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_INSTALL:
            cursor.execute(statement)
