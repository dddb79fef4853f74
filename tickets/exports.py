"""Bulk exports of customer data (one customer's full record for a data-subject request, or every customer of a
queue): asked for, approved by a second person, built by a worker, downloaded once by the person who asked.

Approving creates the `CustomerExport` row and rings the worker (`tickets.tasks.build_customer_export`); a
ring that is lost is rung again by the sweep. The file lives in the media storage under an unguessable name,
is served only to the requester, once, within `TACT_EXPORTS["DOWNLOAD_HOURS"]`, and is deleted when downloaded
or expired. The request, the approval, the file being ready and the download are each in the audit trail.

What a file holds: the customer's profile (all details, account ids, card digits and IP addresses included:
only staff with `customer_private` may ask), their organization, and for one customer their tickets with the
messages the customer can read (their own and the published replies, under the persona's alias) and their
calls (when and how long). A customer's file answers their data-subject request, so it holds no staff-written
text the reply gate did not pass: internal notes and call summaries stay out (they are the desk's notes, and
may name an agent or a colleague).
"""
import csv
import hashlib
import io
import json
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agents.approval_summaries import Summary, summary_register
from agents.approvals import ApprovalKind, approval_kind_register, approval_refuse_if_waiting, approval_request
from agents.audit import audit_record
from agents.models import PendingAction
from agents.permissions import Perm
from config.doorbell import ring
from tickets.access import customers_for, queues_for
from tickets.models import CallLog, Customer, CustomerExport, Message, Queue
from tickets.names import public_names_shown

DEFAULTS = {"DOWNLOAD_HOURS": 24, "MAX_CUSTOMERS": 50_000}  # TACT_EXPORTS overrides any key
TASK = "tickets.tasks.build_customer_export"
PROFILE_FIELDS = ("id", "name", "handle", "emails", "phones", "addresses", "account_ids", "card_last4", "ips",
                  "restriction", "created_at")


def export_setting(key: str):
    return {**DEFAULTS, **getattr(settings, "TACT_EXPORTS", {})}[key]


summary_register("customer_export", _("Export all data of customer %(customer)s (JSON), downloadable once by the "
                                      "requester"))
summary_register("queue_export", ngettext_lazy(
    "Export the %(count)d customer of the %(queue)s queue (%(format)s), downloadable once by the requester",
    "Export the %(count)d customers of the %(queue)s queue (%(format)s), downloadable once by the requester",
    "count"))


def export_request(
    *, requested_by, reason: str, customer: Customer | None = None, queue: Queue | None = None,
    format: str = CustomerExport.Format.JSON, request=None,
) -> PendingAction:
    """Ask for an export of one customer or of a queue's customers; a second person approves it."""
    if (customer is None) == (queue is None):
        raise ValidationError(_("Export one customer or one queue."))
    if format not in CustomerExport.Format.values:
        raise ValidationError({"format": _("Choose json or csv.")})
    if customer is not None and format != CustomerExport.Format.JSON:
        raise ValidationError({"format": _("One customer's data is exported as JSON (it nests tickets and messages).")})
    target = customer if customer is not None else queue
    approval_refuse_if_waiting(kind="customer_export", target=target, what="An export of this")
    if customer is not None:
        summary = Summary("customer_export", {"customer": str(customer)})
        data = {"customer_id": customer.pk, "scope": CustomerExport.Scope.CUSTOMER, "format": format}
    else:
        count = _queue_customers(queue).count()
        summary = Summary("queue_export", {"count": count, "queue": queue.name, "format": format.upper()})
        data = {"queue_id": queue.pk, "scope": CustomerExport.Scope.QUEUE, "format": format}
    return approval_request(
        kind="customer_export", requested_by=requested_by, target=target, summary=summary, reason=reason,
        data=data, request=request,
    )


def _queue_customers(queue: Queue) -> QuerySet[Customer]:
    return Customer.objects.filter(tickets__queue=queue, tickets__deleted_at__isnull=True,
                                   deleted_at__isnull=True).distinct()


def _in_scope(user, action: PendingAction) -> bool:
    if action.data["scope"] == CustomerExport.Scope.CUSTOMER:
        return customers_for(user, include_deleted=True).filter(pk=action.target_id).exists()
    return queues_for(user).filter(pk=action.target_id).exists()


def _check(action: PendingAction) -> None:
    if action.data["scope"] == CustomerExport.Scope.CUSTOMER:
        if not Customer.objects.filter(pk=action.target_id, deleted_at__isnull=True).exists():
            raise ValidationError(_("This customer is deleted or merged."))
    elif not Queue.objects.filter(pk=action.target_id).exists():
        raise ValidationError(_("That queue no longer exists."))
    elif _queue_customers(Queue.objects.get(pk=action.target_id)).count() > export_setting("MAX_CUSTOMERS"):
        raise ValidationError(_("The queue has more customers than one export may hold."))


def _execute(action: PendingAction, approver) -> dict:
    scope = action.data["scope"]
    export = CustomerExport.objects.create(
        action=action, requested_by=action.requested_by, scope=scope, format=action.data["format"],
        customer_id=action.target_id if scope == CustomerExport.Scope.CUSTOMER else None,
        queue_id=action.target_id if scope == CustomerExport.Scope.QUEUE else None,
    )
    transaction.on_commit(lambda: ring(TASK, export.pk, what=f"export {export.pk}"))
    return {"export": export.pk}


# --- The worker's side ----------------------------------------------------------------------------------------


def _profile(customer: Customer) -> dict:
    row = {name: getattr(customer, name) for name in PROFILE_FIELDS}
    row["created_at"] = customer.created_at.isoformat()
    row["organization"] = customer.organization.name if customer.organization_id else ""
    return row


