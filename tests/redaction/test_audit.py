"""Retro-audit service and command: published replies the current scanner would hold are found and listed."""
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from redaction import audit
from redaction.context import ticket_context
from redaction.models import AuditHit, AuditRun
from tests.factories import (
    CallLogFactory,
    ContactFactory,
    MessageFactory,
    OrganizationFactory,
    published_reply_message,
)
from tickets.models import Message, MessageKind

LEAKY = "Hi, we will call you back on +1 415 555 0134 today."
CLEAN = "Thanks for waiting. The duplicate charge has been refunded and should show in 3-5 days."


def _published(ticket, author, body, *, days_ago=0):
    """A reply as it sits in the thread once published (or from before the gate existed)."""
    return published_reply_message(
        ticket=ticket, author=author, alias="Harbor Wren", body=body,
        created_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def replies(dave_post, dave_ticket, erin_ticket, alice, bob):
    """On dave's public post his own details leak; in his private email thread they are his to hear."""
    return {
        "leaky": _published(dave_post, alice, LEAKY),
        "clean": _published(dave_post, alice, CLEAN),
        "old_leaky": _published(dave_post, alice, "Your account ACC-100200 is fixed.", days_ago=40),
        "private_channel": _published(dave_ticket, alice, LEAKY),
        "other_queue": _published(erin_ticket, bob, CLEAN),
    }


def test_leaky_published_reply_is_listed_with_kinds_and_spans(replies):
    run = audit.audit_run_start(enqueue=False)
    run = audit.audit_run_execute(run_id=run.pk)

    assert (run.state, run.total, run.done, run.would_hold) == ("done", 5, 5, 2)
    hit = AuditHit.objects.get(run=run, message=replies["leaky"])
    assert hit.kinds == ["phone"]
    span = hit.spans[0]
    assert LEAKY[span["start"]:span["end"]] == "+1 415 555 0134"
    assert "+1 415" not in str(hit.spans)  # positions only, never the value


def test_clean_replies_and_customer_messages_are_not_listed(replies, dave_post):
    run = audit.audit_run_execute(run_id=audit.audit_run_start(enqueue=False).pk)

    listed = set(run.hits.values_list("message_id", flat=True))
    assert listed == {replies["leaky"].pk, replies["old_leaky"].pk}
    assert replies["private_channel"].pk not in listed  # judged against its own ticket's context
    customer_messages = dave_post.messages.filter(kind=MessageKind.CUSTOMER)
    assert not listed & set(customer_messages.values_list("pk", flat=True))


def test_since_leaves_out_older_replies(replies):
    run = audit.audit_run_start(enqueue=False, since=timezone.now() - timedelta(days=7))
    run = audit.audit_run_execute(run_id=run.pk)

    assert run.total == 4
    assert list(run.hits.values_list("message_id", flat=True)) == [replies["leaky"].pk]


def test_lead_run_covers_only_their_queues(replies, alice):
    run = audit.audit_run_start(started_by=alice, enqueue=False)
    assert run.total == 4  # erin's ticket is in queue B, which alice does not work


def test_progress_is_recorded_per_batch_and_a_killed_run_resumes_from_its_cursor(replies):
    run = audit.audit_run_start(enqueue=False)
    seen = []
    audit.audit_run_execute(run_id=run.pk, batch_size=1, progress=lambda r: seen.append((r.done, r.would_hold)))
    assert [done for done, _ in seen] == [1, 2, 3, 4, 5]
    assert seen[-1] == (5, 2)

    # A worker killed after two batches: the row says running at cursor 2; running again finishes once.
    resumed = audit.audit_run_start(enqueue=False)
    with pytest.raises(_Killed):
        audit.audit_run_execute(run_id=resumed.pk, batch_size=2, progress=_die)
    resumed.refresh_from_db()
    assert (resumed.state, resumed.done) == ("running", 2)
    resumed = audit.audit_run_execute(run_id=resumed.pk)
    assert (resumed.state, resumed.done, resumed.would_hold) == ("done", 5, 2)
    assert resumed.hits.count() == 2


class _Killed(BaseException):
    """A stand-in for SIGKILL: not an Exception, so the service cannot mark the run failed."""


def _die(run):
    raise _Killed


def test_finished_run_is_not_run_again(replies):
    run = audit.audit_run_execute(run_id=audit.audit_run_start(enqueue=False).pk)
    again = audit.audit_run_execute(run_id=run.pk)
    assert (again.done, again.hits.count()) == (5, 2)


def test_scanner_crash_counts_as_would_hold(replies, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("detector bug")

    monkeypatch.setattr(audit, "scan_with_deadline", boom)
    run = audit.audit_run_execute(run_id=audit.audit_run_start(enqueue=False).pk)
    assert run.would_hold == 5
    assert set(run.hits.values_list("error", flat=True)) == {"The scanner failed (RuntimeError)."}


def test_starting_a_run_rings_the_worker_after_commit(replies, monkeypatch, django_capture_on_commit_callbacks):
    from redaction import doorbell

    rung = []
    monkeypatch.setattr(doorbell, "audit_run_enqueue", lambda run_id: rung.append(run_id))
    with django_capture_on_commit_callbacks(execute=True):
        run = audit.audit_run_start()
    assert rung == [run.pk]
    assert AuditRun.objects.get(pk=run.pk).state == "queued"


def test_task_runs_the_audit(replies):
    from redaction.audit_tasks import audit_run_task

    run = audit.audit_run_start(enqueue=False)
    audit_run_task.apply(args=[run.pk], throw=True)
    run.refresh_from_db()
    assert (run.state, run.would_hold) == ("done", 2)


def test_command_prints_counts_and_lists_without_private_values(replies, dave_post):
    out = StringIO()
    call_command("audit_published_replies", stdout=out)
    text = out.getvalue()

    assert "Scanned: 5" in text
    assert "Would hold: 2" in text
    assert "  phone: 1" in text and "  account_id: 1" in text
    assert f"message {replies['leaky'].pk}  ticket {dave_post.reference}  phone 29-44" in text
    assert "415 555" not in text and "ACC-100200" not in text


def test_command_since(replies):
    out = StringIO()
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    call_command("audit_published_replies", "--since", since, stdout=out)
    assert "Scanned: 4" in out.getvalue()
    assert f"message {replies['old_leaky'].pk} " not in out.getvalue()


def test_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="--since wants a date"):
        call_command("audit_published_replies", "--since", "last week")


# A reply on dave's public post, and what dave said privately and on the phone around the time it went out.
ANSWER = "Our finance team has reversed the second charge on your statement. We will call you on 5 March at 3:02pm."
QUOTING = "Your reply said our finance team has reversed the second charge on your statement. Still there!"
CALL_AT = datetime(2025, 3, 5, 15, 2, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _dave_quotes_and_calls(dave_ticket):
    """Dave's private email quoting the reply's words (a day before the call) and the call the reply names."""
    MessageFactory(ticket=dave_ticket, body=QUOTING, created_at=CALL_AT - timedelta(days=1))
    CallLogFactory(customer=dave_ticket.customer, ticket=dave_ticket, at=CALL_AT)


def _published_at(ticket, author, body, at):
    reply = _published(ticket, author, body)
    Message.objects.filter(pk=reply.pk).update(created_at=at)
    reply.refresh_from_db()
    return reply


def test_reply_is_judged_by_what_was_private_when_it_was_published(dave_post, dave_ticket, alice):
    """Dave later quotes our reply in a private email and the promised call is logged: the reply leaked nothing."""
    reply = _published_at(dave_post, alice, ANSWER, CALL_AT - timedelta(days=2))
    _dave_quotes_and_calls(dave_ticket)
    # Judged against today's context, the reply would look like a leak of both: the test means something.
    today = audit.message_verdict(reply, ticket_context(ticket=dave_post, author=alice))
    assert today.kinds == ["call_time", "quote"]

    run = audit.audit_run_execute(run_id=audit.audit_run_start(enqueue=False).pk)

    assert (run.done, run.would_hold) == (1, 0)
    assert not run.hits.exists()


def test_reply_repeating_what_was_already_private_is_listed(dave_post, dave_ticket, alice):
    """The same private email and call before the reply went out: the reply did repeat them in public."""
    reply = _published_at(dave_post, alice, ANSWER, CALL_AT + timedelta(hours=2))
    _dave_quotes_and_calls(dave_ticket)

    run = audit.audit_run_execute(run_id=audit.audit_run_start(enqueue=False).pk)

    assert (run.done, run.would_hold) == (1, 1)
    hit = run.hits.get()
    assert hit.message_id == reply.pk and hit.kinds == ["call_time", "quote"]


def test_contexts_are_built_per_publication_time_in_one_round_of_queries_each(
    dave_post, dave_ticket, alice, django_assert_max_num_queries
):
    """Replies published at the same instant share one bulk build; different instants get one each."""
    first = _published(dave_post, alice, CLEAN, days_ago=3)
    same_time = _published_at(dave_ticket, alice, CLEAN, first.created_at)
    later = _published(dave_post, alice, CLEAN, days_ago=1)
    MessageFactory(ticket=dave_ticket, body=QUOTING, created_at=timezone.now() - timedelta(days=2))
    batch = list(Message.objects.filter(pk__in=[first.pk, same_time.pk, later.pk]).select_related(
        "ticket__customer__organization", "author_user__staff__persona"
    ))

    with django_assert_max_num_queries(2 * 4):  # per distinct time: texts, calls, queues, staff (no organization)
        contexts = audit.contexts_as_published(batch)

    assert QUOTING not in contexts[first.pk]["private_messages"]
    assert QUOTING not in contexts[same_time.pk]["private_messages"]
    assert QUOTING in contexts[later.pk]["private_messages"]


def test_a_published_signature_is_audited_with_the_body(dave_ticket, alice):
    message = published_reply_message(
        ticket=dave_ticket, author=alice, alias="Harbor Wren", body=CLEAN,
        signature="Harbor Wren · alice@home.example",
    )
    run = audit.audit_run_execute(run_id=audit.audit_run_start(enqueue=False).pk)
    hit = AuditHit.objects.get(run=run, message=message)
    assert [(span["kind"], span["part"]) for span in hit.spans] == [("email", "signature")]


def test_a_published_alias_is_audited_as_it_went_out(dave_ticket, alice):
    """The alias a reply was published under is scanned, and the body is judged under it (a word of one's own
    alias is no colleague's name), not under the author's alias today."""
    organization = OrganizationFactory()
    ContactFactory(organization=organization, name="Wren Adeyemi")
    ContactFactory(organization=organization, name="Priya Okonkwo")
    dave_ticket.customer.organization = organization
    dave_ticket.customer.save(update_fields=["organization"])
    alice.staff.persona.alias = "Quiet Heron"
    alice.staff.persona.save(update_fields=["alias"])
    leaky = published_reply_message(ticket=dave_ticket, author=alice, alias="Priya Okonkwo", body=CLEAN)
    signed = published_reply_message(
        ticket=dave_ticket, author=alice, alias="Harbor Wren", body=f"{CLEAN} Wren will call you if need be."
    )
    run = audit.audit_run_execute(run_id=audit.audit_run_start(enqueue=False).pk)
    hit = AuditHit.objects.get(run=run, message=leaky)
    assert [(span["kind"], span["part"], span["start"], span["end"]) for span in hit.spans] == [
        ("person", "alias", 0, len("Priya Okonkwo"))
    ]
    assert not AuditHit.objects.filter(run=run, message=signed).exists()


def test_a_leak_inside_a_published_file_is_listed_with_its_part(dave_post, alice, django_assert_max_num_queries):
    """The audit reads each published reply's files as the gate froze them: names and extracted text."""
    in_text = published_reply_message(ticket=dave_post, author=alice, body=CLEAN,
                                       files=[("steps.txt", "Restart the router."), ("log.txt", LEAKY)])
    in_name = published_reply_message(ticket=dave_post, author=alice, body=CLEAN,
                                      files=[("ACC-100200 invoice.pdf", "Amount due: 12.50 EUR")])
    clean = published_reply_message(ticket=dave_post, author=alice, body=CLEAN,
                                    files=[("steps.txt", "Restart the router.")])
    run = audit.audit_run_execute(run_id=audit.audit_run_start(enqueue=False).pk)
    assert (run.done, run.would_hold) == (3, 2)
    hits = {hit.message_id: hit for hit in run.hits.all()}
    assert set(hits) == {in_text.pk, in_name.pk} and clean.pk not in hits
    assert {span.get("part") for span in hits[in_text.pk].spans} == {"file: log.txt"}
    assert hits[in_text.pk].kinds == ["phone"]
    assert {span.get("part") for span in hits[in_name.pk].spans} == {"file name: ACC-100200 invoice.pdf"}
    page = audit.published_files([in_text, in_name, clean])
    assert [f.filename for f in page[in_text.pk]] == ["steps.txt", "log.txt"]
    with django_assert_max_num_queries(1):
        audit.published_files([in_text, in_name, clean])
