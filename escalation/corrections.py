"""Damage control: what caused an escalation (a staff reply of ours, or a public post), and the correction.

A complaint about something staff said is fixed as seriously as the complaint: the lead points the escalation
at the reply that caused it (a published message on the ticket) or at a public post (its link and text as
captured, since posts get deleted), then sends a correction, a follow-up reply pre-filled from an apology
template. The correction is an ordinary reply of the lead's through the reply gate (`redaction.gate
.reply_submit`): scanned before anyone reads it, held if it leaks, never published unscanned. The escalation
keeps the reply (`correction_reply`), whose state is the gate's; each step is on the timeline and the audit
trail. Only leads of the ticket's queue may do either (`escalation.services._lead_scope_or_refuse`).
"""
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from escalation.models import EntryKind, Escalation, EscalationEntry, Status
from escalation.response_models import ResponseTemplate, TemplateKind
from escalation.responses import response_template_render, text_render
from escalation.services import _lead_scope_or_refuse
from redaction.gate import reply_submit
from redaction.models import Reply, ReplyState, ReplyVersion
from redaction.scanner.language import written_in
from tickets.customer_language import customer_language
from tickets.models import Message, MessageKind, Ticket
from tickets.services import text_check

CAUSE_TEXT_MAX = 5000
# Pre-fills the correction when no lead has written an apology template for the category yet. It follows the
# formula (an apology, a commitment to review, no promised outcome) and has the templates' placeholders only; it
# is translated, and written in the ticket's language (`correction_prefill`).
DEFAULT_APOLOGY = _(
    "Hi {customer_first_name}, I'm sorry about our earlier reply on {ticket_reference}. It was not the answer "
    "you deserved, and I understand why it upset you. We are reviewing what happened, and I will follow up "
    "with you here. — {alias}"
)


def escalation_cause_set(*, escalation: Escalation, lead, message: Message | None = None, url: str = "",
                         text: str = "", request=None) -> Escalation:
    """Point the escalation at what caused it: a published staff reply on its ticket, or a public post by link
    and the text as captured. Replaces an earlier pointer (the timeline keeps each)."""
    _lead_scope_or_refuse(lead, escalation)
    url, text = (url or "").strip(), (text or "").strip()
    if message is not None:
        if url or text:
            raise ValidationError({"url": _("Point at either a reply of ours or a public post, not both.")})
        if message.ticket_id != escalation.ticket_id or message.kind != MessageKind.PUBLIC_REPLY:
            raise ValidationError({"message": _("Choose one of the published staff replies on this ticket.")})
        fields = {"caused_by_message": message, "caused_by_url": "", "caused_by_text": ""}
        data = {"message": message.pk}
    else:
        errors = {}
        if not url:
            errors["url"] = [gettext("Give the public post's link, or choose a reply of ours.")]
        else:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors["url"] = [gettext("Give the post's full link, starting with https://.")]
        if len(url) > 500:
            errors["url"] = [gettext("Keep the link under 500 characters.")]
        if not text:
            errors["text"] = [gettext("Paste the post's text as it reads now: posts get edited and deleted.")]
        elif len(text) > CAUSE_TEXT_MAX:
            errors["text"] = [
                gettext("Keep the text under %(max)s characters.")
                % {"max": number_format(CAUSE_TEXT_MAX, force_grouping=True)}
            ]
        text_check(text, field="text")
        text_check(url, field="url")
        if errors:
            raise ValidationError(errors)
        fields = {"caused_by_message": None, "caused_by_url": url, "caused_by_text": text}
        data = {"url": url}
    if escalation.status == Status.DISMISSED:
        raise ValidationError({"message": _("This escalation was dismissed: raise a new one instead.")})
    now = timezone.now()
    with transaction.atomic():
        Escalation.objects.filter(pk=escalation.pk).update(updated_at=now, **fields)
        EscalationEntry.objects.create(
            escalation=escalation, kind=EntryKind.CAUSE, actor=lead, data=data, created_at=now,
            note=text[:2000] if text else "",
        )
        audit_record(actor=lead, action="escalation.cause", target=escalation, ticket=escalation.ticket_id,
                     request=request, data={"escalation": escalation.pk, **data})
    for name, value in fields.items():
        setattr(escalation, name, value)
    return escalation


