"""The ticket page: ownership, thread, customer context, changes, calls, notes, macros, kept input."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CallLogFactory,
    ContactFactory,
    MessageFactory,
    OrganizationFactory,
    TicketFactory,
    published_reply_message,
)
from tests.pages import history_fragment
from tickets import services
from tickets.models import CallLog, Macro, MessageKind, Priority, Status, TicketEvent
from tickets.selectors import HISTORY_RECENT, THREAD_RECENT


def page(ticket, name="ticket_detail"):
    return reverse(name, kwargs={"reference": ticket.reference})


# --- Ownership ----------------------------------------------------------------------------------------------


def test_ticket_page_url():
    assert reverse("ticket_detail", kwargs={"reference": "T-ABC"}) == "/inbox/t/T-ABC/"


def test_bob_gets_404_on_daves_ticket_and_learns_nothing(client, bob, dave_ticket):
    client.force_login(bob)
    response = client.get(page(dave_ticket))
    assert response.status_code == 404
    assert dave_ticket.subject not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ticket_update", {"change-status": "solved", "change-priority": "4", "change-queue": "billing"}),
        ("ticket_note_add", {"note-body": "hello"}),
        ("ticket_call_log", {"call-at": "2026-01-05T10:30", "call-duration_minutes": "5"}),
    ],
)
def test_bob_cannot_change_daves_ticket(client, bob, dave_ticket, name, data):
    client.force_login(bob)
    assert client.post(page(dave_ticket, name), data).status_code == 404
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.NEW
    assert not TicketEvent.objects.filter(ticket=dave_ticket).exists()
    assert not CallLog.objects.exists()


def test_bob_cannot_render_macros_on_daves_ticket(client, bob, dave_ticket):
    macro = Macro.objects.create(name="Hi", body="Hi {customer_handle}")
    client.force_login(bob)
    assert client.get(page(dave_ticket, "ticket_macro"), {"macro": macro.pk}).status_code == 404


def test_customer_gets_404_even_on_their_own_ticket_here(client, dave, dave_ticket):
    client.force_login(dave)
    assert client.get(page(dave_ticket)).status_code == 404


def test_signed_out_visitor_goes_to_login(client, dave_ticket):
    response = client.get(page(dave_ticket))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_soft_deleted_ticket_is_404(alice_client, dave_ticket):
    dave_ticket.deleted_at = timezone.now()
    dave_ticket.save()
    assert alice_client.get(page(dave_ticket)).status_code == 404


def test_change_form_refuses_get(alice_client, dave_ticket):
    assert alice_client.get(page(dave_ticket, "ticket_update")).status_code == 405


# --- What the page shows ------------------------------------------------------------------------------------


def test_thread_shows_messages_replies_by_persona_and_distinct_notes(alice_client, alice, dave_ticket):
    published_reply_message(ticket=dave_ticket, author=alice, body="We refunded you.", alias="Harbor Wren",
                                  avatar_seed="alice-seed")
    services.note_add(ticket=dave_ticket, author=alice, body="Ledger checked, refund id 42")
    html = alice_client.get(page(dave_ticket)).content.decode()
    assert "I was charged twice this month" in html
    assert 'class="msg reply"' in html and "We refunded you." in html
    assert 'class="msg note"' in html and "Internal note" in html and "Ledger checked" in html
    assert reverse("agents:avatar", kwargs={"seed": "alice-seed"}) in html
    assert "Realname" not in html and "Alicia" not in html


def test_the_thread_reads_its_customers_names_not_their_contact_details(alice_client, dave, dave_ticket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    MessageFactory(ticket=dave_ticket, body="Any news?")
    with CaptureQueriesContext(connection) as queries:
        html = alice_client.get(page(dave_ticket)).content.decode()
    [thread] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "tickets_message"."id"')]
    assert '"tickets_customer"."name"' in thread and '"tickets_customer"."emails"' not in thread
    assert html.count(f"<strong>{dave.customer.handle or dave.customer.name}</strong>") == 2


def test_the_history_reads_its_actors_personas_not_their_accounts(alice_client, alice, dave_ticket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.note_add(ticket=dave_ticket, author=alice, body="Checked the ledger.")
    with CaptureQueriesContext(connection) as queries:
        html = history_fragment(alice_client, dave_ticket)
    [history] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "tickets_ticketevent"')]
    assert '"agents_persona"."alias"' in history
    assert '"auth_user"."password"' not in history and '"auth_user"."first_name"' not in history
    assert f"<strong>{alice.staff.persona.alias}</strong>" in html


def test_side_panel_shows_customer_organization_and_calls(alice_client, alice, dave, dave_ticket):
    organization = OrganizationFactory(name="Acme Ltd")
    ContactFactory(organization=organization, name="Olive Contact", role="Finance")
    dave.customer.organization = organization
    dave.customer.save()
    CallLogFactory(customer=dave.customer, ticket=dave_ticket, agent=alice, duration_s=600,
                   summary="Explained the double charge")
    other = TicketFactory(queue=dave_ticket.queue, customer=dave.customer)
    CallLogFactory(customer=dave.customer, ticket=other, agent=alice, duration_s=45, summary="Asked about a refund")
    html = alice_client.get(page(dave_ticket)).content.decode()
    for text in ["Dave Customer", "@davec", "dave@mail.example", "+1 415 555 0134", "ACC-100200",
                 "Acme Ltd", "Olive Contact", "Finance", "Explained the double charge", "10&nbsp;min",
                 "Asked about a refund", "45&nbsp;s", f"· {other.reference}"]:
        assert text in html, text
    assert f"· {dave_ticket.reference}" not in html  # a call about this ticket does not name it


def test_side_panel_leaves_out_calls_about_another_queues_tickets(alice_client, bob, dave, dave_ticket, queue_b):
    """A call's summary is as internal as a note: alice (billing) reads the calls about tickets she may read and
    those logged without a ticket, never one about dave's ticket in the technical queue, nor its reference."""
    elsewhere = TicketFactory(queue=queue_b, customer=dave.customer)
    CallLogFactory(customer=dave.customer, ticket=elsewhere, agent=bob, duration_s=120,
                   summary="Walked through the outage in the technical queue")
    CallLogFactory(customer=dave.customer, ticket=None, agent=bob, duration_s=30, summary="Called about his plan")
    html = alice_client.get(page(dave_ticket)).content.decode()
    assert "Called about his plan" in html
    assert "Walked through the outage" not in html
    assert elsewhere.reference not in html


