"""The audit trail: who did what, when, from where, to what. Every other app records through `audit_record`.

An entry is inserted unchained in the caller's transaction, so it commits (or rolls back) with the action it
describes and costs one INSERT. After commit the chainer is rung (`config.doorbell.ring`, at most once per
`TACT_AUDIT["RING_INTERVAL_S"]` per process); it and a beat sweep link entries into the hash chain in id order
under one lock (`agents.audit_chain`), so writers never wait on one another.
"""
import json
import time
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.sql import InsertQuery
from django.utils.translation import gettext_lazy as _

from agents.models import AuditEntry
from config.client_ip import client_ip
from config.doorbell import ring

DEFAULTS: dict[str, Any] = {
    # Ring the chainer at most this often per process; the beat sweep covers any entry a skipped ring leaves.
    "RING_INTERVAL_S": 1.0,
    # Entries chained per transaction; the task goes on until the backlog is empty.
    "CHAIN_BATCH": 2000,
    # Wait for the disk's flush also when an entry is its own transaction (see _insert).
    "SYNC_STANDALONE": False,
    # audit_verify warns about entries left unchained for longer than this.
    "UNCHAINED_WARN_S": 300,
    # Leads are told when one person views more than CUSTOMERS different customers within WINDOW_S.
    "UNUSUAL_VIEWS": {"CUSTOMERS": 30, "WINDOW_S": 900},
}

# What the trail records, and how the audit pages name it. Other actions may be recorded too.
ACTIONS = {
    "auth.login": _("Signed in"),
    "auth.login_failed": _("Failed sign-in"),
    "auth.logout": _("Signed out"),
    "auth.token": _("Signed in to the API (token)"),
    "auth.sign_out_everywhere": _("Signed out everywhere (sessions and tokens)"),
    "token.create": _("Made an API token"),
    "token.revoke": _("Revoked an API token"),
    "token.revoke_all": _("Revoked all of a person's API tokens"),
    "staff.offboard": _("Access ended (offboarded)"),
    "auth.reauth": _("Confirmed password (and code) before a sensitive action"),
    "mfa.enrol": _("Set up a second factor"),
    "mfa.remove": _("Second factor removed"),
    "mfa.failed": _("Wrong second-factor code"),
    "mfa.recovery_used": _("Signed in with a recovery code"),
    "mfa.recovery_regenerate": _("New recovery codes"),
    "customer.view": _("Viewed a customer's private context"),
    "role.change": _("Role changed"),
    "queue.member_add": _("Added to a queue"),
    "queue.member_remove": _("Removed from a queue"),
    "reply.override": _("Published a held reply (override)"),
    "identity.reveal": _("Revealed an agent's real identity"),
    "audit.export": _("Exported the audit trail"),
    "audit.unusual_views": _("Unusually many customers viewed"),
    "urgency_rule.add": _("Added an urgency rule"),
    "lead_duty.start": _("Went on duty for a queue"),
    "lead_duty.end": _("Went off duty for a queue"),
    "lead_duty.shift_add": _("Added shifts to a queue's duty schedule"),
    "lead_duty.shift_remove": _("Removed a shift from a queue's duty schedule"),
    "urgency_rule.enable": _("Turned an urgency rule on"),
    "urgency_rule.disable": _("Turned an urgency rule off"),
    "response_template.add": _("Added a response template"),
    "response_template.enable": _("Turned a response template on"),
    "response_template.disable": _("Turned a response template off"),
    "webhook.create": _("Added a webhook subscription"),
    "webhook.update": _("Changed a webhook subscription"),
    "webhook.rotate_secret": _("Rotated a webhook secret"),
    "webhook.delete": _("Deleted a webhook subscription"),
    "webhook.replay": _("Replayed a webhook delivery"),
    "sla.calendar_save": _("Saved an SLA business calendar"),
    "sla.policy_save": _("Saved an SLA policy"),
    "sla.policy_delete": _("Deleted an SLA policy"),
}

_last_ring = 0.0
# The request being answered, set by agents.middleware.AuditRequestMiddleware; None in tasks and commands.
current_request: ContextVar = ContextVar("audit_request", default=None)


