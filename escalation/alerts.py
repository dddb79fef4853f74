"""Telling leads at once: a count in every staff page's navigation (`escalation.selectors`), an email per
lead of the queue through the outbox and a signed webhook to each subscribed chat tool, both sent by the urgent
worker (never from inside a request, never behind routine work), each once, retried until delivered.

The email and the webhook are staff-only and say what, where and by when (category, severity, ticket,
acknowledge-by, a link), never the customer's words: those stay behind the sign-in. People are named by persona.

A level that would tell nobody (a queue with no lead, no administrator, or only leads without an email address)
is passed over at once for the next one that tells someone (`level_told`), and the timeline says so: an urgent
item never waits a level's timeout with nobody told. Nobody is told of an item they cannot open: every level is
the queue's leads or the administrators, and a snapshot that names a retired level (`all_leads`) is read with its
replacement, saying so on the timeline.
"""
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from agents.identity import public_identity
from agents.models import Role
from agents.permissions import Perm, can
from config.locale import staff_locale
from escalation.duty import first_level_leads
from escalation.models import EntryKind, Escalation, EscalationEntry
from escalation.policy import level_followed
from tickets.access import leads_of_queue
from tickets.models import Notification, Queue
from tickets.notifications import PermanentDeliveryError, notifications_schedule_staff
from tickets.webhooks.events import persona_of, site_url, ticket_data, webhook_emit
from tickets.webhooks.models import Event

logger = logging.getLogger(__name__)

LEAD_ALERT = "escalation_alert"
# A level step (escalation.levels): one row per recipient and step, `about_id` is the step's timeline entry.
LEVEL_ALERT = "escalation_level_alert"


def _queues(escalation: Escalation) -> QuerySet[Queue]:
    """The escalation's owning queue (`Escalation.queue`), as a queryset for the roster's reads."""
    return Queue.objects.filter(pk=escalation.queue_id)


def queue_leads(escalation: Escalation):
    """Every lead of the escalation's queue."""
    return leads_of_queue(_queues(escalation))


def duty_leads(escalation: Escalation):
    """The leads on duty for the escalation's queue, or all its leads when nobody is (`escalation.duty`)."""
    return first_level_leads(_queues(escalation))


def level_recipients(escalation: Escalation, notify: str):
    """Who a level tells: `on_duty_leads` (the queue's leads on duty, or all its leads when nobody is),
    `queue_leads` (every lead of the queue) or `admins`: people who can open the item."""
    if notify == "on_duty_leads":
        return duty_leads(escalation)
    if notify == "queue_leads":
        return queue_leads(escalation)
    if notify == "admins":
        return get_user_model().objects.filter(is_active=True, staff__role=Role.ADMIN).exclude(
            staff__access_expires_at__lte=timezone.now()
        )
    raise ValueError(f"unknown escalation level {notify!r}")


def _reachable(users) -> list:
    """Those a level's email reaches. A lead without an address is nobody to tell (the level would count as
    told while no one heard); they still see the item in the app: the navigation count and the triage list."""
    return [user for user in users if (user.email or "").strip()]


@dataclass
class Told:
    """Who a level tells once the levels with nobody in them are passed over. `position` is the ladder's
    position told (level `position % len(levels) + 1`), None when it was not a level of the policy: the
    administrators told because no level has anyone (`notify` "admins"), or nobody because the rest of the
    ladder is empty (`notify` ""). `retired`: the retired level names of the snapshot read on the way
    (`RETIRED_LEVELS`), each read as its replacement."""

    position: int | None
    notify: str
    recipients: list
    skipped: list[str] = field(default_factory=list)
    queue_name: str = ""
    retired: list[str] = field(default_factory=list)

    def data(self) -> dict:
        """What the timeline entry keeps of it; nothing when no level was passed over or read in another's place."""
        if not self.skipped and not self.retired:
            return {}
        data = {"skipped": self.skipped, "told": self.notify, "queue_name": self.queue_name}
        return {**data, "retired": self.retired} if self.retired else data