def _customer_document(customer: Customer) -> dict:
    tickets = []
    for ticket in customer.tickets.alive().order_by("created_at", "id"):
        messages = Message.objects.customer_visible().filter(ticket=ticket).order_by("created_at", "id")
        tickets.append({
            "reference": ticket.reference, "subject": ticket.customer_subject, "status": ticket.status,
            "channel": ticket.channel, "created_at": ticket.created_at.isoformat(),
            "messages": [
                {"kind": m.kind, "created_at": m.created_at.isoformat(), "body": m.body,
                 "from": "customer" if m.kind == "customer" else m.author_alias or settings.TACT_SUPPORT_NAME}
                for m in messages
            ],
        })
    calls = [{"at": c.at.isoformat(), "duration_s": c.duration_s}
             for c in CallLog.objects.filter(customer=customer).order_by("at", "id")]
    # Their name and their organization's as they may read them (`tickets.names`): staff may have written either;
    # their own email or number in their name is theirs.
    profile = _profile(customer)
    name, organization = public_names_shown([(profile["name"], True), (profile["organization"], False)],
                                            reader=customer)
    profile["name"], profile["organization"] = name or "", organization or ""
    return {"customer": profile, "tickets": tickets, "calls": calls}


def _render(export: CustomerExport) -> tuple[bytes, int, str]:
    if export.scope == CustomerExport.Scope.CUSTOMER:
        customer = Customer.objects.select_related("organization").get(pk=export.customer_id)
        body = json.dumps(_customer_document(customer), ensure_ascii=False, indent=2)
        return body.encode(), 1, f"customer-{customer.pk}.json"
    customers = _queue_customers(export.queue).select_related("organization").order_by("pk")
    rows = [_profile(c) for c in customers.iterator()]
    name = f"queue-{export.queue.slug}-customers.{export.format}"
    if export.format == CustomerExport.Format.JSON:
        return json.dumps(rows, ensure_ascii=False, indent=2).encode(), len(rows), name
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*PROFILE_FIELDS, "organization"])
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue().encode(), len(rows), name


def export_build(*, export_id: int) -> CustomerExport | None:
    """Build the file of a queued export (the task); running it twice builds it once."""
    with transaction.atomic():
        export = CustomerExport.objects.select_for_update(of=("self",)).filter(
            pk=export_id, state=CustomerExport.State.QUEUED
        ).select_related("queue").first()
        if export is None:
            return None
        content, count, name = _render(export)
        now = timezone.now()
        export.file.save(name, ContentFile(content), save=False)
        export.customers, export.sha256 = count, hashlib.sha256(content).hexdigest()
        export.state, export.ready_at = CustomerExport.State.READY, now
        export.expires_at = now + timedelta(hours=export_setting("DOWNLOAD_HOURS"))
        export.save()
        audit_record(actor=None, action="export.ready", target=export, customer=export.customer_id,
                     data={"customers": count, "sha256": export.sha256, "approval": export.action_id})
    return export


def exports_for(user) -> QuerySet[CustomerExport]:
    """The exports this person asked for: nobody else sees them."""
    return CustomerExport.objects.filter(requested_by=user).select_related("customer", "queue")


def export_download(*, export: CustomerExport, user, request=None) -> tuple[bytes, str]:
    """Hand the file to the person who asked, once, in time; record it; delete the file. Returns (bytes, name).

    The state moves ready → downloaded under a row lock before the file is read, so two clicks at once
    download it once."""
    if export.requested_by_id != user.pk:
        raise PermissionDenied("Only the person who asked may download an export.")
    with transaction.atomic():
        locked = CustomerExport.objects.select_for_update().get(pk=export.pk)
        if locked.state != CustomerExport.State.READY:
            raise ValidationError(_("This export is %(state)s.") % {"state": locked.get_state_display().lower()})
        if locked.expires_at <= timezone.now():
            raise ValidationError(_("This export expired before it was downloaded. Ask again if it is still needed."))
        with locked.file.open("rb") as handle:
            content = handle.read()
        name = locked.file.name.rsplit("/", 1)[-1]
        locked.state, locked.downloaded_at = CustomerExport.State.DOWNLOADED, timezone.now()
        locked.save(update_fields=["state", "downloaded_at"])
        audit_record(actor=user, action="export.download", target=locked, customer=locked.customer_id,
                     request=request, data={"customers": locked.customers, "sha256": locked.sha256})
        transaction.on_commit(lambda: default_storage.delete(locked.file.name))
    return content, name


def exports_sweep(*, now=None) -> dict:
    """The beat task: ring again for exports still queued after a minute (a lost ring), and expire the ones
    nobody downloaded in time, deleting their files."""
    now = now or timezone.now()
    rung = 0
    for pk in CustomerExport.objects.filter(state=CustomerExport.State.QUEUED,
                                            created_at__lte=now - timedelta(minutes=1)).values_list("pk", flat=True):
        rung += ring(TASK, pk, what=f"export {pk}")
    expired = 0
    for export in CustomerExport.objects.filter(state=CustomerExport.State.READY, expires_at__lte=now):
        with transaction.atomic():
            updated = CustomerExport.objects.filter(pk=export.pk, state=CustomerExport.State.READY).update(
                state=CustomerExport.State.EXPIRED
            )
            if updated:
                audit_record(actor=None, action="export.expire", target=export, customer=export.customer_id)
                transaction.on_commit(lambda name=export.file.name: default_storage.delete(name))
                expired += 1
    return {"rung": rung, "expired": expired}


def register() -> None:
    approval_kind_register("customer_export", ApprovalKind(
        label=_("Export customer data"), in_scope=_in_scope, check=_check, execute=_execute,
        requester_perm=Perm.CUSTOMER_PRIVATE,
    ))
