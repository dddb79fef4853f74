"""Migration 0014 gives existing versions the persona they went out under: a published one its message's alias and
avatar seed, one still waiting (pending, scanning, held) its author's persona now (what publication would have
written), and the team's name for an author without a persona. Drafts take theirs at Send."""

import pytest
from django.db import connection, transaction

from redaction.models import body_sha256
from redaction.sqlite_guard import sqlite_guard_install, sqlite_guard_remove
from tests.migrations import migrate_to

BEFORE = [("redaction", "0013_reply_file_guard")]
AFTER = [("redaction", "0014_version_alias_avatar_seed")]


@pytest.fixture
def old_world(transactional_db):
    # The SQLite guard names the new columns: off while the schema lacks them (as `migrate` does it).
    sqlite_guard_remove(connection)
    yield migrate_to(BEFORE)
    migrate_to(None)
    sqlite_guard_install(connection)


def test_existing_versions_get_the_persona_they_went_out_under(old_world, alice, dave_ticket, erin_ticket):
    apps = old_world
    Reply = apps.get_model("redaction", "Reply")
    ReplyVersion = apps.get_model("redaction", "ReplyVersion")
    ReplyScan = apps.get_model("redaction", "ReplyScan")
    Message = apps.get_model("tickets", "Message")
    persona = alice.staff.persona

    def version(ticket, author, status, number=1):
        reply = Reply.objects.create(ticket_id=ticket.pk, author_id=author.pk if author else None, state="pending")
        row = ReplyVersion.objects.create(
            reply=reply, number=number, body="Done.", sha256=body_sha256("Done."), status="pending"
        )
        Reply.objects.filter(pk=reply.pk).update(latest_version=row)
        if status in ("published", "held"):
            ReplyScan.objects.create(version=row, sha256=row.sha256, scanner_version="t", policy_digest="-")
            ReplyVersion.objects.filter(pk=row.pk).update(status="scanning")
            ReplyVersion.objects.filter(pk=row.pk).update(status=status)
        return reply, row.pk

    with transaction.atomic():  # the reply message is checked at commit (PostgreSQL)
        reply, published = version(dave_ticket, alice, "published")
        message = Message.objects.create(
            ticket_id=dave_ticket.pk, kind="reply", author_user_id=alice.pk, author_alias="Old Alias",
            author_avatar_seed="0ld5eed", body="Done.",
        )
        Reply.objects.filter(pk=reply.pk).update(published_message=message, state="published")
    _reply, held = version(erin_ticket, alice, "held")
    _reply, pending = version(dave_ticket, None, "pending")
    _reply, draft = version(erin_ticket, None, "draft")
    ReplyVersion.objects.filter(pk=draft).update(status="draft")

    apps = migrate_to(AFTER)
    frozen = {
        pk: (alias, seed)
        for pk, alias, seed in apps.get_model("redaction", "ReplyVersion").objects.values_list(
            "pk", "alias", "avatar_seed"
        )
    }
    assert frozen == {
        published: ("Old Alias", "0ld5eed"),
        held: ("Harbor Wren", persona.avatar_seed),
        pending: ("Support team", "team"),
        draft: ("", ""),
    }
