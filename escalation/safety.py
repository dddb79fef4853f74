"""Harassment reports and the leads' actions on a customer.

A report is an escalation of category `agent_harassment` (`escalation_raise`, so it reaches the leads of the
queue at once and a second report on the same ticket joins the first with its own evidence). The reporter can
hand the ticket back and is never assigned that customer again. A lead's action on the customer or the ticket
(reassign, warn, restrict, suspend, lift) is a timeline entry, and acknowledges an escalation nobody had. Nothing
here ever tells the customer who reported them: the warning comes from the queue's address in the team's name.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agents.approval_summaries import Summary, summary_register
from agents.approvals import ApprovalKind, approval_kind_register, approval_request
from agents.audit import audit_record
from agents.models import PendingAction
from agents.permissions import Perm, can
from escalation.models import Category, EntryKind, Escalation, EscalationEntry, HarassmentKind, Status
from escalation.selectors import escalations_visible_to
from escalation.services import EscalationConflict, clean_note, escalation_acknowledge, escalation_raise
from tickets.access import tickets_for
from tickets.models import Customer, Message, MessageKind, Restriction, Ticket
from tickets.notifications import CUSTOMER_WARNINGS, notification_schedule_warning
from tickets.services import ticket_change

# Warnings a lead can send (key → subject, template); the outbox renders them, so it owns the list.
WARNING_TEMPLATES = CUSTOMER_WARNINGS


def safety_report_file(
    *,
    reporter,
    customer: Customer,
    message: Message | None = None,
    ticket: Ticket | None = None,
    category: str,
    note: str = "",
    hand_back: bool = False,
) -> Escalation:
    """Flag a customer's message (or the customer, from one of their tickets) as harassment of an agent.

    `category` is what happened (creepy or sexual, threatening, abusive). The message is copied with its hash
    and received time on the escalation's timeline. `hand_back` returns the ticket to the queue and shields the
    reporter from this customer.
    """
    if not can(reporter, Perm.SAFETY_REPORT):
        raise PermissionDenied(_("Only staff can file a safety report."))
    if category not in HarassmentKind.values:
        raise ValidationError({"category": _("Choose what kind of harassment this is.")})
    if message is not None:
        if message.kind != MessageKind.CUSTOMER or message.author_customer_id != customer.pk:
            raise ValidationError({"message": _("Only a message this customer wrote can be reported.")})
        ticket = message.ticket
    if ticket is None:
        raise ValidationError({"ticket": _("Report from the customer's ticket.")})
    if ticket.customer_id != customer.pk or not tickets_for(reporter).filter(pk=ticket.pk).exists():
        raise PermissionDenied(_("That ticket is not in your queues."))
    with transaction.atomic():
        escalation = escalation_raise(
            ticket=ticket, category=Category.AGENT_HARASSMENT, message=message, raised_by=reporter, note=note,
            harassment_kind=category, hand_back=hand_back,
        )
        if hand_back:
            customer.shielded_agents.add(reporter)
            if ticket.assignee_id == reporter.pk:
                ticket_change(ticket=ticket, actor=reporter, unassign=True)
    return escalation


def _lead_or_refuse(lead, escalation: Escalation) -> None:
    if not can(lead, Perm.SAFETY_ACT) or not escalations_visible_to(lead).filter(pk=escalation.pk).exists():
        raise PermissionDenied(_("That escalation is not in your queues."))


def _record(escalation: Escalation, lead, kind: str, note: str, **data) -> EscalationEntry:
    """Append the action, audited; an escalation nobody acknowledged is acknowledged by acting on it."""
    note = clean_note(note)
    entry = EscalationEntry.objects.create(escalation=escalation, kind=kind, actor=lead, note=note, data=data)
    audit_record(actor=lead, action=f"safety.{kind}", target=escalation, customer=escalation.customer,
                 ticket=escalation.ticket, data={"escalation": escalation.pk, **data})
    if escalation.status == Status.OPEN:
        try:
            escalation_acknowledge(escalation=escalation, lead=lead)
        except EscalationConflict:
            pass  # another lead acknowledged or claimed it meanwhile: it is acknowledged either way
    return entry


def safety_reassign(*, escalation: Escalation, lead, assignee=None, note: str = "") -> EscalationEntry:
    """Give the ticket to another agent or back to the queue; ticket_change refuses shielded agents."""
    _lead_or_refuse(lead, escalation)
    if escalation.ticket_id is None:
        raise ValidationError({"assignee": _("This escalation is about the customer, not one ticket.")})
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=escalation.ticket_id)
        ticket_change(ticket=ticket, actor=lead, assignee=assignee, unassign=assignee is None)
        return _record(escalation, lead, EntryKind.REASSIGN, note, assignee=assignee.pk if assignee else None)


def safety_warn(*, escalation: Escalation, lead, template: str, note: str = "") -> EscalationEntry:
    """Warn the customer from a template, from the queue's address in the team's name.

    The email goes through the customer outbox (`tickets.notifications`): its row is written with the action,
    so a rolled-back action sends nothing, and the notify worker sends it at most once, with retries. The
    entry keeps the row's id, so the lead's page can tell whether it went out.
    """
    _lead_or_refuse(lead, escalation)
    if template not in WARNING_TEMPLATES:
        raise ValidationError({"template": _("Choose a warning to send.")})
    if not escalation.customer.primary_email:
        raise ValidationError({"template": _("This customer has no email address to warn.")})
    with transaction.atomic():
        notification = notification_schedule_warning(
            customer=escalation.customer, ticket=escalation.ticket, variant=template
        )
        return _record(escalation, lead, EntryKind.WARN, note, template=template, notification=notification.pk)


def _set_restriction(*, escalation: Escalation, lead, level: str, kind: str, note: str) -> EscalationEntry:
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=escalation.customer_id)
        previous = customer.restriction
        customer.restriction = level
        customer.save(update_fields=["restriction"])
        reporter = escalation.raised_by
        if level != Restriction.NONE and reporter is not None:
            customer.shielded_agents.add(reporter)
            # Never assigned to the reporter again, starting now: their open tickets go back to the queue.
            for ticket in customer.tickets.alive().open().filter(assignee=reporter):
                ticket_change(ticket=ticket, actor=lead, unassign=True)
        escalation.customer = customer
        return _record(escalation, lead, kind, note, previous=previous, new=level)


def safety_restrict(*, escalation: Escalation, lead, note: str = "") -> EscalationEntry:
    """The customer reaches only the queue, never a named agent, and never the reporter again."""
    _lead_or_refuse(lead, escalation)
    return _set_restriction(
        escalation=escalation, lead=lead, level=Restriction.RESTRICTED, kind=EntryKind.RESTRICT, note=note
    )


summary_register("customer_suspend", _("Suspend customer %(customer)s (escalation #%(escalation)s)"))


def safety_suspend(*, escalation: Escalation, lead, note: str = "", request=None) -> PendingAction:
    """Ask to suspend the customer: new messages from them would be kept in the suspended view and nobody
    notified of them. Suspending silences a person, so a second lead approves it (`agents.approvals`); the
    note is the reason the approver reads."""
    _lead_or_refuse(lead, escalation)
    if escalation.customer.restriction == Restriction.SUSPENDED:
        raise ValidationError(_("This customer is already suspended."))
    return approval_request(
        kind="customer_suspend", requested_by=lead, target=escalation.customer, reason=note, request=request,
        summary=Summary("customer_suspend", {"customer": str(escalation.customer), "escalation": escalation.pk}),
        data={"escalation_id": escalation.pk, "customer_id": escalation.customer_id,
              "ticket_id": escalation.ticket_id},
    )


def _suspend_in_scope(user, action: PendingAction) -> bool:
    return escalations_visible_to(user).filter(pk=action.data["escalation_id"]).exists()


def _suspend_check(action: PendingAction) -> None:
    if Customer.objects.filter(pk=action.target_id, restriction=Restriction.SUSPENDED).exists():
        raise ValidationError(_("This customer is already suspended."))


def _suspend_execute(action: PendingAction, approver) -> dict:
    escalation = Escalation.objects.select_related("customer", "ticket").get(pk=action.data["escalation_id"])
    entry = _set_restriction(escalation=escalation, lead=action.requested_by, level=Restriction.SUSPENDED,
                             kind=EntryKind.SUSPEND, note=action.reason)
    return {"entry": entry.pk}


def safety_register() -> None:
    approval_kind_register("customer_suspend", ApprovalKind(
        label=_("Suspend a customer"), in_scope=_suspend_in_scope, check=_suspend_check, execute=_suspend_execute,
        decider_perm=Perm.SAFETY_ACT,
    ))


def safety_lift(*, escalation: Escalation, lead, note: str = "") -> EscalationEntry:
    """Undo a restriction or suspension. Shielded agents stay shielded: that protection is the agent's."""
    _lead_or_refuse(lead, escalation)
    return _set_restriction(
        escalation=escalation, lead=lead, level=Restriction.NONE, kind=EntryKind.LIFT, note=note
    )
