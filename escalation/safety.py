"""Safety reports and the leads' actions on them.

Filing a report reaches every lead at once; the reporter can hand the ticket back and is never assigned that
customer again. Every lead action is a `SafetyAction` row. Nothing here ever tells the customer who reported
them: the warning comes from the queue's address in the team's name.
"""
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from agents.audit import audit_record
from agents.identity import public_identity
from agents.permissions import Perm, can
from agents.selectors import lead_email_addresses
from escalation.models import ActionKind, HarassmentKind, ReportStatus, SafetyAction, SafetyReport
from escalation.selectors import reports_visible_to
from tickets.access import customers_for, tickets_for
from tickets.models import Customer, Message, MessageKind, Restriction, Ticket
from tickets.notifications import CUSTOMER_WARNINGS, notification_schedule_warning
from tickets.services import ticket_change

logger = logging.getLogger(__name__)

# Warnings a lead can send (key → subject, template); the outbox renders them, so it owns the list.
WARNING_TEMPLATES = CUSTOMER_WARNINGS


def _site(path: str) -> str:
    return settings.TACT_SITE_URL.rstrip("/") + path


def safety_report_file(
    *,
    reporter,
    customer: Customer,
    message: Message | None = None,
    ticket: Ticket | None = None,
    category: str,
    note: str = "",
    hand_back: bool = False,
) -> SafetyReport:
    """Flag a customer message (or the customer) as harassment and tell every lead at once.

    The message body is copied with its hash and received time, so the evidence survives later edits or
    deletion. `hand_back` returns the ticket to the queue and shields the reporter from this customer.
    """
    if not can(reporter, Perm.SAFETY_REPORT):
        raise PermissionDenied("Only staff can file a safety report.")
    if not customers_for(reporter).filter(pk=customer.pk).exists():
        raise PermissionDenied("That customer is not in your queues.")
    if category not in HarassmentKind.values:
        raise ValidationError({"category": "Choose what kind of harassment this is."})
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": "Keep the note under 2,000 characters."})
    if message is not None:
        if message.kind != MessageKind.CUSTOMER or message.author_customer_id != customer.pk:
            raise ValidationError({"message": "Only a message this customer wrote can be reported."})
        ticket = message.ticket
    if ticket is not None and (
        ticket.customer_id != customer.pk or not tickets_for(reporter).filter(pk=ticket.pk).exists()
    ):
        raise PermissionDenied("That ticket is not in your queues.")
    if hand_back and ticket is None:
        raise ValidationError({"hand_back": "Open the report from a ticket to hand that ticket back."})
    with transaction.atomic():
        report = SafetyReport.objects.create(
            customer=customer,
            ticket=ticket,
            message=message,
            reporter=reporter,
            category=category,
            note=note,
            evidence_body=message.body if message else "",
            evidence_sha256=hashlib.sha256(message.body.encode()).hexdigest() if message else "",
            evidence_received_at=message.created_at if message else None,
            handed_back=hand_back,
        )
        audit_record(
            actor=reporter, action="safety.report", target=report, customer=customer, ticket=ticket,
            data={"category": category, "message": message.pk if message else None, "hand_back": hand_back},
        )
        if hand_back and ticket is not None:
            customer.shielded_agents.add(reporter)
            if ticket.assignee_id == reporter.pk:
                ticket_change(ticket=ticket, actor=reporter, unassign=True)
        transaction.on_commit(lambda: _notify_leads(report.pk))
    return report


