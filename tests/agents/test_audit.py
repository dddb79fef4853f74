"""The audit trail: entries commit with their action, the chain links them, and the database refuses edits.

The tamper tests act as an attacker with database access would: drop the trigger, edit by raw SQL, and expect
`audit_verify` to name the first entry that no longer holds. They run on SQLite and (with DATABASE_URL) on
PostgreSQL alike.
"""
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from agents.audit import audit_record, audit_record_customers
from agents.audit_chain import GENESIS, audit_chain, audit_verify
from agents.models import AuditEntry
from tests.factories import UserFactory

TRIGGERS = {
    "postgresql": ["DROP TRIGGER agents_auditentry_guard ON agents_auditentry"],
    "sqlite": [
        "DROP TRIGGER agents_auditentry_no_delete",
        "DROP TRIGGER agents_auditentry_chain_once",
        "DROP TRIGGER agents_auditentry_insert_unchained",
    ],
}


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _drop_guard() -> None:
    for statement in TRIGGERS[connection.vendor]:
        _sql(statement)


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


@pytest.fixture
def writer(db):
    """A plain user: unlike the staff personas, making them records nothing, so the trail starts empty."""
    return UserFactory(username="zqxv7writer")


@pytest.fixture
def trail(writer, dave_ticket):
    """Five chained entries about dave's ticket, the whole trail."""
    entries = [
        audit_record(actor=writer, action="customer.view", ticket=dave_ticket, data={"n": n}) for n in range(5)
    ]
    assert audit_chain(batch=100) == 5
    return [AuditEntry.objects.get(pk=e.pk) for e in entries]


def test_record_says_who_what_on_what_and_from_where(alice, dave_ticket):
    request = RequestFactory().get("/inbox/", REMOTE_ADDR="198.51.100.23", HTTP_X_FORWARDED_FOR="6.6.6.6")
    entry = audit_record(
        actor=alice, action="customer.view", target=dave_ticket, ticket=dave_ticket, request=request,
        data={"page": "ticket"},
    )
    entry.refresh_from_db()
    assert entry.actor == alice
    assert entry.action == "customer.view"
    assert (entry.target_type, entry.target_id) == ("tickets.ticket", str(dave_ticket.pk))
    assert (entry.ticket_id, entry.customer_id) == (dave_ticket.pk, dave_ticket.customer_id)
    assert entry.ip == "198.51.100.23"  # the forged header is not believed
    assert entry.data == {"page": "ticket"}
    assert entry.seq is None and entry.hash is None  # chained later, off the request


def test_an_entry_rolls_back_with_its_action(writer):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=writer, action="role.change")
        raise RuntimeError("the action failed")
    assert not AuditEntry.objects.exists()


def test_anonymous_actor_is_recorded_as_nobody(db):
    from django.contrib.auth.models import AnonymousUser

    entry = audit_record(actor=AnonymousUser(), action="auth.login_failed", data={"username": "ghost"})
    assert entry.actor_id is None


def test_chain_links_each_entry_to_the_one_before(trail):
    assert [e.seq for e in trail] == [1, 2, 3, 4, 5]
    assert trail[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(trail, trail[1:], strict=False))
    report = audit_verify()
    assert (report.checked, report.broken, report.head_seq, report.head_hash) == (5, None, 5, trail[-1].hash)


def test_entries_recorded_later_extend_the_chain(trail, writer):
    newer = audit_record(actor=writer, action="auth.logout")
    assert audit_chain(batch=100) == 1
    newer.refresh_from_db()
    assert (newer.seq, newer.prev_hash) == (6, trail[-1].hash)
    assert audit_chain(batch=100) == 0
    assert audit_verify().checked == 6


@override_settings(TACT_AUDIT={"RING_INTERVAL_S": 0})
def test_entry_commits_with_its_action_and_is_chained_after(transactional_db, writer, eager_celery):
    with transaction.atomic():
        entry = audit_record(actor=writer, action="auth.login")
        assert AuditEntry.objects.get(pk=entry.pk).seq is None  # nothing chained inside the action
    entry.refresh_from_db()
    assert entry.seq == 1 and entry.hash