def level_told(escalation: Escalation, *, start: int, stop: int) -> Told:
    """The first ladder position from `start` up to `stop` (exclusive) whose level has someone to tell, read
    from the policy the item was raised with. When no level of the policy has anyone (a call's queue with no
    lead and a policy without administrators, or no administrator either), the administrators are told all
    the same, and it is logged; when only the rest of the ladder is empty, nobody: the ladder has run out. A
    retired level name (in snapshots kept before it retired) is read as its replacement (`level_followed`)."""
    named = (escalation.policy or {}).get("levels") or []
    levels = [level_followed(name) for name in named]
    skipped: list[str] = []
    retired: list[str] = []

    def told(position: int | None, notify: str, recipients: list, skipped: list[str]) -> Told:
        # The queue's name is only for the timeline's word on a level passed over or read in another's place.
        queue_name = ""
        if skipped or retired:
            queue_name = Queue.objects.filter(pk=escalation.queue_id).values_list("name", flat=True).first() or ""
        return Told(position, notify, recipients, skipped, queue_name, retired)

    for position in range(start, stop):
        name, notify = named[position % len(named)], levels[position % len(levels)]
        if notify != name and name not in retired:
            retired.append(name)
        if notify in skipped:
            continue
        recipients = _reachable(level_recipients(escalation, notify))
        if recipients:
            return told(position, notify, recipients, skipped)
        skipped.append(notify)
    rest = [notify for notify in dict.fromkeys(levels) if notify not in skipped]
    if any(_reachable(level_recipients(escalation, notify)) for notify in rest):
        return told(None, "", [], skipped)
    admins = [] if "admins" in skipped else _reachable(level_recipients(escalation, "admins"))
    # Ids and counts only: never the customer's words or a person's name.
    (logger.warning if admins else logger.error)(
        "escalation %s (%s, queue %s): no level of its policy has anyone to tell; %d administrators told",
        escalation.pk, escalation.category, escalation.queue_id, len(admins),
    )
    return told(None, "admins", admins, skipped or ["admins"])


def first_level_told(escalation: Escalation) -> Told:
    """Who is told at raise and at a move: level 1 of the policy the item was raised with, or the next level
    that has someone (items raised before the roster existed have `queue_leads` there and keep telling every
    lead of the queue); the queue's leads for items raised before levels existed."""
    levels = (escalation.policy or {}).get("levels") or []
    if not levels:
        return Told(0, "queue_leads", _reachable(queue_leads(escalation)))
    return level_told(escalation, start=0, stop=len(levels))


def escalation_alert_leads(*, escalation: Escalation) -> int:
    """Queue one email to each recipient of level 1 (or of the first level after it that has anyone), in the
    caller's transaction; record it on the timeline. A level passed over puts the item's ladder at the level
    told, so its timeout runs from now and the next step is the level after it. Returns how many are told."""
    told = first_level_told(escalation)
    emails = notifications_schedule_staff(
        kind=LEAD_ALERT, about_id=escalation.pk, recipients=told.recipients, ticket=escalation.ticket
    )
    if told.position:
        policy = escalation.policy
        escalation.level = told.position % len(policy["levels"]) + 1
        escalation.steps = told.position
        Escalation.objects.filter(pk=escalation.pk).update(level=escalation.level, steps=escalation.steps)
    if emails or told.skipped:
        EscalationEntry.objects.create(escalation=escalation, kind=EntryKind.ALERTED,
                                       data={"emails": emails, **told.data()})
    escalation_webhook_emit(escalation=escalation, event=Event.ESCALATION_RAISED)
    return emails


def escalation_alert_first_level(*, escalation: Escalation, kind: str, data: dict, now) -> EscalationEntry:
    """Append a `kind` entry to the timeline and tell level 1 of the escalation's queue about it as a raise
    does, in the caller's transaction: an `escalation_level_alert` outbox row per recipient about the entry
    (the urgent worker sends each once after commit, retrying until delivered) and `escalation.raised` to
    webhook subscribers with `"occasion": kind`, once per entry. The one way an item already raised is told
    again outside the levels' steps (a claim released by a move, an unhandled item that moved)."""
    told = first_level_told(escalation)
    entry = EscalationEntry.objects.create(
        escalation=escalation, kind=kind, created_at=now,
        data={**data, "emails": len(told.recipients), **told.data()},
    )
    notifications_schedule_staff(kind=LEVEL_ALERT, about_id=entry.pk, recipients=told.recipients,
                                 ticket=escalation.ticket)
    escalation_webhook_emit(escalation=escalation, event=Event.ESCALATION_RAISED, occasion=f"{kind}:{entry.pk}")
    return entry


