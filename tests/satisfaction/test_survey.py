"""The survey email: sent once when a ticket is solved as resolved, to customers who may be emailed, signed by
the team and crediting the persona, never a real name."""
import re

import pytest
from django.core import mail

from tests.factories import CustomerFactory, TicketFactory
from tests.satisfaction.conftest import solve
from tickets.models import Channel, Notification, Restriction, Status, TicketEvent
from tickets.notifications import CSAT_REQUEST, notification_email
from tickets.satisfaction.models import SatisfactionSurvey
from tickets.services import customer_message_add, ticket_change

pytestmark = pytest.mark.django_db

REAL = ("Alicia", "Realname", "alice@home.example", "alice")


def test_solving_sends_one_survey_with_two_signed_links(answered, alice):
    solve(answered, alice)
    survey = SatisfactionSurvey.objects.get()
    assert survey.ticket == answered and survey.queue == answered.queue
    assert survey.persona == alice.staff.persona and survey.alias == "Harbor Wren"
    notification = Notification.objects.get(kind=CSAT_REQUEST)
    assert notification.customer == answered.customer and notification.ticket == answered
    links = re.findall(r"http://\S+/rate/(\S+)/\?r=(good|bad)", notification.body)
    assert [rating for _token, rating in links] == ["good", "bad"]
    assert links[0][0] == links[1][0]
    email = notification_email(notification)
    assert email.to == ["dave@mail.example"]
    assert email.subject == f"[{answered.reference}] How did we do?"
    # sent by no person: marked so the customer's out-of-office does not answer it (and no loop starts)
    assert email.message()["Auto-Submitted"] == "auto-generated"
    assert email.message()["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    text = email.subject + email.body + email.from_email
    for secret in REAL:
        assert secret not in text, secret
    assert TicketEvent.objects.filter(ticket=answered, kind="survey_sent").exists()


def test_the_email_goes_out_through_the_outbox(answered, alice, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        solve(answered, alice)
    sent = [m for m in mail.outbox if "How did we do?" in m.subject]
    assert len(sent) == 1 and "/rate/" in sent[0].body


def test_suspended_customer_gets_no_survey(answered, alice):
    customer = answered.customer
    customer.restriction = Restriction.SUSPENDED
    customer.save()
    solve(answered, alice)
    assert not SatisfactionSurvey.objects.exists()
    assert not Notification.objects.filter(kind=CSAT_REQUEST).exists()


def test_public_poster_without_email_gets_no_survey(alice, queue_a):
    poster = CustomerFactory(handle="@priya_p", emails=[])
    ticket = TicketFactory(customer=poster, queue=queue_a, channel=Channel.SOCIAL, replies_public=True)
    solve(ticket, alice)
    assert not SatisfactionSurvey.objects.exists()


@pytest.mark.parametrize("reason", ["spam", "no_response_needed"])
def test_tickets_solved_for_other_reasons_get_no_survey(answered, alice, reason):
    solve(answered, alice, reason)
    assert not SatisfactionSurvey.objects.exists()


def test_closing_or_other_changes_send_nothing(answered, alice):
    ticket_change(ticket=answered, actor=alice, status=Status.PENDING)
    ticket_change(ticket=answered, actor=alice, status=Status.CLOSED)
    assert not SatisfactionSurvey.objects.exists()


def test_a_ticket_solved_again_is_surveyed_once(answered, alice, dave):
    solve(answered, alice)
    customer_message_add(ticket=answered, customer=dave.customer, body="Actually it happened again.")
    answered.refresh_from_db()
    assert answered.status == Status.OPEN
    solve(answered, alice)
    assert SatisfactionSurvey.objects.count() == 1
    assert Notification.objects.filter(kind=CSAT_REQUEST).count() == 1


def test_a_ticket_nobody_answered_credits_the_team(dave_ticket, alice):
    solve(dave_ticket, alice)
    survey = SatisfactionSurvey.objects.get()
    assert survey.persona is None and survey.alias == ""


def test_a_template_the_gate_refuses_skips_the_survey_not_the_solve(answered, alice, settings):
    settings.TACT_SUPPORT_NAME = "Alicia Realname and team"
    solve(answered, alice)
    answered.refresh_from_db()
    assert answered.status == Status.SOLVED
    assert not SatisfactionSurvey.objects.exists()
    assert not Notification.objects.filter(kind=CSAT_REQUEST).exists()
