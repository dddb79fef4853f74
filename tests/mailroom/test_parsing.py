"""Reading real-world-shaped messages: charsets, HTML, inline images, forwards, machines' mail."""
import pytest

from mailroom.html_text import html_to_text
from mailroom.parsing import MailParseError, automatic_reason, dedupe_key, email_parse, reply_trim
from tests.mailroom.conftest import compose, sample


def test_multipart_alternative_reads_the_plain_part_and_trims_the_signature():
    parsed = email_parse(sample("multipart_alternative.eml"))
    assert parsed.sender == "maria.lopez@example.net"  # lower-cased, so any capitalisation matches
    assert parsed.sender_name == "Maria Lopez"
    assert parsed.message_id == "<CAF=x8Z1mQ7-abc123@mail.example.net>"
    assert "charged twice for invoice 4471 – could you refund" in parsed.text
    trimmed = reply_trim(parsed.text)
    assert trimmed.startswith("Hello,")
    assert "Head of Finance" not in trimmed and "+34 600" not in trimmed
    assert parsed.files == []  # the HTML twin is not a file


def test_html_only_body_becomes_text_without_script_style_or_title():
    text = email_parse(sample("html_only.eml")).text
    assert "The app crashes when I open it & nothing loads." in text
    assert "my log <https://status.baker.example/log>" in text
    assert "- Version 4.2" in text and "- Android 14" in text
    for hidden in ("alert", "agent cookie", "color: red", "ignored title", "<p>"):
        assert hidden not in text


def test_html_blockquote_is_marked_as_a_quote_and_trimmed():
    html = "<p>Still broken.</p><div>On Mon, Support wrote:</div><blockquote><p>Try again</p></blockquote>"
    text = html_to_text(html)
    assert "> Try again" in text
    assert reply_trim(text) == "Still broken."


def test_inline_image_and_attachment_are_files_with_their_names():
    parsed = email_parse(sample("inline_image.eml"))
    assert parsed.text.startswith("Here is the error I see:")
    files = {f.filename: f for f in parsed.files}
    assert set(files) == {"screenshot.png", "crash-report.pdf"}
    assert files["screenshot.png"].inline and files["screenshot.png"].content.startswith(b"\x89PNG")
    assert not files["crash-report.pdf"].inline and files["crash-report.pdf"].content.startswith(b"%PDF")


@pytest.mark.parametrize(("name", "subject", "sender_name", "words"), [
    ("iso_8859_1.eml", "Rechnung für März", "Jürgen Müller", "Können Sie das prüfen?"),
    ("shift_jis.eml", "請求書について", "山田", "請求書の金額が間違っています。"),
    ("windows_1252.eml", "Wrong price", "Sean O'Brien", "The “Premium” plan cost me €49 – not €39"),
])
def test_non_utf8_charsets_are_decoded(name, subject, sender_name, words):
    parsed = email_parse(sample(name))
    assert parsed.subject == subject
    assert parsed.sender_name == sender_name
    assert words in parsed.text


def test_forwarded_mail_keeps_what_was_forwarded():
    parsed = email_parse(sample("forwarded.eml"))
    kept = reply_trim(parsed.text, forwarded=parsed.forwarded)
    assert "Please look at the receipt below" in kept
    assert "Total: 129.00 EUR" in kept and "Order: 55-1234" in kept


@pytest.mark.parametrize(("text", "kept", "gone"), [
    ("Thanks, it works.\n\nOn Tue, 1 Dec 2026 at 10:00, Billing <billing@support.example> wrote:\n> Try again\n",
     "Thanks, it works.", "Try again"),
    ("Still broken.\n\n-----Original Message-----\nFrom: Billing\nSent: Monday\n\nWe fixed it.\n",
     "Still broken.", "We fixed it"),
    ("Here you go.\n\n-- \nTom Baker\n+1 555 0100\n", "Here you go.", "+1 555 0100"),
    ("Not happy.\n> earlier\n> text\n", "Not happy.", "earlier"),
])
def test_quoted_history_and_signatures_are_trimmed(text, kept, gone):
    trimmed = reply_trim(text)
    assert kept in trimmed
    assert gone not in trimmed


def test_a_message_that_is_only_a_quote_is_kept_rather_than_emptied():
    assert reply_trim("> only\n> quoted") == "> only\n> quoted"


MACHINE_MAIL = [
    (sample("auto_reply.eml"), "Auto-Submitted: auto-replied"),
    (sample("bounce_dsn.eml"), "delivery report (delivery-status)"),
    (compose(headers={"Auto-Submitted": "auto-generated"}), "Auto-Submitted: auto-generated"),
    (compose(headers={"Precedence": "bulk"}), "Precedence: bulk"),
    (compose(headers={"Precedence": "list"}), "Precedence: list"),
    (compose(headers={"Precedence": "junk"}), "Precedence: junk"),
    (compose(headers={"X-Autoreply": "yes"}), "X-Autoreply header"),
    (compose(headers={"X-Autorespond": "Out of office"}), "X-Autorespond header"),
    (compose(sender="MAILER-DAEMON@mx.example.net"), "sent by mailer-daemon"),
    (compose(sender="postmaster@mx.example.net"), "sent by postmaster"),
    (compose(sender="notices@shop.example", headers={"Return-Path": "<>"}), "empty Return-Path (a bounce)"),
]


@pytest.mark.parametrize(("raw", "reason"), MACHINE_MAIL)
def test_machines_mail_is_recognised(raw, reason):
    parsed = email_parse(raw)
    assert automatic_reason(parsed.message, sender=parsed.sender) == reason


def test_a_person_s_mail_is_not_automatic_even_with_auto_submitted_no():
    parsed = email_parse(compose(headers={"Auto-Submitted": "no"}))
    assert automatic_reason(parsed.message, sender=parsed.sender) == ""


def test_malformed_message_raises_a_parse_error():
    with pytest.raises(MailParseError, match="no sender address"):
        email_parse(sample("malformed.eml"))


def test_dedupe_key_is_the_message_id_else_the_content_hash():
    assert dedupe_key(sample("multipart_alternative.eml")) == "id:<CAF=x8Z1mQ7-abc123@mail.example.net>"
    malformed = dedupe_key(sample("malformed.eml"))
    assert malformed.startswith("sha256:") and malformed == dedupe_key(sample("malformed.eml"))
    assert dedupe_key(b"Subject: a\n\nx") != dedupe_key(b"Subject: b\n\nx")


def test_threading_ids_come_nearest_first():
    parsed = email_parse(compose(headers={"In-Reply-To": "<c@x>", "References": "<a@x> <b@x> <c@x>"}))
    assert parsed.thread_ids == ["<c@x>", "<b@x>", "<a@x>"]
    assert email_parse(compose(subject="Re: [T-1A2B3C4D] Charged twice")).subject_reference == "T-1A2B3C4D"


def test_every_reason_written_is_one_a_page_can_translate():
    from django.utils import translation

    from mailroom import reasons

    for _raw, reason in MACHINE_MAIL:
        with translation.override("de"):
            assert reasons.reason_display(reason) != reason, reason
    with translation.override("de"):
        assert reasons.reason_display("sent by mailer-daemon") == "gesendet von mailer-daemon"
        assert reasons.reason_display(reasons.OWN_QUEUE_ADDRESS).startswith("von einer unserer Queue-Adressen")
    assert reasons.reason_display("sent by mailer-daemon") == "sent by mailer-daemon"
