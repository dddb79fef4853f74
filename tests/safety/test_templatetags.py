from django.template import Context, Template
from django.test import RequestFactory

from escalation.safety import safety_report_file, safety_restrict


def _render(source, user, **context):
    request = RequestFactory().get("/inbox/t/x/")
    request.user = user
    return Template("{% load safety %}" + source).render(Context({"request": request, "csrf_token": "t", **context}))


def test_staff_see_a_report_control_beside_a_customer_message(alice, creepy_message):
    html = _render("{% safety_flag message %}", alice, message=creepy_message)
    assert "Report harassment" in html
    # A link to the message's form (htmx loads it in place), not a form per message
    assert f'href="/leads/reports/message/{creepy_message.pk}/?next=%2Finbox%2Ft%2Fx%2F"' in html
    assert "<form" not in html


def test_customers_never_get_the_control(dave, creepy_message):
    assert _render("{% safety_flag message %}", dave, message=creepy_message).strip() == ""


def test_side_panel_shows_restriction_and_open_reports(alice, carol, creepy_message, dave_ticket):
    report = safety_report_file(reporter=alice, customer=dave_ticket.customer, message=creepy_message,
                                category="abusive")
    safety_restrict(escalation=report, lead=carol)
    dave_ticket.customer.refresh_from_db()
    html = _render("{% safety_customer_panel customer %}", alice, customer=dave_ticket.customer, ticket=dave_ticket)
    assert "Restricted" in html and "never a named agent" in html
    assert "Report this customer" in html
    assert f'name="ticket" value="{dave_ticket.pk}"' in html