def test_page_includes_composer_and_safety_hooks(alice_client, dave_ticket):
    html = alice_client.get(page(dave_ticket)).content.decode()
    assert 'id="reply-body"' in html
    assert 'id="composer"' in html


@pytest.mark.parametrize("messages", [1, THREAD_RECENT - 1])
def test_page_renders_the_report_form_once_whatever_the_thread_length(alice_client, dave_ticket, messages):
    for n in range(messages):
        MessageFactory(ticket=dave_ticket, body=f"Message {n}")
    html = alice_client.get(page(dave_ticket)).content.decode()
    assert html.count('class="report-form"') == 1  # the side panel's; each message links to its own
    assert html.count('class="safety-flag"') == html.count('class="msg customer') >= messages


def test_ticket_page_query_count_is_bounded(alice_client, alice, dave_ticket, django_assert_max_num_queries):
    notes = (THREAD_RECENT - 1) // 2  # the thread's page shows all of them
    for n in range(notes):
        MessageFactory(ticket=dave_ticket, body=f"Message {n}")
        services.note_add(ticket=dave_ticket, author=alice, body=f"Note {n}")
    with django_assert_max_num_queries(23):  # 16 measured with the composer and safety tags, before session checks
        response = alice_client.get(page(dave_ticket))
    assert response.content.decode().count('class="msg note"') == notes


