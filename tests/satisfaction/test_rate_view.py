"""The rating page: works without signing in through the signed link; tampered, foreign or expired links do
not; a survey is answered once; a GET (a mail scanner opening the link) never rates."""
import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from tests.satisfaction.conftest import solve
from tickets.models import TicketEvent
from tickets.satisfaction.models import SatisfactionSurvey
from tickets.satisfaction.services import SALT, survey_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(answered, alice):
    solve(answered, alice)
    return SatisfactionSurvey.objects.get()


def url(token):
    return reverse("survey_rate", args=[token])


def test_the_link_shows_the_clicked_answer_and_does_not_rate(client, survey):
    response = client.get(url(survey_token(survey)) + "?r=bad")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'value="bad"[^>]*checked', html) and not re.search(r'value="good"[^>]*checked', html)
    assert survey.ticket.reference in html and "Harbor Wren" in html and "Alicia" not in html
    survey.refresh_from_db()
    assert survey.rated_at is None


def test_posting_rates_once_and_a_second_use_says_already_rated(client, survey):
    token = survey_token(survey)
    response = client.post(url(token), {"rating": "good", "comment": "Quick and kind."})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    survey.refresh_from_db()
    assert (survey.rating, survey.comment) == ("good", "Quick and kind.")
    again = client.post(url(token), {"rating": "bad", "comment": "changed my mind"})
    assert "Already rated" in again.content.decode()
    survey.refresh_from_db()
    assert (survey.rating, survey.comment) == ("good", "Quick and kind.")
    assert "Already rated" in client.get(url(token) + "?r=bad").content.decode()
    assert TicketEvent.objects.filter(kind="survey_rated").count() == 1


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
    lambda t: signing.dumps(999, salt=SALT).split(":")[0] + t[t.index(":"):],  # another id, same signature
    lambda t: t.split(":")[0],  # signature cut off
    lambda t: "not-a-token",
])
def test_tampered_links_are_refused(client, survey, mangle):
    token = mangle(survey_token(survey))
    response = client.post(url(token), {"rating": "bad"})
    assert response.status_code == 404
    assert "does not work" in response.content.decode()
    survey.refresh_from_db()
    assert survey.rated_at is None


def test_a_token_signed_for_something_else_is_refused(client, survey):
    assert client.get(url(signing.dumps(survey.pk))).status_code == 404  # default salt
    assert client.get(url(signing.dumps(survey.pk, salt="tickets.exports"))).status_code == 404


def test_an_expired_link_is_refused(client, survey, monkeypatch, settings):
    settings.TACT_CSAT = {"LINK_DAYS": 14}
    old = int(time.time()) - 15 * 86400
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(old))
    token = survey_token(survey)
    monkeypatch.undo()
    response = client.post(url(token), {"rating": "good"})
    assert response.status_code == 410 and "expired" in response.content.decode()
    survey.refresh_from_db()
    assert survey.rated_at is None


def test_a_link_of_a_deleted_ticket_is_refused(client, survey):
    token = survey_token(survey)
    survey.ticket.deleted_at = survey.ticket.created_at
    survey.ticket.save()
    assert client.get(url(token)).status_code == 404


@pytest.mark.parametrize("data, field", [
    ({"rating": "meh"}, "rating"),
    ({}, "rating"),
    ({"rating": "good", "comment": "x" * 2001}, "comment"),
])
def test_bad_answers_are_form_errors_keeping_the_comment(client, survey, data, field):
    response = client.post(url(survey_token(survey)), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    survey.refresh_from_db()
    assert survey.rated_at is None


def test_a_null_character_in_the_comment_is_a_form_error(client, survey):
    response = client.post(url(survey_token(survey)), {"rating": "good", "comment": "bad \x00 byte"})
    assert response.status_code == 400
    survey.refresh_from_db()
    assert survey.rated_at is None
