"""The retro-audit lead page: leads start a run and watch it; everyone else gets a 404."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from redaction import audit
from redaction.models import AuditRun
from tests.factories import published_reply_message

LEAKY = "Hi, we will call you back on +1 415 555 0134 today."


@pytest.fixture
def leaky_reply(dave_post, alice):
    return published_reply_message(ticket=dave_post, author=alice, alias="Harbor Wren", body=LEAKY)


@pytest.fixture
def rung(monkeypatch):
    from redaction import doorbell

    calls = []
    monkeypatch.setattr(doorbell, "audit_run_enqueue", lambda run_id: calls.append(run_id))
    return calls


@pytest.mark.parametrize("persona", ["alice", "bob", "cora", "dave"])
def test_page_and_start_are_404_for_anyone_but_leads(client, request, persona, rung):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("gate:audit")).status_code == 404
    assert client.post(reverse("gate:audit_run")).status_code == 404
    assert not AuditRun.objects.exists() and rung == []


def test_signed_out_visitors_are_sent_to_login(client):
    response = client.get(reverse("gate:audit"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("persona", ["carol", "adam"])
def test_leads_and_admins_see_the_form(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("gate:audit"))
    assert response.status_code == 200
    assert b"Start an audit" in response.content and b"No audit yet" in response.content


def test_starting_a_run_queues_it_and_the_page_polls_its_progress(
    client, carol, leaky_reply, rung, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("gate:audit_run"), {"since": ""})
    run = AuditRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?run={run.pk}")
    assert rung == [run.pk] and run.started_by == carol and run.total == 1

    page = client.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in page
    assert f'hx-get="{reverse("gate:audit")}?run={run.pk}"' in page and 'hx-trigger="every 1s"' in page
    assert "0 of 1 replies scanned" in page


def test_poll_shows_progress_then_results_linking_to_the_ticket(client, carol, leaky_reply, dave_post):
    client.force_login(carol)
    run = audit.audit_run_start(started_by=carol, enqueue=False)
    AuditRun.objects.filter(pk=run.pk).update(state="running")
    poll = client.get(reverse("gate:audit"), {"run": run.pk}, headers={"HX-Request": "true"}).content.decode()
    assert poll.startswith('<section id="audit-run"') and "Running: 0 of 1" in poll and "every 1s" in poll

    audit.audit_run_execute(run_id=run.pk)
    done = client.get(reverse("gate:audit"), {"run": run.pk}, headers={"HX-Request": "true"}).content.decode()
    assert "Finished: 1 of 1 replies scanned, 1 would be held" in done
    assert "every 1s" not in done  # the poll stops once the run is over
    assert f'{reverse("ticket_detail", args=[dave_post.reference])}#m{leaky_reply.pk}' in done
    assert "phone (characters 29–44)" in done
    assert "415 555" not in done


def test_results_are_filtered_to_the_viewers_queues(client, carol, alice, leaky_reply, queue_a):
    """A lead who no longer works queue A does not see its tickets in an old run."""
    run = audit.audit_run_execute(run_id=audit.audit_run_start(started_by=carol, enqueue=False).pk)
    queue_a.members.remove(carol)
    client.force_login(carol)
    page = client.get(reverse("gate:audit"), {"run": run.pk}).content.decode()
    assert leaky_reply.ticket.reference not in page


def test_another_leads_run_is_404(client, carol, adam, leaky_reply):
    run = audit.audit_run_start(started_by=adam, enqueue=False)
    client.force_login(carol)
    assert client.get(reverse("gate:audit"), {"run": run.pk}).status_code == 404
    assert client.get(reverse("gate:audit"), {"run": "x"}).status_code == 404


def test_a_bad_date_keeps_the_form_with_an_error(client, carol, rung):
    client.force_login(carol)
    response = client.post(reverse("gate:audit_run"), {"since": "not a date"})
    assert response.status_code == 400
    assert b"Enter a valid date." in response.content and b'value="not a date"' in response.content
    assert not AuditRun.objects.exists()


def test_since_is_passed_to_the_run(client, carol, rung, leaky_reply):
    client.force_login(carol)
    day = timezone.localdate() + timedelta(days=1)
    client.post(reverse("gate:audit_run"), {"since": day.isoformat()})
    run = AuditRun.objects.get()
    assert timezone.localtime(run.since).date() == day and run.total == 0


def test_results_page_query_count_is_bounded(client, carol, dave_post, alice, django_assert_max_num_queries):
    for _ in range(30):
        published_reply_message(ticket=dave_post, author=alice, body=LEAKY)
    run = audit.audit_run_execute(run_id=audit.audit_run_start(started_by=carol, enqueue=False).pk)
    assert run.would_hold == 30
    client.force_login(carol)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("gate:audit"), {"run": run.pk})
    assert response.content.decode().count(f"{reverse('ticket_detail', args=[dave_post.reference])}#m") == 30