def _notify_leads(report_id: int) -> None:
    """Email every lead. Staff-only mail: it carries the category and a link, never the customer's words."""
    report = SafetyReport.objects.select_related("ticket", "customer").get(pk=report_id)
    recipients = lead_email_addresses()
    if not recipients:
        logger.warning("safety report %s: no lead has an email address", report_id)
        return
    context = {
        "report": report,
        "reporter": public_identity(report.reporter),
        "url": _site(reverse("leads:report", kwargs={"pk": report.pk})),
    }
    try:
        send_mail(
            subject=f"[Safety] {report.get_category_display()} report #{report.pk}",
            message=render_to_string("escalation/email/lead_report.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    except Exception as exc:  # the report is on the dashboard regardless; the class only, never addresses
        logger.warning("safety report %s: lead email failed (%s)", report_id, type(exc).__name__)


def _lead_or_refuse(lead, report: SafetyReport) -> None:
    if not can(lead, Perm.SAFETY_ACT):
        raise PermissionDenied("Only team leads can act on safety reports.")
    if not reports_visible_to(lead).filter(pk=report.pk).exists():
        raise PermissionDenied("That report is not in your queues.")


def _record(report: SafetyReport, lead, kind: str, note: str, **data) -> SafetyAction:
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": "Keep the note under 2,000 characters."})
    action = SafetyAction.objects.create(report=report, lead=lead, kind=kind, note=note, data=data)
    audit_record(
        actor=lead, action=f"safety.{kind}", target=report, customer=report.customer_id, ticket=report.ticket_id,
        data={"safety_action": action.pk, **data},
    )
    report.status = ReportStatus.CLOSED if kind == ActionKind.CLOSE else ReportStatus.ACTIONED
    report.save(update_fields=["status"])
    return action


def safety_reassign(*, report: SafetyReport, lead, assignee=None, note: str = "") -> SafetyAction:
    """Give the ticket to another agent or back to the queue; ticket_change refuses shielded agents."""
    _lead_or_refuse(lead, report)
    if report.ticket is None:
        raise ValidationError({"assignee": "This report is about the customer, not one ticket."})
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=report.ticket_id)
        ticket_change(ticket=ticket, actor=lead, assignee=assignee, unassign=assignee is None)
        return _record(report, lead, ActionKind.REASSIGN, note, assignee=assignee.pk if assignee else None)


def safety_warn(*, report: SafetyReport, lead, template: str, note: str = "") -> SafetyAction:
    """Warn the customer from a template, from the queue's address in the team's name.

    The email goes through the customer outbox (`tickets.notifications`): its row is written with the action,
    so a rolled-back action sends nothing, and the notify worker sends it at most once, with retries. The
    action keeps the row's id, so the lead's page can tell whether it went out.
    """
    _lead_or_refuse(lead, report)
    if template not in WARNING_TEMPLATES:
        raise ValidationError({"template": "Choose a warning to send."})
    if not report.customer.primary_email:
        raise ValidationError({"template": "This customer has no email address to warn."})
    with transaction.atomic():
        notification = notification_schedule_warning(
            customer=report.customer, ticket=report.ticket, variant=template
        )
        return _record(report, lead, ActionKind.WARN, note, template=template, notification=notification.pk)


def _set_restriction(*, report: SafetyReport, lead, level: str, kind: str, note: str) -> SafetyAction:
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=report.customer_id)
        previous = customer.restriction
        customer.restriction = level
        customer.save(update_fields=["restriction"])
        if level != Restriction.NONE:
            customer.shielded_agents.add(report.reporter)
            # Never assigned to the reporter again, starting now: their open tickets go back to the queue.
            for ticket in customer.tickets.alive().open().filter(assignee=report.reporter):
                ticket_change(ticket=ticket, actor=lead, unassign=True)
        report.customer = customer
        return _record(report, lead, kind, note, previous=previous, new=level)


def safety_restrict(*, report: SafetyReport, lead, note: str = "") -> SafetyAction:
    """The customer reaches only the queue, never a named agent, and never the reporter again."""
    _lead_or_refuse(lead, report)
    return _set_restriction(
        report=report, lead=lead, level=Restriction.RESTRICTED, kind=ActionKind.RESTRICT, note=note
    )


def safety_suspend(*, report: SafetyReport, lead, note: str = "") -> SafetyAction:
    """New messages from the customer are kept in the suspended view and nobody is notified of them."""
    _lead_or_refuse(lead, report)
    return _set_restriction(
        report=report, lead=lead, level=Restriction.SUSPENDED, kind=ActionKind.SUSPEND, note=note
    )


def safety_lift(*, report: SafetyReport, lead, note: str = "") -> SafetyAction:
    """Undo a restriction or suspension. Shielded agents stay shielded: that protection is the agent's."""
    _lead_or_refuse(lead, report)
    return _set_restriction(report=report, lead=lead, level=Restriction.NONE, kind=ActionKind.LIFT, note=note)


def safety_close(*, report: SafetyReport, lead, note: str = "") -> SafetyAction:
    _lead_or_refuse(lead, report)
    with transaction.atomic():
        return _record(report, lead, ActionKind.CLOSE, note)
