"""The audit trail's hash chain: linking entries in order, and checking the links.

Entry n's hash is SHA-256 over its position, entry n-1's hash and every recorded column (`entry_hash`), so
changing any column of any chained entry, deleting one, or re-hashing one after changing it breaks the chain
at a place `audit_verify` names. Writers insert unchained rows and never wait here; one chainer at a
time (a PostgreSQL advisory lock; SQLite's write transactions are already exclusive) links whatever has
committed, in id order.
"""
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from agents.models import AuditEntry

GENESIS = "0" * 64
# Every column a hash covers, in the order it covers them; `data` as the database's own text of it (the same
# text on every read, and no JSON parsing in the loop that checks a million entries).
HASHED_FIELDS = (
    "id", "created_at", "actor_id", "action", "target_type", "target_id", "customer_id", "ticket_id", "ip",
    "data_text",
)
_LOCK_KEY = 0x7AC7_A0D1  # any constant shared by every chainer


def hashed_values(entries: QuerySet[AuditEntry], *leading: str) -> QuerySet:
    """Rows as tuples: the `leading` columns, then HASHED_FIELDS in order (what `entry_hash` takes)."""
    return entries.annotate(data_text=Cast("data", TextField())).values_list(*leading, *HASHED_FIELDS)


def entry_hash(*, seq: int, prev_hash: str, values: tuple) -> str:
    """SHA-256 over the entry's position, the previous hash and every recorded column, each written as its
    length, a colon, the text and a comma: no two different rows can ever give the same bytes."""
    created_at = values[1].astimezone(UTC).isoformat(timespec="microseconds")
    fields = (str(seq), prev_hash, str(values[0]), created_at, *("" if v is None else str(v) for v in values[2:]))
    return hashlib.sha256("".join(f"{len(f)}:{f}," for f in fields).encode()).hexdigest()


def audit_chain(*, batch: int) -> int:
    """Link up to `batch` committed, unchained entries after the chain's head, in id order. Returns how many."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        head = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = head if head else (0, GENESIS)
        rows = list(hashed_values(AuditEntry.objects.filter(seq__isnull=True).order_by("id"))[:batch])
        links = []
        for values in rows:
            seq += 1
            digest = entry_hash(seq=seq, prev_hash=prev_hash, values=values)
            links.append(AuditEntry(pk=values[0], seq=seq, prev_hash=prev_hash, hash=digest))
            prev_hash = digest
        AuditEntry.objects.bulk_update(links, ["seq", "prev_hash", "hash"], batch_size=500)
    return len(links)


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    seq: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_seq: int
    head_hash: str
    broken: ChainBreak | None
    unchained: int
    oldest_unchained: datetime | None


def _chained_rows(chunk: int) -> Iterator[tuple]:
    rows = AuditEntry.objects.filter(seq__isnull=False).order_by("seq")
    return hashed_values(rows, "seq", "prev_hash", "hash").iterator(chunk_size=chunk)


MISSING = "the entry before it (chain position {}) is missing: deleted"
RELINKED = "its link to the previous entry does not match: that entry was re-hashed or replaced"
ALTERED = "its content does not match its hash: it was altered"


def audit_verify(*, chunk: int = 20_000, in_database: bool | None = None) -> ChainReport:
    """Check the chain from its first entry and stop at the first one that does not hold.

    On PostgreSQL the hashes are recomputed by the database in one pass (`_verify_in_postgres`, about ten
    times faster); `_verify_walk` is the reference, in Python, used on SQLite and compared with it in tests.
    """
    if in_database is None:
        in_database = connection.vendor == "postgresql"
    checked, head_seq, head_hash, broken = _verify_in_postgres() if in_database else _verify_walk(chunk)
    unchained = AuditEntry.objects.filter(seq__isnull=True)
    oldest = unchained.order_by("id").values_list("created_at", flat=True).first()
    return ChainReport(
        checked=checked, head_seq=head_seq, head_hash=head_hash, broken=broken, unchained=unchained.count(),
        oldest_unchained=oldest,
    )


def _verify_walk(chunk: int) -> tuple[int, int, str, ChainBreak | None]:
    expected_seq, prev_hash = 1, GENESIS
    for seq, stored_prev, stored_hash, *values in _chained_rows(chunk):
        reason = None
        if seq != expected_seq:
            reason = MISSING.format(expected_seq)
        elif stored_prev != prev_hash:
            reason = RELINKED
        elif entry_hash(seq=seq, prev_hash=stored_prev, values=values) != stored_hash:
            reason = ALTERED
        if reason is not None:
            return expected_seq - 1, expected_seq - 1, prev_hash, ChainBreak(values[0], seq, reason)
        expected_seq, prev_hash = seq + 1, stored_hash
    return expected_seq - 1, expected_seq - 1, prev_hash, None


def _field(sql: str) -> str:
    return f"length({sql})::text || ':' || {sql} || ','"


# entry_hash, in SQL: the same fields, the same length:text, encoding, so the same digest.
_PAYLOAD = " || ".join(_field(sql) for sql in (
    "seq::text", "prev_hash", "id::text",
    """to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'""",
    "coalesce(actor_id::text, '')", "action", "target_type", "target_id", "coalesce(customer_id::text, '')",
    "coalesce(ticket_id::text, '')", "ip", "data::text",
))
# Built from the constants above only: no input reaches this text.
_FIRST_BREAK_SQL = f"""
WITH chain AS (
  SELECT id, seq, prev_hash, hash, lag(seq) OVER w AS before_seq, lag(hash) OVER w AS before_hash,
         encode(sha256(convert_to({_PAYLOAD}, 'UTF8')), 'hex') AS computed
  FROM agents_auditentry WHERE seq IS NOT NULL WINDOW w AS (ORDER BY seq)
)
SELECT id, seq, prev_hash, hash, before_seq, before_hash, computed FROM chain
WHERE seq <> coalesce(before_seq, 0) + 1 OR prev_hash <> coalesce(before_hash, %s) OR hash <> computed
ORDER BY seq LIMIT 1
"""  # noqa: S608


def _verify_in_postgres() -> tuple[int, int, str, ChainBreak | None]:
    with connection.cursor() as cursor:
        cursor.execute(_FIRST_BREAK_SQL, [GENESIS])
        row = cursor.fetchone()
    if row is None:
        head = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "hash").first()
        head_seq, head_hash = head if head else (0, GENESIS)
        return head_seq, head_seq, head_hash, None
    entry_id, seq, stored_prev, stored_hash, before_seq, before_hash, computed = row
    good_seq, good_hash = before_seq or 0, before_hash or GENESIS
    if seq != good_seq + 1:
        reason = MISSING.format(good_seq + 1)
    elif stored_prev != good_hash:
        reason = RELINKED
    else:
        reason = ALTERED
    return good_seq, good_seq, good_hash, ChainBreak(entry_id, seq, reason)


def chain_head_matches(*, seq: int, digest: str) -> bool:
    """Whether the chain still holds an entry at `seq` with this hash: a head written down earlier (outside the
    database) catches what the chain alone cannot, the tail cut off or the whole chain rebuilt."""
    return AuditEntry.objects.filter(seq=seq, hash=digest).exists()


def unchained_too_long(report: ChainReport, *, warn_after_s: int) -> bool:
    return report.oldest_unchained is not None and report.oldest_unchained < timezone.now() - timedelta(
        seconds=warn_after_s
    )
