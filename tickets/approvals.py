"""The actions on customers, tickets and queues that need a second person (see `agents.approvals`), and what
happens after: restoring within the grace period, and the purge once it is over.

Deleting is soft: a deleted customer (with their tickets) or ticket disappears from every queryset at once,
can be restored by a lead for `PURGE_AFTER`, and is then purged by a beat task: the customer's private details
are erased; the rows and their history stay (nothing is hard-deleted).
"""
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agents.approval_summaries import Summary, summary_register
from agents.approvals import ApprovalKind, approval_kind_register, approval_request
from agents.audit import audit_record
from agents.identity import public_identity
from agents.models import Elevation, PendingAction
from agents.permissions import ELEVATABLE, Perm, can, forget
from tickets.access import customers_for, queues_for, tickets_for
from tickets.models import Customer, Queue, Ticket

PURGE_AFTER = timedelta(days=30)
ELEVATION_MAX_HOURS = 72
PURGED_NAME = "Deleted customer"


summary_register("customer_delete", ngettext_lazy(
    "Delete customer %(customer)s and their %(count)d ticket (restorable for 30 days)",
    "Delete customer %(customer)s and their %(count)d tickets (restorable for 30 days)", "count"))
summary_register("ticket_delete", _("Delete ticket %(reference)s (restorable for 30 days)"))
summary_register("queue_grant", _("Add %(name)s to the %(queue)s queue"))
summary_register("elevation_queue", ngettext_lazy(
    "Give %(name)s the %(queue)s queue for %(count)d hour", "Give %(name)s the %(queue)s queue for %(count)d hours",
    "count"))
summary_register("elevation_permission", ngettext_lazy(
    "Give %(name)s permission “%(permission)s” for %(count)d hour",
    "Give %(name)s permission “%(permission)s” for %(count)d hours", "count"))


# --- Deleting a customer -------------------------------------------------------------------------------------


def customer_delete_request(*, customer: Customer, requested_by, reason: str, request=None) -> PendingAction:
    count = customer.tickets.alive().count()
    summary = Summary("customer_delete", {"customer": str(customer), "count": count})
    return approval_request(
        kind="customer_delete", requested_by=requested_by, target=customer, summary=summary, reason=reason,
        data={"customer_id": customer.pk}, request=request,
    )


def _customer_in_scope(user, action: PendingAction) -> bool:
    return customers_for(user, include_deleted=True).filter(pk=action.target_id).exists()


def _customer_check(action: PendingAction) -> None:
    if not Customer.objects.filter(pk=action.target_id, deleted_at__isnull=True).exists():
        raise ValidationError(_("This customer is already deleted."))


def _customer_delete(action: PendingAction, approver) -> dict:
    now = timezone.now()
    customer = Customer.objects.select_for_update().get(pk=action.target_id)
    ticket_ids = list(customer.tickets.alive().values_list("pk", flat=True))
    Ticket.objects.filter(pk__in=ticket_ids).update(deleted_at=now)
    customer.deleted_at = now
    customer.save(update_fields=["deleted_at"])
    return {"deleted_at": now.isoformat(), "tickets": ticket_ids}


def deleted_customers_for(user) -> QuerySet[Customer]:
    """Deleted customers a lead may still restore: not purged, not merged into another, with a ticket in one of
    the lead's queues."""
    if not can(user, Perm.APPROVAL_DECIDE):
        return Customer.objects.none()
    return customers_for(user, include_deleted=True).filter(
        deleted_at__isnull=False, purged_at__isnull=True, merged_into__isnull=True
    )


def customer_restore(*, customer: Customer, actor, request=None) -> Customer:
    """Undo a deletion within the grace period, with the tickets that were deleted with the customer."""
    if not deleted_customers_for(actor).filter(pk=customer.pk).exists():
        raise PermissionDenied("That customer cannot be restored by you.")
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if customer.deleted_at is None or customer.purged_at is not None:
            raise ValidationError(_("This customer is not waiting to be purged."))
        customer.tickets.filter(deleted_at=customer.deleted_at).update(deleted_at=None)
        customer.deleted_at = None
        customer.save(update_fields=["deleted_at"])
        audit_record(actor=actor, action="customer.restore", target=customer, customer=customer, request=request)
    return customer


def customers_purge(*, now=None) -> int:
    """Erase the private details of customers deleted more than PURGE_AFTER ago (the beat task). A merged
    duplicate's tombstone keeps its details (to undo a mistaken merge) until the customer it was merged into is
    purged."""
    cutoff = (now or timezone.now()) - PURGE_AFTER
    purged = 0
    due = Customer.objects.filter(deleted_at__lte=cutoff, purged_at__isnull=True).filter(
        Q(merged_into__isnull=True) | Q(merged_into__deleted_at__lte=cutoff)
    )
    # Survivors first, so their tombstones follow in the same run.
    for pk in due.order_by(F("merged_into").asc(nulls_first=True), "pk").values_list("pk", flat=True):
        with transaction.atomic():
            customer = Customer.objects.select_for_update(of=("self",)).select_related("merged_into").get(pk=pk)
            if customer.purged_at is not None or customer.deleted_at is None:
                continue
            if customer.merged_into is not None and customer.merged_into.purged_at is None:
                continue
            customer.name, customer.handle, customer.user = PURGED_NAME, "", None
            customer.emails = customer.phones = customer.addresses = []
            customer.account_ids = customer.card_last4 = customer.ips = customer.merged_names = []
            customer.purged_at = timezone.now()
            customer.save()
            audit_record(actor=None, action="customer.purge", target=customer, customer=customer)
            purged += 1
    return purged


