"""Light tests of the bench and drill plumbing: the figures they print and the data they seed are right."""
import threading
from pathlib import Path

import pytest

from bench import _harness as h
from bench import fault_drill


def test_percentile_interpolates_between_ranks():
    assert h.percentile([1, 2], 50) == 1.5
    assert h.percentile([5, 1, 3, 2, 4], 50) == 3
    assert h.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert h.percentile([7], 99) == 7


def test_free_port_skips_a_taken_port():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert h.free_port(port) != port


def test_emails_are_counted_per_notification_even_with_folded_headers(tmp_path: Path):
    (tmp_path / "a.log").write_text("Subject: x\nMessage-ID: \n <1.2.3.T-AB12.n7@support.example>\n\nbody\n")
    (tmp_path / "b.log").write_text(
        "Message-ID: <1.2.3.T-AB12.n7@support.example>\n\n---\nMessage-ID: <9.T-CD.n8@support.example>\n"
    )
    assert h.emails_per_notification(tmp_path) == {7: 2, 8: 1}
    assert h.emails_per_notification(tmp_path / "missing") == {}


def test_corpus_company_is_the_union_without_repeats():
    rows = [
        {"context": {"company": {"names": ["A"], "phones": ["1"]}}},
        {"context": {"company": {"names": ["B", "A"], "phones": []}}},
    ]
    assert h.corpus_company(rows) == {"names": ["A", "B"], "phones": ["1"]}


def test_drill_rows_have_the_asked_leaky_share_and_repeat():
    rows = h.load_corpus()
    chosen = fault_drill.choose_rows(rows, 200, 0.3)
    assert len(chosen) == 200 and sum(bool(r["labels"]) for r in chosen) == 60
    assert chosen == fault_drill.choose_rows(rows, 200, 0.3)


def test_fault_timeline_orders_faults_and_can_skip_the_postgres_restart():
    drill = fault_drill.Drill(workers=[], redis=None, pg_restart=True)
    names = [name for _, name, _ in fault_drill.fault_timeline(drill)]
    assert names.count("kill pools") == 3 and "redis restart (wiped)" in names and "postgres restart" in names
    fractions = [f for f, _, _ in fault_drill.fault_timeline(drill)]
    assert fractions == sorted(fractions) and fractions[-1] < 1
    drill.pg_restart = False
    assert "postgres restart" not in [name for _, name, _ in fault_drill.fault_timeline(drill)]


def test_wait_until_reports_the_wait_or_none():
    flag = threading.Event()
    threading.Timer(0.05, flag.set).start()
    assert h.wait_until(flag.is_set, timeout=2, interval=0.01) is not None
    assert h.wait_until(lambda: False, timeout=0.05, interval=0.01) is None


@pytest.mark.django_db
def test_seeded_tickets_carry_the_corpus_context_the_gate_scans_against():
    from redaction.context import ticket_context
    from tickets.models import Ticket

    rows = [r for r in h.load_corpus() if r["context"]["calls"] and r["context"]["contacts"]][:3]
    jobs = h.seed_tickets(rows)
    assert [text for _, _, text, _ in jobs] == [r["text"] for r in rows]
    for (ticket_id, author_id, _text, leaky), row in zip(jobs, rows, strict=True):
        ticket = Ticket.objects.select_related("customer__organization").get(pk=ticket_id)
        context = ticket_context(ticket=ticket, author=ticket.queue.members.get(pk=author_id))
        expected = row["context"]
        assert context["channel"] == expected["channel"]
        assert context["customer"]["phones"] == expected["customer"]["phones"]
        assert context["customer"]["cards"] == [c[-4:] for c in expected["customer"]["cards"]]
        assert set(expected["private_messages"]) <= set(context["private_messages"])
        assert len(context["calls"]) >= len(expected["calls"])
        assert {c["name"] for c in expected["contacts"]} <= {c["name"] for c in context["contacts"]}
        assert context["agent"]["alias"] == expected["agent"]["alias"]
        assert leaky == bool(row["labels"])
