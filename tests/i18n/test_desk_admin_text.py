"""Text added with the queue pages, the tone check and reply files follows the viewer's language; what tools read
(`lint_replies`' JSON) and what people wrote stay as they are."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from escalation.firstresponse import check, default_reply_model
from escalation.templatetags.firstresponse import reply_checklist_context
from tickets.filetypes import FileRefused, file_sniff
from tickets.public.inbound import inbound_post_parse

pytestmark = pytest.mark.django_db
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
PROMISE = "Thanks for writing. We'll put the full amount back on your card today."  # in words no pattern names


def test_a_queue_added_in_german_is_confirmed_in_german(client, adam):
    client.force_login(adam)
    page = client.post(
        reverse("queues"),
        {"name": "Retouren", "slug": "retouren", "email": "retouren@support.example"},
        follow=True,
        **GERMAN,
    )
    html = page.content.decode()
    assert "Queue „Retouren“ angelegt." in html and "added" not in html
    assert "Adresse" in html and "landen in dieser Queue" in html  # the form's label and help text


def test_a_queue_form_error_is_german_and_keeps_what_was_typed(client, adam, queue_a):
    client.force_login(adam)
    page = client.post(reverse("queues"), {"name": "Zweite", "slug": "zweite", "email": queue_a.email}, **GERMAN)
    html = page.content.decode()
    assert page.status_code == 400
    assert "Eine andere Queue sendet von dieser Adresse" in html and "Another queue" not in html
    assert 'value="Zweite"' in html


def test_tone_warnings_show_in_german_while_lint_output_stays_english(dave_ticket):
    with translation.override("de"):
        shown = reply_checklist_context(ticket=dave_ticket, body="We will refund you in full.")["warnings"]
    messages = {w["code"]: w["message"] for w in shown}
    assert messages["promises_outcome"].startswith("Das verspricht ein bestimmtes Ergebnis")
    assert messages["missing_empathy"].startswith("Zeigen Sie Verständnis")
    with translation.override("de"):
        (warning,) = check(PROMISE, first_response=False, model=default_reply_model())
    assert warning.as_dict()["message"].startswith("This promises a specific outcome")  # lint_replies' is English


def test_a_model_warning_names_its_words_in_german(dave_ticket):
    # dave_ticket reads as a first response; the model's promise warning is the one with a span.
    with translation.override("de"):
        shown = reply_checklist_context(ticket=dave_ticket, body=PROMISE)["warnings"]
    (promise,) = [w for w in shown if w["code"] == "promises_outcome"]
    assert "(Gelerntes Modell; es gewichtete: " in promise["message"]
    assert promise["message"].startswith("Das verspricht ein bestimmtes Ergebnis")


def test_the_checker_still_imports_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "from escalation.firstresponse.checker import check; print(check('We will refund you.')[0].message)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("Show the customer you understand")


def test_a_refused_file_says_why_in_german():
    with translation.override("de"), pytest.raises(FileRefused) as refused:
        file_sniff("tool.pdf", b"MZ\x90\x00 not really a pdf")
    assert str(refused.value) == "sie ist ein Windows-Programm"


def test_the_composer_says_draft_saved_in_german(client, alice, dave_ticket):
    client.force_login(alice)
    response = client.post(
        reverse("gate:draft", args=[dave_ticket.reference]),
        {"body": "Halber Gedanke"},
        HTTP_HX_REQUEST="true",
        **GERMAN,
    )
    assert response.content.decode().startswith("Entwurf um ") and "gespeichert." in response.content.decode()


def test_a_public_post_s_field_errors_are_german():
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        inbound_post_parse({"post_id": "1", "text": "Hallo", "author": {"handle": "zwei Wörter"}})
    assert refused.value.message_dict["author.handle"] == ["Ein Handle ist ein Wort."]
