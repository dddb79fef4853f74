"""Reading an inbound email: the standard library's `email` package (policy.default) does the MIME work.

`email_parse` turns raw RFC 822 bytes into what intake needs (sender, subject, threading ids, the text, the
files); `automatic_reason` says why a message was sent by a machine (auto-reply, bounce, list) so it never
becomes a ticket; `reply_trim` keeps the customer's new words and drops quoted history and signatures.
Anything that cannot be read raises `MailParseError`, and the message goes to quarantine.
"""
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message, MIMEPart
from email.parser import BytesParser
from pathlib import PurePosixPath

from mailparser_reply import EmailReplyParser

from mailroom import reasons
from mailroom.html_text import html_to_text

MSGID = re.compile(r"<[^<>\s]{1,250}>")
# The ticket reference our replies carry in their subject, e.g. "Re: [T-1A2B3C4D] Charged twice".
SUBJECT_REFERENCE = re.compile(r"\[(T-[0-9A-F]{8})\]")
# RFC 3834 Auto-Submitted values other than "no"; Precedence values that mark machine or list mail.
AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
AUTOMATIC_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder")
DAEMON_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.IGNORECASE)
FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|wg|tr|rv|doorst)\s*:", re.IGNORECASE)
FORWARD_MARKER = re.compile(r"^\s*(-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:)", re.I | re.M)
# The languages whose "On … wrote:" and "-----Original Message-----" forms the reply trimmer knows.
TRIM_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "sv", "da", "pl", "cs", "ja", "zh", "ko"]


class MailParseError(Exception):
    """The message cannot be read as an email from someone: it is quarantined with this error."""


@dataclass(frozen=True)
class MailFile:
    """A part stored as a file on the ticket: an attachment, an inline image, an attached message."""

    filename: str
    content_type: str
    content: bytes
    inline: bool = False


@dataclass
class ParsedEmail:
    message: EmailMessage
    sender: str
    sender_name: str
    subject: str
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    recipients: list[str]
    text: str
    files: list[MailFile] = field(default_factory=list)

    @property
    def thread_ids(self) -> list[str]:
        """Ids this message answers, nearest first: In-Reply-To, then References from the newest."""
        seen: list[str] = []
        for msgid in self.in_reply_to + list(reversed(self.references)):
            if msgid not in seen:
                seen.append(msgid)
        return seen

    @property
    def subject_reference(self) -> str | None:
        match = SUBJECT_REFERENCE.search(self.subject)
        return match.group(1) if match else None

    @property
    def forwarded(self) -> bool:
        return bool(FORWARD_SUBJECT.match(self.subject))


