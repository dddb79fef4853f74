from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from escalation.safety import safety_report_file, safety_restrict
from tickets import services
from tickets.thread_rows import thread_rows


def _render(source, user, **context):
    request = RequestFactory().get("/inbox/t/x/")
    request.user = user
    return Template("{% load safety %}" + source).render(Context({"request": request, "csrf_token": "t", **context}))


def test_staff_see_a_report_control_beside_a_customer_message(alice, creepy_message):
    row, = thread_rows([creepy_message], ticket=creepy_message.ticket, viewer=alice, next_path="/inbox/t/x/")
    # A link to the message's form (htmx loads it in place), not a form per message
    assert row.report_url == f"/leads/reports/message/{creepy_message.pk}/?next=%2Finbox%2Ft%2Fx%2F"


def test_customers_never_get_the_control(dave, creepy_message):
    row, = thread_rows([creepy_message], ticket=creepy_message.ticket, viewer=dave, next_path="/inbox/t/x/")
    assert row.report_url == ""


def test_the_ticket_page_shows_the_control_beside_customer_messages_only(alice, creepy_message):
    services.note_add(ticket=creepy_message.ticket, author=alice, body="Flagged to the lead.")
    from django.test import Client

    client = Client()
    client.force_login(alice)
    reference = creepy_message.ticket.reference
    html = client.get(reverse("ticket_detail", args=[reference])).content.decode()
    thread = html.split('id="thread"')[1].split("</section>")[0]
    assert thread.count("Report harassment") == thread.count('class="msg customer"') >= 2
    assert f'href="/leads/reports/message/{creepy_message.pk}/?next=%2Finbox%2Ft%2F{reference}%2F"' in html
    assert "<form" not in html.split(f'id="m{creepy_message.pk}"')[1].split("</article>")[0]


def test_side_panel_shows_restriction_and_open_reports(alice, carol, creepy_message, dave_ticket):
    report = safety_report_file(reporter=alice, customer=dave_ticket.customer, message=creepy_message,
                                category="abusive")
    safety_restrict(escalation=report, lead=carol)
    dave_ticket.customer.refresh_from_db()
    html = _render("{% safety_customer_panel customer %}", alice, customer=dave_ticket.customer, ticket=dave_ticket)
    assert "Restricted" in html and "never a named agent" in html
    assert "Report this customer" in html
    assert f'name="ticket" value="{dave_ticket.pk}"' in html


def test_the_ticket_page_reads_its_escalations_and_the_customers_reports_at_once(alice, dave_ticket, queue_a):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from escalation.models import Category
    from escalation.services import escalation_raise
    from tests.factories import MessageFactory, TicketFactory

    other = TicketFactory(customer=dave_ticket.customer, queue=queue_a)
    safety_report_file(reporter=alice, customer=dave_ticket.customer, category="abusive",
                       message=MessageFactory(ticket=other, body="You are useless, I will find you."))
    escalation_raise(ticket=dave_ticket, category=Category.LEGAL_REGULATORY,
                     message=dave_ticket.messages.first(), raised_by=alice)
    client = Client()
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert sum('FROM "escalation_escalation"' in q["sql"] for q in queries.captured_queries) == 1
    assert "1 open harassment report" in html
    panel = html.split('class="ticket-escalations"')[1].split("</section>")[0]
    assert panel.count('class="badge held"') == 1  # this ticket's escalation, not the report on the other one
