"""Scoping: which tickets and customers a user may see. Every view and API queryset starts here.

Staff who work tickets see those of the queues they belong to, or hold for a while through an elevation
(admins see all); a customer sees their own tickets; anybody else, auditors included, sees nothing. Objects
outside the scope are answered with 404, never 403. What only leads may see or do (escalations, safety
reports, acting on a customer) is scoped the same way, to the queues they belong to: a lead is a lead of their
own queues, not of every queue. Whether an action is allowed at all is `agents.permissions`' question; this
module only says on which objects.
"""
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone

from agents.models import Role
from agents.permissions import Perm, can, elevated_queue_ids
from tickets.models import CallLog, Customer, Macro, Queue, Ticket


def queues_for(user) -> QuerySet[Queue]:
    if not can(user, Perm.TICKETS_WORK):
        return Queue.objects.none()
    if can(user, Perm.ALL_QUEUES):
        return Queue.objects.all()
    elevated = elevated_queue_ids(user)
    if elevated:
        return Queue.objects.filter(Q(members=user) | Q(pk__in=elevated)).distinct()
    return Queue.objects.filter(members=user)


def tickets_for(user, *, include_deleted: bool = False) -> QuerySet[Ticket]:
    """Tickets the user may read. Soft-deleted tickets are hidden from everyone, except to staff deciding on
    or restoring a deletion (`include_deleted`)."""
    scope = staff_tickets_scope(user, include_deleted=include_deleted)
    if scope is not None:
        return Ticket.objects.filter(scope)
    customer = customer_of(user)
    if customer is not None:
        return Ticket.objects.alive().filter(customer=customer)
    return Ticket.objects.none()


def staff_tickets_scope(user, *, through: str = "", include_deleted: bool = False) -> Q | None:
    """The tickets staff may work on, as a condition on a ticket, or with `through="ticket__"` on the ticket
    another row points at: a list of those rows (held replies) is scoped by each row's own ticket, never by a
    subquery of every ticket in the viewer's queues. None for anyone who does not work tickets."""
    if not can(user, Perm.TICKETS_WORK):
        return None
    scope = Q() if include_deleted else Q(**{f"{through}deleted_at__isnull": True})
    if can(user, Perm.ALL_QUEUES):
        return scope
    if elevated_queue_ids(user):
        return scope & Q(**{f"{through}queue__in": queues_for(user)})
    return scope & Q(**{f"{through}queue__members": user})


def customers_for(user, *, include_deleted: bool = False) -> QuerySet[Customer]:
    """Staff see customers who have a ticket in one of their queues; customers see only themselves.
    `include_deleted`: staff deciding on or restoring a deletion also see soft-deleted customers."""
    alive = Customer.objects.filter(deleted_at__isnull=True)
    if can(user, Perm.TICKETS_WORK):
        if include_deleted:
            alive = Customer.objects.all()
        if can(user, Perm.ALL_QUEUES):
            return alive
        if elevated_queue_ids(user):
            return alive.filter(tickets__queue__in=queues_for(user)).distinct()
        return alive.filter(tickets__queue__members=user).distinct()
    customer = customer_of(user)
    if customer is not None:
        return alive.filter(pk=customer.pk)
    return Customer.objects.none()


def calls_for(user) -> QuerySet[CallLog]:
    """Calls staff may read: those about a ticket they may read, and those logged without a ticket for a customer
    they may see. A call about a ticket of another queue is not theirs: its summary is as internal as a note."""
    scope = staff_tickets_scope(user, through="ticket__")
    if scope is None:
        return CallLog.objects.none()
    return CallLog.objects.filter(
        Q(ticket__isnull=True, customer__in=customers_for(user)) | (Q(ticket__isnull=False) & scope)
    )


def tickets_led_by(user) -> QuerySet[Ticket]:
    """Tickets whose escalations and safety matters the user may see and act on as a lead: those in the
    queues they belong to (admins: all). Agents and contractors lead nothing."""
    if not can(user, Perm.SAFETY_ACT):
        return Ticket.objects.none()
    return tickets_for(user)


def queues_led_by(user) -> QuerySet[Queue]:
    """Queues whose escalations, safety matters and dashboard figures the user sees as a lead (admins: all).
    Scoping by these few queue ids, rather than by `tickets_led_by`, keeps a lead's pages from joining every
    ticket or customer of their queues: at a million tickets that join is what made them slow."""
    if not can(user, Perm.SAFETY_ACT):
        return Queue.objects.none()
    return queues_for(user)


def queues_managed_by(user) -> QuerySet[Queue]:
    """Queues whose settings, members and macros the user may change: those they lead as a standing member
    (admins: every queue). A queue lent by an elevation lends its tickets and, to a lead, its escalations, so
    they can cover it for a while; it does not lend the power to reshape it, which would outlive the loan."""
    if not can(user, Perm.QUEUES_MANAGE):
        return Queue.objects.none()
    if can(user, Perm.ALL_QUEUES):
        return Queue.objects.all()
    return Queue.objects.filter(members=user)


def macros_managed_by(user) -> QuerySet[Macro]:
    """Macros the user may edit: those of the queues they manage; the shared ones (no queue) need every queue."""
    if not can(user, Perm.MACROS_MANAGE):
        return Macro.objects.none()
    if can(user, Perm.ALL_QUEUES):
        return Macro.objects.all()
    return Macro.objects.filter(queue__in=queues_managed_by(user))


def customers_led_by(user) -> QuerySet[Customer]:
    """Customers a lead may act on (warn, restrict, suspend): those with a ticket in the lead's queues."""
    if not can(user, Perm.SAFETY_ACT):
        return Customer.objects.none()
    return customers_for(user)


def leads_of_queue(queue: Queue | QuerySet[Queue]) -> QuerySet[User]:
    """The leads to alert about something in `queue` (or any of several): active team leads who belong to it,
    access unexpired."""
    queues = queue if isinstance(queue, QuerySet) else [queue]
    return User.objects.filter(
        Q(staff__access_expires_at__isnull=True) | Q(staff__access_expires_at__gt=timezone.now()),
        is_active=True, staff__role=Role.LEAD, queues__in=queues,
    ).distinct()


def customer_of(user) -> Customer | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        customer = user.customer
    except Customer.DoesNotExist:
        return None
    return None if customer.deleted_at else customer