def _older_link(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+\?older=[^"#]+)#thread"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_long_thread_shows_the_newest_messages_and_pages_older_ones(alice_client, dave_ticket):
    start = dave_ticket.messages.get().created_at
    for n in range(1, 150):  # the fixture's ticket has one message already: 150 in all
        MessageFactory(ticket=dave_ticket, body=f"Numbered message {n:03d}.", created_at=start + timedelta(minutes=n))
    html = alice_client.get(page(dave_ticket)).content.decode()
    shown = re.findall(r"Numbered message (\d{3})", html)
    page_size = THREAD_RECENT
    assert shown == [f"{n:03d}" for n in range(150 - page_size, 150)]  # the newest page, oldest first
    older = _older_link(html)
    assert older and "Show older messages" in html
    # htmx asks for the page before them: a fragment with those messages and the next "Show older" link.
    fragment = alice_client.get(older, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert re.findall(r"Numbered message (\d{3})", fragment) == [
        f"{n:03d}" for n in range(150 - 2 * page_size, 150 - page_size)]
    seen, url = page_size, older
    while url:
        body = alice_client.get(url, headers={"HX-Request": "true"}).content.decode()
        seen += body.count('class="msg customer"')
        url = _older_link(body)
    assert seen == 150
    # Without htmx the link opens the page at those messages.
    whole = alice_client.get(older).content.decode()
    first_older = f"Numbered message {150 - 2 * page_size:03d}."
    assert "<html" in whole and first_older in whole and "Numbered message 149." not in whole


def test_a_broken_show_older_link_shows_the_newest_messages(alice_client, dave_ticket):
    response = alice_client.get(page(dave_ticket) + "?older=forged", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "I was charged twice this month" in response.content.decode()


# --- Changing the ticket ------------------------------------------------------------------------------------


def _change(ticket, **overrides):
    data = {"change-status": ticket.status, "change-priority": str(ticket.priority),
            "change-assignee": str(ticket.assignee_id or ""), "change-queue": ticket.queue.slug}
    data.update({f"change-{k}": v for k, v in overrides.items()})
    return data


def test_change_status_priority_assignee_through_the_service(alice_client, alice, dave_ticket):
    response = alice_client.post(page(dave_ticket, "ticket_update"),
                                 _change(dave_ticket, status="pending", priority="3", assignee=str(alice.pk)))
    assert response.status_code == 302 and response["Location"] == page(dave_ticket)
    dave_ticket.refresh_from_db()
    assert (dave_ticket.status, dave_ticket.priority, dave_ticket.assignee) == (Status.PENDING, Priority.HIGH, alice)
    assert set(TicketEvent.objects.filter(ticket=dave_ticket).values_list("kind", flat=True)) == {
        "status", "priority", "assignee"}
    html = history_fragment(alice_client, dave_ticket)
    assert "changed the status from New to Pending" in html and "Harbor Wren</strong> took the ticket" in html


def test_change_via_htmx_returns_the_panel_and_out_of_band_summary(alice_client, dave_ticket):
    response = alice_client.post(page(dave_ticket, "ticket_update"), _change(dave_ticket, status="open"),
                                 headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="ticket-props"' in html
    assert 'id="ticket-summary" class="ticket-summary" hx-swap-oob="true"' in html
    assert '<span class="badge open">Open</span>' in html


def test_shielded_agent_is_refused_inline_and_choices_are_kept(client, carol, alice, dave_ticket):
    dave_ticket.customer.shielded_agents.add(alice)
    client.force_login(carol)
    response = client.post(page(dave_ticket, "ticket_update"),
                           _change(dave_ticket, status="pending", assignee=str(alice.pk)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "may not be assigned to that agent" in html
    assert '<option value="pending" selected>' in html  # what the lead chose is still there
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee is None and dave_ticket.status == Status.NEW


def test_assignee_outside_the_queue_is_not_offered(alice_client, bob, dave_ticket):
    response = alice_client.post(page(dave_ticket, "ticket_update"), _change(dave_ticket, assignee=str(bob.pk)))
    assert "Select a valid choice" in response.content.decode()
    assert "Quiet Pine" not in response.content.decode()


def test_queue_choices_are_only_the_viewers_queues(alice_client, dave_ticket):
    response = alice_client.post(page(dave_ticket, "ticket_update"), _change(dave_ticket, queue="tech"))
    assert "Select a valid choice" in response.content.decode()
    dave_ticket.refresh_from_db()
    assert dave_ticket.queue.slug == "billing"


def test_lead_moves_a_ticket_between_her_queues(client, carol, dave_ticket):
    client.force_login(carol)
    response = client.post(page(dave_ticket, "ticket_update"), _change(dave_ticket, queue="tech"))
    assert response.status_code == 302
    dave_ticket.refresh_from_db()
    assert dave_ticket.queue.slug == "tech"
    assert "moved the ticket from Billing to Technical" in history_fragment(client, dave_ticket)


# --- Calls and notes ----------------------------------------------------------------------------------------


def test_log_a_call(alice_client, alice, dave_ticket):
    response = alice_client.post(page(dave_ticket, "ticket_call_log"), {
        "call-at": "2026-01-05T10:30", "call-duration_minutes": "12", "call-summary": "Walked through refund"})
    assert response.status_code == 302
    call = CallLog.objects.get()
    assert (call.customer, call.ticket, call.agent, call.duration_s) == (dave_ticket.customer, dave_ticket, alice, 720)
    assert call.at.tzinfo is not None and call.at.hour == 10
    assert TicketEvent.objects.filter(ticket=dave_ticket, kind="call_logged").exists()


def test_bad_call_input_keeps_what_was_typed(alice_client, dave_ticket):
    response = alice_client.post(page(dave_ticket, "ticket_call_log"), {
        "call-at": "not a date", "call-duration_minutes": "-3", "call-summary": "Long talk about the refund"},
        headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date/time" in html
    assert "greater than or equal to 0" in html
    assert "Long talk about the refund" in html and 'value="not a date"' in html
    assert not CallLog.objects.exists()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("9999-12-31T23:59", "in the future"), ("0001-01-01T00:00", "check the year"),
        ("1999-12-31T23:00", "check the year"),
    ],
)
def test_a_call_in_an_absurd_year_is_a_form_error_that_keeps_what_was_typed(alice_client, dave_ticket, typed, said):
    response = alice_client.post(page(dave_ticket, "ticket_call_log"), {
        "call-at": typed, "call-duration_minutes": "5", "call-summary": "Talked about the refund"},
        headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and said in html
    assert f'value="{typed}"' in html and "Talked about the refund" in html
    assert not CallLog.objects.exists()


def test_add_an_internal_note_with_htmx_updates_thread_out_of_band(alice_client, dave_ticket):
    response = alice_client.post(page(dave_ticket, "ticket_note_add"), {"note-body": "Customer is a VIP"},
                                 headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="thread" class="thread" hx-swap-oob="true"' in html
    assert "Customer is a VIP" in html
    assert dave_ticket.messages.filter(kind=MessageKind.INTERNAL_NOTE, body="Customer is a VIP").exists()


def test_too_long_note_is_refused_and_kept(alice_client, dave_ticket, settings):
    settings.TACT_LIMITS = {**settings.TACT_LIMITS, "MESSAGE_MAX_CHARS": 100}
    text = "Careful wording " * 10
    response = alice_client.post(page(dave_ticket, "ticket_note_add"), {"note-body": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "limited to 100 characters" in html
    assert text.strip() in html
    assert not dave_ticket.messages.filter(kind=MessageKind.INTERNAL_NOTE).exists()


# --- Macros -------------------------------------------------------------------------------------------------


def test_macro_picker_lists_queue_and_global_macros_only(alice_client, dave_ticket, queue_a, queue_b):
    Macro.objects.create(name="Billing thanks", body="Thanks", queue=queue_a)
    Macro.objects.create(name="Global hello", body="Hello")
    Macro.objects.create(name="Tech only", body="Reboot", queue=queue_b)
    html = alice_client.get(page(dave_ticket)).content.decode()
    assert "Billing thanks" in html and "Global hello" in html
    assert "Tech only" not in html


def test_macro_endpoint_renders_safe_placeholders_as_plain_text(alice_client, dave_ticket):
    macro = Macro.objects.create(name="Hi", body="Hi {customer_handle}, {agent_alias} here about {ticket_reference}.")
    response = alice_client.get(page(dave_ticket, "ticket_macro"), {"macro": macro.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == f"Hi @davec, Harbor Wren here about {dave_ticket.reference}."


def test_macro_from_another_queue_is_404(alice_client, dave_ticket, queue_b):
    macro = Macro.objects.create(name="Tech", body="Reboot", queue=queue_b)
    assert alice_client.get(page(dave_ticket, "ticket_macro"), {"macro": macro.pk}).status_code == 404


def test_macro_with_a_bad_placeholder_explains_itself(alice_client, dave_ticket):
    macro = Macro.objects.create(name="Bad", body="Dear {customer_name}")
    response = alice_client.get(page(dave_ticket, "ticket_macro"), {"macro": macro.pk})
    assert response.status_code == 400
    assert "Unknown placeholder {customer_name}" in response.content.decode()


def test_macro_endpoint_without_a_choice_is_400(alice_client, dave_ticket):
    assert alice_client.get(page(dave_ticket, "ticket_macro"), {"macro": "x"}).status_code == 400


def test_history_lists_events(alice_client, alice, dave_ticket):
    services.call_log(customer=dave_ticket.customer, agent=alice, at=timezone.now() - timedelta(hours=1),
                      duration_s=30, ticket=dave_ticket)
    html = history_fragment(alice_client, dave_ticket)
    assert "<strong>Harbor Wren</strong> logged a call" in html


def test_the_page_loads_its_history_only_when_opened(alice_client, alice, dave_ticket):
    services.note_add(ticket=dave_ticket, author=alice, body="Checked the ledger.")
    html = alice_client.get(page(dave_ticket)).content.decode()
    assert "added an internal note" not in html and '<ol class="history">' not in html
    details = re.search(r'<details id="history"[^>]*>', html).group(0)
    assert f'hx-get="{page(dave_ticket)}?history=recent"' in details and 'hx-trigger="toggle once"' in details
    assert " open" not in details
    # Without JavaScript the collapsed history still links to the whole of it.
    assert f'<a href="{page(dave_ticket)}?history=all#history">Show the whole history</a>' in html
    assert "<strong>Harbor Wren</strong> added an internal note" in history_fragment(alice_client, dave_ticket)


def test_the_whole_history_without_javascript_is_the_page_with_it_open(alice_client, alice, dave_ticket):
    for n in range(HISTORY_RECENT + 5):
        services.note_add(ticket=dave_ticket, author=alice, body=f"Note {n}")
    recent = history_fragment(alice_client, dave_ticket)
    assert recent.count("added an internal note") == HISTORY_RECENT and "Show the whole history" in recent
    html = alice_client.get(page(dave_ticket), {"history": "all"}).content.decode()
    assert "<html" in html and re.search(r'<details id="history" class="card" open>', html)
    assert html.count("added an internal note") == HISTORY_RECENT + 5 and "Show the whole history" not in html
    assert history_fragment(alice_client, dave_ticket, "all").count("added an internal note") == HISTORY_RECENT + 5


@pytest.mark.parametrize("who", ["bob", "dave"])
def test_the_history_fragment_is_only_for_the_tickets_staff(client, request, who, dave_ticket):
    client.force_login(request.getfixturevalue(who))  # another queue's agent; the ticket's own customer
    response = client.get(page(dave_ticket), {"history": "recent"}, headers={"HX-Request": "true"})
    assert response.status_code == 404 and "history" not in response.content.decode().lower()


def test_a_change_refreshes_the_history_closed_to_load_again(alice_client, dave_ticket):
    html = alice_client.post(page(dave_ticket, "ticket_update"), _change(dave_ticket, status="open"),
                             headers={"HX-Request": "true"}).content.decode()
    details = re.search(r'<details id="history"[^>]*>', html).group(0)
    assert 'hx-swap-oob="true"' in details and 'hx-trigger="toggle once"' in details
    assert "changed the status from New to Open" in history_fragment(alice_client, dave_ticket)