def message_read(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def msgids(value: object) -> list[str]:
    """Every `<id>` in a header value (Message-ID, In-Reply-To, References), in order."""
    return MSGID.findall(str(value or ""))


def dedupe_key(raw: bytes) -> str:
    """What makes two deliveries the same message: its Message-ID, else the hash of its bytes. Read from the
    headers alone, and never raising, so even a message that cannot be parsed has one."""
    try:
        headers = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        ids = msgids(headers.get("Message-ID"))
    except Exception:  # any header the parser chokes on: the content hash still identifies it
        ids = []
    if ids:
        return "id:" + ids[0]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _header(message: EmailMessage, name: str) -> str:
    try:
        return " ".join(str(message.get(name, "") or "").split())
    except Exception as exc:
        raise MailParseError(f"the {name} header cannot be read ({type(exc).__name__})") from exc


def _addresses(message: EmailMessage, *names: str) -> list[str]:
    found: list[str] = []
    for name in names:
        for value in message.get_all(name) or []:
            for address in getattr(value, "addresses", ()):
                if address.addr_spec and "@" in address.addr_spec:
                    found.append(address.addr_spec.lower())
    return found


def _sender(message: EmailMessage) -> tuple[str, str]:
    try:
        header = message["From"]
        addresses = list(getattr(header, "addresses", ())) if header is not None else []
    except Exception as exc:
        raise MailParseError(f"the From header cannot be read ({type(exc).__name__})") from exc
    for address in addresses:
        spec = address.addr_spec or ""
        local, _, domain = spec.rpartition("@")
        if local and "." in domain and " " not in spec:
            return spec.lower(), " ".join((address.display_name or "").split())
    raise MailParseError("no sender address in From")


def automatic_reason(message: EmailMessage, *, sender: str) -> str:
    """Why this message was sent by a machine, or "" if a person wrote it. Such mail never opens or reopens a
    ticket: answering an auto-reply is how mail loops start."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return reasons.AUTO_SUBMITTED % {"value": auto_submitted[:40]}
    precedence = _header(message, "Precedence").lower()
    if precedence in AUTOMATIC_PRECEDENCE:
        return reasons.PRECEDENCE % {"value": precedence}
    for name in AUTOMATIC_HEADERS:
        if name in message:
            return reasons.AUTOMATIC_HEADER % {"header": name}
    if message.get_content_type() == "multipart/report":
        report = message.get_param("report-type") or "report"
        return reasons.DELIVERY_REPORT % {"report": report}
    if DAEMON_SENDERS.match(sender):
        return reasons.SENT_BY_DAEMON % {"sender": sender.partition("@")[0].lower()}
    if _header(message, "Return-Path") == "<>":
        return reasons.EMPTY_RETURN_PATH
    return ""


def _leaves(part: MIMEPart):
    """The parts that hold content, depth first; an attached message is one part (kept whole, not opened)."""
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
        return
    for sub in part.iter_parts():
        yield from _leaves(sub)


def _filename(part: MIMEPart, index: int) -> str:
    name = part.get_filename() or ""
    name = PurePosixPath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")
    if not name:
        subtype = part.get_content_subtype()
        extension = {"rfc822": "eml", "plain": "txt", "jpeg": "jpg", "octet-stream": "bin"}.get(subtype, subtype)
        name = f"part-{index}.{extension[:10]}"
    return name[-200:]


def _content(part: MIMEPart) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload(0)
        return inner.as_bytes(policy=policy.SMTP) if isinstance(inner, Message) else b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _text(part: MIMEPart) -> str:
    try:
        text = part.get_content()
    except Exception as exc:  # a body whose encoding cannot be undone
        raise MailParseError(f"the message text cannot be decoded ({type(exc).__name__})") from exc
    if not isinstance(text, str):
        return ""
    text = text.replace("\r\n", "\n")
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def email_parse(raw: bytes) -> ParsedEmail:
    """Read a message. Text comes from text/plain, else from HTML made plain; other text parts written inline
    are appended; everything else (attachments, inline images, attached messages) is a file."""
    try:
        message = message_read(raw)
    except Exception as exc:
        raise MailParseError(f"not a readable email ({type(exc).__name__})") from exc
    sender, sender_name = _sender(message)
    body = message.get_body(preferencelist=("plain", "html"))
    texts = [_text(body)] if body is not None else []
    files: list[MailFile] = []
    for index, part in enumerate(_leaves(message), start=1):
        if part is body:
            continue
        disposition = part.get_content_disposition()
        if part.get_content_maintype() == "text" and disposition != "attachment" and not part.get_filename():
            if part.get_content_type() == "text/plain" and body is not None and body.get_content_type() != "text/html":
                texts.append(_text(part))
            continue  # the HTML twin of the text already read, or text beside an HTML body
        files.append(MailFile(
            filename=_filename(part, index), content_type=part.get_content_type()[:100], content=_content(part),
            inline=disposition == "inline" or bool(part.get("Content-ID")),
        ))
    return ParsedEmail(
        message=message,
        sender=sender,
        sender_name=sender_name,
        subject=_header(message, "Subject"),
        message_id=(msgids(message.get("Message-ID")) or [""])[0],
        in_reply_to=msgids(message.get("In-Reply-To")),
        references=msgids(message.get("References")),
        recipients=_addresses(message, "To", "Cc", "Delivered-To", "X-Original-To"),
        text="\n\n".join(t.strip() for t in texts if t.strip()),
        files=files,
    )


def reply_trim(text: str, *, forwarded: bool = False) -> str:
    """The customer's new words: quoted history ("On … wrote:", "> " lines, "-----Original Message-----") and
    the signature ("-- " and the common forms) go; the full original is kept as a file beside the message.

    A forwarded message is kept whole, since what was forwarded is the point. Text that is nothing but a
    quote is kept as it is rather than stored empty."""
    if forwarded or FORWARD_MARKER.search(text):
        return text.strip()
    replies = EmailReplyParser(languages=TRIM_LANGUAGES).read(text=text).replies
    latest = _trailing_quote_drop(replies[0].body.strip() if replies else "")
    return latest or text.strip()


def _trailing_quote_drop(text: str) -> str:
    """Drop "> " lines left at the end (history quoted without an "On … wrote:" line). Quotes between the
    customer's own lines (answers written inline) stay: they are what the answers refer to."""
    lines = text.splitlines()
    while lines and (lines[-1].startswith(">") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip()