# --- Deleting a ticket ---------------------------------------------------------------------------------------


def ticket_delete_request(*, ticket: Ticket, requested_by, reason: str, request=None) -> PendingAction:
    return approval_request(
        kind="ticket_delete", requested_by=requested_by, target=ticket, reason=reason, request=request,
        summary=Summary("ticket_delete", {"reference": ticket.reference}),
        data={"ticket_id": ticket.pk, "customer_id": ticket.customer_id},
    )


def _ticket_in_scope(user, action: PendingAction) -> bool:
    return tickets_for(user, include_deleted=True).filter(pk=action.target_id).exists()


def _ticket_check(action: PendingAction) -> None:
    if not Ticket.objects.alive().filter(pk=action.target_id).exists():
        raise ValidationError(_("This ticket is already deleted."))


def _ticket_delete(action: PendingAction, approver) -> dict:
    now = timezone.now()
    Ticket.objects.filter(pk=action.target_id, deleted_at__isnull=True).update(deleted_at=now)
    return {"deleted_at": now.isoformat()}


# --- Granting a queue ---------------------------------------------------------------------------------------


def queue_grant_request(*, queue: Queue, user, requested_by, reason: str, request=None) -> PendingAction:
    """A lead (of that queue) or an admin asks to add someone to a queue for good; another one approves."""
    if not can(user, Perm.TICKETS_WORK):
        raise ValidationError({"user": _("Only staff who work tickets can join a queue.")})
    if queue.members.filter(pk=user.pk).exists():
        raise ValidationError({"user": _("They already belong to this queue.")})
    return approval_request(
        kind="queue_grant", requested_by=requested_by, target=queue, reason=reason, request=request,
        summary=Summary("queue_grant", {"name": public_identity(user).name, "queue": queue.name}),
        data={"user_id": user.pk},
    )


def _queue_in_scope(user, action: PendingAction) -> bool:
    return queues_for(user).filter(pk=action.target_id).exists()


def _queue_check(action: PendingAction) -> None:
    if Queue.objects.filter(pk=action.target_id, members=action.data["user_id"]).exists():
        raise ValidationError(_("They already belong to this queue."))


def _queue_grant(action: PendingAction, approver) -> dict:
    Queue.objects.get(pk=action.target_id).members.add(action.data["user_id"])  # audited by tickets.signals
    return {"user": action.data["user_id"]}


# --- Elevation: a queue or a permission for a while ---------------------------------------------------------


def elevation_request(
    *, user, reason: str, hours: int, permission: str = "", queue: Queue | None = None, request=None
) -> PendingAction:
    """Ask for one permission or one queue for `hours`; a lead approves; it ends by itself."""
    if bool(permission) == (queue is not None):
        raise ValidationError(_("Ask for one permission or one queue."))
    if permission and permission not in ELEVATABLE:
        raise ValidationError({"permission": _("That permission cannot be lent.")})
    if not 1 <= hours <= ELEVATION_MAX_HOURS:
        raise ValidationError({"hours": _("Ask for 1 to %(ELEVATION_MAX_HOURS)s hours.")
            % {"ELEVATION_MAX_HOURS": ELEVATION_MAX_HOURS}})
    name = public_identity(user).name
    summary = (Summary("elevation_queue", {"name": name, "queue": queue.name, "count": hours}) if queue
               else Summary("elevation_permission", {"name": name, "permission": permission, "count": hours}))
    return approval_request(
        kind="elevation", requested_by=user, target=user, reason=reason, request=request, summary=summary,
        data={"permission": permission, "queue_id": queue.pk if queue else None, "hours": hours},
    )


def _elevation_in_scope(user, action: PendingAction) -> bool:
    if str(user.pk) == action.target_id:
        return True
    queue_id = action.data.get("queue_id")
    return queue_id is None or queues_for(user).filter(pk=queue_id).exists()


def _elevation_check(action: PendingAction) -> None:
    queue_id = action.data.get("queue_id")
    if queue_id is not None and not Queue.objects.filter(pk=queue_id).exists():
        raise ValidationError(_("That queue no longer exists."))


def _elevation_grant(action: PendingAction, approver) -> dict:
    now = timezone.now()
    elevation = Elevation.objects.create(
        user_id=action.target_id, permission=action.data.get("permission") or "",
        queue_id=action.data.get("queue_id"), reason=action.reason, starts_at=now,
        ends_at=now + timedelta(hours=int(action.data["hours"])), approved_by=approver,
    )
    forget(action.requested_by)
    return {"elevation": elevation.pk, "ends_at": elevation.ends_at.isoformat()}


def register() -> None:
    approval_kind_register("customer_delete", ApprovalKind(
        label=_("Delete a customer"), in_scope=_customer_in_scope, check=_customer_check, execute=_customer_delete,
    ))
    approval_kind_register("ticket_delete", ApprovalKind(
        label=_("Delete a ticket"), in_scope=_ticket_in_scope, check=_ticket_check, execute=_ticket_delete,
    ))
    approval_kind_register("queue_grant", ApprovalKind(
        label=_("Add to a queue"), in_scope=_queue_in_scope, check=_queue_check, execute=_queue_grant,
        requester_perm=Perm.APPROVAL_DECIDE,
    ))
    approval_kind_register("elevation", ApprovalKind(
        label=_("Elevation"), in_scope=_elevation_in_scope, check=_elevation_check, execute=_elevation_grant,
    ))
