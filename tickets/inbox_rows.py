"""What each inbox line shows, worked out in Python once per row.

The template engine resolves every `{{ t.x }}` through a chain of lookups, calls `get_*_display`, runs the
`date` filter and an inclusion tag for the SLA badge: for 25 rows that cost more than the page's SQL. Here the
same values are plain strings (labels, URLs, dates formatted as the `date` filter formats them), so the row
template only writes them out.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from agents.identity import public_identity
from tickets.models import Channel, Priority, Status, Ticket
from tickets.sla.display import Badge, badge
from tickets.stamps import stamp

# Built once; the labels stay lazy, so each page still shows them in the viewer's language.
_CHANNELS, _STATUSES, _PRIORITIES = dict(Channel.choices), dict(Status.choices), dict(Priority.choices)


@dataclass(frozen=True)
class InboxRow:
    reference: str
    subject: str
    url: str
    take_url: str  # "" when the viewer is already the assignee
    channel: str
    status: str
    status_label: str
    priority: int
    priority_label: str
    customer_handle: str
    customer_name: str
    queue: str
    assignee: str  # the persona's name, "" when nobody's
    overdue: bool
    sla: Badge | None
    sla_due_iso: str
    sla_due_shown: str
    updated_iso: str
    updated_shown: str


def _when(value: datetime | None, shown: str) -> tuple[str, str]:
    """`stamp`, or two empty strings for no time."""
    return stamp(value, shown) if value is not None else ("", "")


def inbox_rows(tickets: list[Ticket], *, viewer, now: datetime) -> list[InboxRow]:
    """`tickets` as `inbox_tickets` loads them (customer, queue, assignee's persona, `due_at`, `sla_state`), with
    the `now` it was given: a row is overdue when its badge says breached."""
    rows = []
    for t in tickets:
        sla = badge(t.sla_state, t.due_at, now)
        sla_due_iso, sla_due_shown = _when(sla.due if sla else None, "j M, H:i")
        updated_iso, updated_shown = _when(t.updated_at, "j M, H:i")
        rows.append(
            InboxRow(
                reference=t.reference,
                subject=t.subject,
                url=reverse("ticket_detail", args=[t.reference]),
                take_url="" if t.assignee_id == viewer.pk else reverse("ticket_take", args=[t.reference]),
                channel=_CHANNELS.get(t.channel, t.channel),
                status=t.status,
                status_label=_STATUSES.get(t.status, t.status),
                priority=t.priority,
                priority_label=_PRIORITIES.get(t.priority, t.priority),
                customer_handle=t.customer.handle,
                customer_name=t.customer.name,
                queue=t.queue.name,
                assignee=public_identity(t.assignee).name if t.assignee_id else "",
                overdue=sla is not None and sla.state == "breached",
                sla=sla,
                sla_due_iso=sla_due_iso,
                sla_due_shown=sla_due_shown,
                updated_iso=updated_iso,
                updated_shown=updated_shown,
            )
        )
    return rows