def escalation_webhook_emit(*, escalation: Escalation, event: str, by=None, occasion: str = "") -> int:
    """Tell webhook subscribers (chat tools) about `escalation`, in the caller's transaction: raised,
    acknowledged (first acknowledgement or claim) or resolved (resolved or dismissed), once each. An `occasion`
    (`<entry kind>:<entry id>`, from `escalation_alert_first_level`) sends the event again, once per occasion,
    saying why."""
    data: dict = {
        "escalation": {
            "id": escalation.pk,
            "category": escalation.category,
            "severity": escalation.severity,
            "status": escalation.status,
            "raised_by": persona_of(escalation.raised_by) if escalation.raised_by_id else "detector",
            "raised_at": escalation.raised_at.isoformat(),
            "acknowledge_by": escalation.acknowledge_by.isoformat() if escalation.acknowledge_by else None,
            "resolve_by": escalation.resolve_by.isoformat() if escalation.resolve_by else None,
            "outcome": escalation.outcome or escalation.dismissal_reason or None,
            "url": site_url(reverse("leads:escalation", kwargs={"pk": escalation.pk})),
        },
        "ticket": ticket_data(escalation.ticket, subject=False) if escalation.ticket_id else None,
        "by": persona_of(by),
    }
    key = f"{event}:{escalation.pk}"
    if occasion:
        data["occasion"] = occasion.split(":", 1)[0]
        key = f"{key}:{occasion}"
    return webhook_emit(event=event, key=key, data=data)


def lead_alert_email(notification: Notification) -> EmailMultiAlternatives:
    """The email for one lead's alert row, built when the notify worker sends it."""
    return _email(notification, notification.about_id)


def level_alert_email(notification: Notification) -> EmailMultiAlternatives:
    """The email for a level step's row: about the escalation whose timeline entry the row points at, saying
    what the entry says happened when it is a move or a claim released by one."""
    entry = EscalationEntry.objects.filter(pk=notification.about_id).only("escalation_id", "kind", "data").first()
    if entry is None:
        raise PermanentDeliveryError("the step is gone")
    return _email(notification, entry.escalation_id, entry)


def _moved_names(entry: EscalationEntry | None) -> dict | None:
    """From and to queue of a move or of a claim it released, by name as they were then. A release recorded
    before releases kept names has their ids only: their names now."""
    moved = (entry.data or {}).get("moved") if entry is not None else None
    if not moved or entry is None or entry.kind not in (EntryKind.MOVED, EntryKind.RELEASED):
        return None
    if "from_name" in moved:
        return {"from_queue": moved["from_name"], "to_queue": moved["to_name"]}
    names = dict(Queue.objects.filter(pk__in=[moved.get("from_queue"), moved.get("to_queue")])
                 .values_list("pk", "name"))
    return {"from_queue": names.get(moved.get("from_queue"), ""), "to_queue": names.get(moved.get("to_queue"), "")}


def _email(notification: Notification, escalation_id: int, entry: EscalationEntry | None = None
           ) -> EmailMultiAlternatives:
    """The alert in the recipient's language and time zone: what happened (raised, moved, released), where,
    and the deadline it must meet next (acknowledge-by while open, else resolve-by), saying so when it has
    passed. People by persona; never the customer's words."""
    lead = notification.recipient
    if lead is None or not can(lead, Perm.SAFETY_ACT):
        raise PermanentDeliveryError("recipient is no longer a lead")
    address = lead.email
    if not address:
        raise PermanentDeliveryError("lead has no email address")
    escalation = Escalation.objects.select_related("ticket", "raised_by__staff__persona").get(pk=escalation_id)
    moved = _moved_names(entry)
    released = moved is not None and entry is not None and entry.kind == EntryKind.RELEASED
    due = escalation.acknowledge_by if escalation.status == "open" else escalation.resolve_by
    with staff_locale(lead):
        where = escalation.ticket.reference if escalation.ticket else gettext("customer #%(id)s") % {
            "id": escalation.customer_id}
        names = {"category": escalation.get_category_display(), "where": where, **(moved or {})}
        if released:
            subject = gettext("[Escalation] %(category)s on %(where)s: claim released, it needs a lead") % names
        elif moved:
            subject = gettext("[Escalation] %(category)s on %(where)s moved from %(from_queue)s to %(to_queue)s"
                              ) % names
        else:
            subject = gettext("[Escalation] %(category)s on %(where)s") % names
        overdue = due is not None and due <= timezone.now() and escalation.status in ("open", "acknowledged",
                                                                                     "claimed")
        if overdue:
            subject = gettext("%(subject)s (overdue)") % {"subject": subject}
        context = {
            "escalation": escalation,
            "where": where,
            "moved": moved,
            "released": released,
            "due": due,
            "overdue": overdue,
            "raised_by": public_identity(escalation.raised_by).name if escalation.raised_by else gettext(
                "the detector"),
            "url": settings.TACT_SITE_URL.rstrip("/") + reverse("leads:escalation", kwargs={"pk": escalation.pk}),
        }
        body = render_to_string("escalation/email/lead_alert.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