def apology_templates(escalation: Escalation):
    """Active apology templates for the escalation's category (public ones when the ticket's replies are)."""
    public = bool(escalation.ticket and escalation.ticket.replies_public)
    return ResponseTemplate.objects.filter(
        active=True, kind=TemplateKind.APOLOGY, category=escalation.category, public=public
    )


def correction_prefill(*, escalation: Escalation, lead, template: ResponseTemplate | None = None) -> str:
    """The correction's text to start from: the chosen apology template (else the first for the category, else
    DEFAULT_APOLOGY in the ticket's language), with the customer's first name, the lead's persona and the
    ticket's reference."""
    if escalation.ticket is None:
        return ""
    template = template or apology_templates(escalation).first()
    if template is not None:
        return response_template_render(template=template, ticket=escalation.ticket, author=lead)
    with translation.override(ticket_language(escalation.ticket)):
        body = str(DEFAULT_APOLOGY)
    return text_render(body=body, ticket=escalation.ticket, author=lead)


def ticket_language(ticket: Ticket) -> str:
    """The language the correction goes out in: the customer's own (the one every email we send them is in),
    else the one their latest message on the ticket reads as (the scanner's function words, as the gate's
    one-click fixes read a reply's), else the site's. Never the lead's page language: a German-speaking lead may
    answer an English customer."""
    def latest_written_in() -> str | None:
        latest = (Message.objects.filter(ticket=ticket, kind=MessageKind.CUSTOMER).order_by("-created_at", "-id")
                  .values_list("body", flat=True).first())
        return written_in(latest or "")

    return customer_language(ticket.customer, guess=latest_written_in)


def correction_state(escalation: Escalation) -> str:
    """The correction's state as the gate has it (ReplyState value), or "" when none was sent."""
    if escalation.correction_reply_id is None:
        return ""
    return Reply.objects.filter(pk=escalation.correction_reply_id).values_list("state", flat=True).first() or ""


def escalation_correct(*, escalation: Escalation, lead, body: str, request=None) -> ReplyVersion:
    """Send the correction: the lead's reply on the escalation's ticket, submitted to the reply gate.

    A held correction is sent again by calling this with the edited text (a new version of the same reply). The
    lead's own unsent draft on the ticket is never overwritten: they are asked to send or clear it first.
    """
    _lead_scope_or_refuse(lead, escalation)
    if escalation.ticket is None:
        raise ValidationError({"body": _("This escalation has no ticket to reply on.")})
    if escalation.status == Status.DISMISSED:
        raise ValidationError({"body": _("This escalation was dismissed: there is nothing to correct.")})
    if correction_state(escalation) == ReplyState.PUBLISHED:
        raise ValidationError({"body": _("The correction was published already. Reply on the ticket to add to it.")})
    ticket = escalation.ticket
    with transaction.atomic():
        other = (
            Reply.objects.select_for_update(of=("self",)).filter(ticket=ticket, author=lead)
            .exclude(state=ReplyState.PUBLISHED).exclude(pk=escalation.correction_reply_id)
            .select_related("latest_version").first()
        )
        if other is not None and other.latest_version is not None and other.latest_version.body.strip():
            raise ValidationError({"body": _("You have an unsent reply on this ticket. Send or clear it in the "
                                           "composer first, so this correction does not overwrite it.")})
        version = reply_submit(ticket=ticket, author=lead, body=body)
        Escalation.objects.filter(pk=escalation.pk).update(correction_reply=version.reply_id, updated_at=timezone.now())
        escalation.correction_reply_id = version.reply_id
        data = {"reply": version.reply_id, "version": version.number}
        EscalationEntry.objects.create(escalation=escalation, kind=EntryKind.CORRECTION, actor=lead, data=data)
        audit_record(actor=lead, action="escalation.correction", target=escalation, ticket=ticket,
                     request=request, data={"escalation": escalation.pk, **data})
    return version
