"""Staff search over tickets: one stored, GIN-indexed tsvector per ticket on PostgreSQL, substrings on SQLite.

`tickets_ticket.search_vector` holds the subject (weight A) and the newest 200,000 characters of the ticket's
messages (B): the customer's, the published replies and the internal notes. It is staff text; held replies
are not messages (they stay in `redaction` until the gate publishes them), so they are never in it. Customers
never search with it (`tickets.api.filters`: the public subject of their own few tickets).

Triggers keep the vector current, not the services (migration 0015): the searchable text changes in intake,
notes, the gate publishing a reply (with its subject), merges moving messages, purges rewriting bodies and bulk
loads, and a path that forgot would leave a ticket silently unfindable; the database sees every one. The
column is deliberately not a model field, so `save()` of a ticket loaded before a message arrived can never
write an older vector back. A query reaches it through the expressions below.

Order: matching rows come in the list's own order (recently updated first by default), the key the inbox and
the API page on, so a word in 30 % of a million tickets costs what a rare one does. "Best match" ranks with
`ts_rank`, but only among the RANK_WINDOW most recently updated matches: ranking every match of a common word
means reading every one of their vectors (seconds at a million); ranking a bounded window costs milliseconds,
at the price that an old ticket can be outranked by being outside the window (refine the words to reach it).
"""
import re

from django.db import connection
from django.db.models import BooleanField, Expression, FloatField, Q, QuerySet, Value

from tickets.models import Message, Ticket

CONFIG = "english"
RANK_WINDOW = 200
# What a ticket reference looks like (`T-1A2B3C4D`); such a search also matches references by prefix, on the
# reference's unique index (with PostgreSQL's pattern index Django adds for LIKE 'T-1A%').
REFERENCE = re.compile(r"[A-Za-z]{1,3}-[A-Za-z0-9]{1,17}")
REBUILD_CHUNK = 20_000


class _OnTicketVector(Expression):
    """SQL on the queried ticket row's `search_vector`, aliased as the query aliases its first table."""

    template = ""

    def __init__(self, text: str, output_field):
        super().__init__(output_field=output_field)
        self.text = text

    def as_sql(self, compiler, connection):
        column = f'{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}."search_vector"'
        return self.template.format(column=column), [CONFIG, self.text]


class _Matches(_OnTicketVector):
    template = "{column} @@ websearch_to_tsquery(%s::regconfig, %s)"


class _Rank(_OnTicketVector):
    template = "ts_rank({column}, websearch_to_tsquery(%s::regconfig, %s))"


def ticket_search(qs: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """The tickets of `qs` whose subject or messages hold the words of `text`, or whose reference starts
    with it. Staff only: notes match. Adds a WHERE and nothing else; the caller orders."""
    text = text.strip()
    if connection.vendor == "postgresql":
        match = Q(_Matches(text, BooleanField()))
    else:
        bodies = Message.objects.filter(body__icontains=text).order_by().values("ticket_id")
        match = Q(subject__icontains=text) | Q(pk__in=bodies)
    if REFERENCE.fullmatch(text):
        match |= Q(reference__startswith=text.upper())
    return qs.filter(match)


def best_matches(qs: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """`qs` (already searched) cut to its RANK_WINDOW most recently updated tickets, annotated `rank`
    (0 on SQLite, where the order stays by recency)."""
    window = qs.order_by("-updated_at", "-id").values("pk")[:RANK_WINDOW]
    rank = _Rank(text.strip(), FloatField()) if connection.vendor == "postgresql" else Value(0.0)
    return qs.filter(pk__in=window).annotate(rank=rank)


def search_vectors_rebuild(cursor, *, chunk: int = REBUILD_CHUNK) -> int:
    """Recompute every ticket's vector, set-based, `chunk` tickets per statement (PostgreSQL). For the
    migration that adds the column, and for bulk loads that ran with triggers off. Returns tickets done.

    Each chunk aggregates its tickets' messages in one pass over the message index; outside a transaction
    every chunk commits on its own, so memory and the write-ahead log per statement stay bounded."""
    cursor.execute("SELECT min(id), max(id) FROM tickets_ticket")
    low, high = cursor.fetchone()
    done = 0
    if low is None:
        return done
    for start in range(low, high + 1, chunk):
        cursor.execute(
            """
            UPDATE tickets_ticket t SET search_vector = tickets_search_vector(t.subject, s.bodies)
            FROM (
                SELECT t0.id, string_agg(m.body, ' ' ORDER BY m.id DESC) AS bodies
                FROM tickets_ticket t0 LEFT JOIN tickets_message m ON m.ticket_id = t0.id
                WHERE t0.id >= %s AND t0.id < %s GROUP BY t0.id
            ) s
            WHERE t.id = s.id
            """,
            [start, start + chunk],
        )
        done += cursor.rowcount
    return done