@pytest.mark.parametrize("run", [1, 2])
def test_the_flush_after_a_transactional_test_keeps_the_guard(transactional_db, writer, run):
    """Each run follows another transactional test's flush (which must lift the SQLite guard to empty the
    table, then restore it)."""
    entry = audit_record(actor=writer, action="auth.login")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_plain_update_and_delete_are_refused(trail):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=trail[1].pk).update(action="auth.logout")
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql("UPDATE agents_auditentry SET data = %s WHERE id = %s", ['{"n": 99}', trail[1].pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=trail[2].pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql("DELETE FROM agents_auditentry")
    assert AuditEntry.objects.count() == 5
    assert audit_verify().broken is None


def test_a_chain_link_is_set_once(trail):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=trail[0].pk).update(hash="f" * 64)


def test_unchained_entry_cannot_change_its_content_while_linking(alice):
    entry = audit_record(actor=alice, action="auth.login")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(seq=1, prev_hash=GENESIS, hash="a" * 64, action="x")


def test_an_entry_is_inserted_unchained(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(actor=alice, action="auth.login", seq=1, prev_hash=GENESIS, hash="a" * 64)


def test_verify_passes_an_intact_chain_and_prints_its_head(trail):
    out = _verify()
    assert "5 entries checked" in out
    assert f"head 5:{trail[-1].hash}" in out


def test_altered_entry_is_named(trail):
    _drop_guard()
    _sql("UPDATE agents_auditentry SET data = %s WHERE id = %s", ['{"n": 99}', trail[2].pk])
    with pytest.raises(CommandError, match=rf"broken at entry {trail[2].pk} \(chain position 3\).*altered"):
        _verify()


def test_altered_actor_is_named(trail):
    _drop_guard()
    other = UserFactory(username="zqxv7other")
    _sql("UPDATE agents_auditentry SET actor_id = %s WHERE id = %s", [other.pk, trail[0].pk])
    with pytest.raises(CommandError, match=rf"broken at entry {trail[0].pk} "):
        _verify()


def test_deleted_entry_is_caught_at_the_next_one(trail):
    _drop_guard()
    _sql("DELETE FROM agents_auditentry WHERE id = %s", [trail[1].pk])
    with pytest.raises(CommandError, match=rf"broken at entry {trail[2].pk} .*position 2\) is missing"):
        _verify()


def test_rehashed_entry_is_caught_at_the_next_link(trail):
    from agents.audit_chain import entry_hash, hashed_values

    _drop_guard()
    _sql("UPDATE agents_auditentry SET action = %s WHERE id = %s", ["auth.logout", trail[1].pk])
    values = hashed_values(AuditEntry.objects.filter(pk=trail[1].pk)).get()
    forged = entry_hash(seq=2, prev_hash=trail[0].hash, values=values)
    _sql("UPDATE agents_auditentry SET hash = %s WHERE id = %s", [forged, trail[1].pk])
    with pytest.raises(CommandError, match=rf"broken at entry {trail[2].pk} .*re-hashed"):
        _verify()


def test_expected_head_catches_a_cut_tail(trail):
    head = f"5:{trail[-1].hash}"
    call_command("audit_verify", "--expect-head", head, stdout=StringIO())
    _drop_guard()
    _sql("DELETE FROM agents_auditentry WHERE id = %s", [trail[-1].pk])
    assert audit_verify().broken is None  # the chain alone cannot see a cut tail
    with pytest.raises(CommandError, match="cut off or the chain was rebuilt"):
        call_command("audit_verify", "--expect-head", head)


def test_expected_head_must_be_well_formed(trail):
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("audit_verify", "--expect-head", "five")


def _async_commits(queries) -> int:
    return sum("set_config('synchronous_commit', 'off', true)" in query["sql"] for query in queries)


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="synchronous_commit is PostgreSQL's")
def test_only_an_entry_that_is_its_own_transaction_skips_the_disk_wait(transactional_db, writer):
    with CaptureQueriesContext(connection) as alone:
        audit_record(actor=writer, action="customer.view")
    with CaptureQueriesContext(connection) as inside, transaction.atomic():
        audit_record(actor=writer, action="role.change")
    with CaptureQueriesContext(connection) as strict, override_settings(TACT_AUDIT={"SYNC_STANDALONE": True}):
        audit_record(actor=writer, action="customer.view")
    assert (_async_commits(alone), _async_commits(inside), _async_commits(strict)) == (1, 0, 0)
    assert len(alone) == 1  # one round trip: no BEGIN, SET LOCAL or COMMIT of its own
    assert AuditEntry.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="synchronous_commit is PostgreSQL's")
def test_an_entry_of_its_own_gets_its_id_and_leaves_the_setting_as_it_was(transactional_db, writer, dave):
    entry = audit_record(actor=writer, action="customer.view", customer=dave, data={"via": "test"})
    entries = audit_record_customers(actor=writer, action="customer.view", customer_ids=[dave.pk, dave.pk])
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.customer_id, stored.data) == ("customer.view", dave.pk, {"via": "test"})
    later = AuditEntry.objects.filter(pk__gt=entry.pk).order_by("pk")
    assert [e.pk for e in entries] == list(later.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)


@pytest.mark.skipif(settings.IS_POSTGRES, reason="PostgreSQL keeps a table's triggers when it alters the table")
def test_sqlite_guard_comes_back_after_a_migration_rebuilt_the_table(writer):
    """SQLite drops a table's triggers when a migration rebuilds it; post_migrate puts them back."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    _drop_guard()
    entry = audit_record(actor=writer, action="auth.login")
    agents = apps.get_app_config("agents")
    post_migrate.send(sender=agents, app_config=agents, using="default")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the in-database check is PostgreSQL's")
@pytest.mark.parametrize("tamper", ["none", "alter", "delete", "rehash", "delete_first"])
def test_the_database_check_agrees_with_the_reference_walk(trail, tamper):
    from agents.audit_chain import entry_hash, hashed_values

    audit_record(actor=trail[0].actor, action="auth.logout", data={"note": "ünïcode ✓", "n": [1, 2.5, None]})
    audit_chain(batch=100)
    _drop_guard()
    if tamper == "alter":
        _sql("UPDATE agents_auditentry SET target_id = 'x' WHERE id = %s", [trail[3].pk])
    elif tamper == "delete":
        _sql("DELETE FROM agents_auditentry WHERE id = %s", [trail[2].pk])
    elif tamper == "delete_first":
        _sql("DELETE FROM agents_auditentry WHERE id = %s", [trail[0].pk])
    elif tamper == "rehash":
        _sql("UPDATE agents_auditentry SET ip = '10.0.0.1' WHERE id = %s", [trail[1].pk])
        values = hashed_values(AuditEntry.objects.filter(pk=trail[1].pk)).get()
        _sql("UPDATE agents_auditentry SET hash = %s WHERE id = %s",
             [entry_hash(seq=2, prev_hash=trail[0].hash, values=values), trail[1].pk])
    in_database, reference = audit_verify(in_database=True), audit_verify(in_database=False)
    assert in_database == reference
    assert (reference.broken is None) == (tamper == "none")