def audit_setting(key: str) -> Any:
    """`TACT_AUDIT[key]`, falling back to DEFAULTS; read at call time so `override_settings` works."""
    return {**DEFAULTS, **getattr(settings, "TACT_AUDIT", {})}[key]


def audit_record(
    *,
    actor,
    action: str,
    target=None,
    customer=None,
    ticket=None,
    request=None,
    data: dict | None = None,
) -> AuditEntry:
    """Record one action in the caller's transaction. `customer` and `ticket` are instances or ids; the
    ticket's customer is taken when no customer is given. Without `request`, the one being answered (if any)
    gives the client address. `data` must be JSON (ids and short labels: never message bodies or passwords)."""
    entry = _entry(actor=actor, action=action, target=target, customer=customer, ticket=ticket, request=request,
                   data=data)
    _insert([entry])
    transaction.on_commit(_ring_chainer)
    return entry


def audit_record_customers(
    *, actor, action: str, customer_ids: Sequence[int], request=None, data: dict | None = None
) -> list[AuditEntry]:
    """One entry per customer (a list of customers seen at once), in one INSERT: "whose details did this person
    see" stays one indexed query, and the unusual-views alert counts them like single views."""
    entries = [
        _entry(actor=actor, action=action, target=None, customer=pk, ticket=None, request=request, data=data)
        for pk in customer_ids
    ]
    if entries:
        _insert(entries)
        transaction.on_commit(_ring_chainer)
    return entries


def _insert(entries: list[AuditEntry]) -> None:
    """Entries written inside the caller's transaction commit with it, durable exactly when the action is.
    Entries that are the only write (a look at a customer's page, a sign-in) are their own transaction; on
    PostgreSQL that commit does not wait for the disk's flush unless TACT_AUDIT["SYNC_STANDALONE"]: the entry
    is visible, ordered and unchangeable at once, and on disk within ~3 × wal_writer_delay (0.6 s by default),
    so a database crash inside that window can lose it. Waiting costs one fsync per page view (4-12 ms on the
    bench machine), which the ticket page cannot afford.

    The setting and the INSERT go in one query string, which PostgreSQL runs as one implicit transaction:
    `set_config(…, true)` lasts until its commit, and the page pays one round trip where BEGIN, SET LOCAL,
    INSERT and COMMIT cost four."""
    if connection.in_atomic_block or connection.vendor != "postgresql" or audit_setting("SYNC_STANDALONE"):
        AuditEntry.objects.bulk_create(entries)
        return
    meta = AuditEntry._meta
    query = InsertQuery(AuditEntry)
    query.insert_values([field for field in meta.concrete_fields if field is not meta.pk], entries)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    [(sql, params)] = compiler.as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT set_config('synchronous_commit', 'off', true); {sql}", params)
        for entry, (pk,) in zip(entries, cursor.fetchall(), strict=True):
            entry.pk = pk
            entry._state.adding, entry._state.db = False, connection.alias


def _entry(*, actor, action: str, target, customer, ticket, request, data: dict | None) -> AuditEntry:
    if not action or len(action) > 64:
        raise ValueError("an audit action is 1 to 64 characters")
    request = request if request is not None else current_request.get()
    customer_id = _pk(customer)
    if customer_id is None and isinstance(ticket, models.Model):
        customer_id = getattr(ticket, "customer_id", None)
    return AuditEntry(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        customer_id=customer_id,
        ticket_id=_pk(ticket),
        ip=client_ip(request) if request is not None else "",
        # Round-tripped through JSON so what is stored is what was hashed when read back (dates become text).
        data=json.loads(json.dumps(data or {}, default=str)),
    )


def _pk(value) -> int | None:
    if value is None:
        return None
    return value.pk if isinstance(value, models.Model) else int(value)


def _ring_chainer() -> None:
    global _last_ring
    now = time.monotonic()
    if now - _last_ring < float(audit_setting("RING_INTERVAL_S")):
        return
    _last_ring = now
    from agents.tasks import chain_audit_trail

    # Not waited for: the page view pays no broker round trip, and the beat sweep links whatever a lost ring missed.
    ring(chain_audit_trail, what="audit chain", wait=False)


def request_actor():
    """Who is signed in on the request being answered, for changes caught by model signals (None outside one)."""
    request = current_request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
