"""Managing queues from Tact's pages: create, rename, change the address replies go out from, archive, and a
member leaving. Adding a member stays a two-person grant (`tickets.approvals.queue_grant_request`).

A queue is never deleted: tickets, history and public sources point at it (`PROTECT`). Archiving stops new
tickets from landing in it while its tickets stay readable and answerable.
"""
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agents.audit import audit_record
from agents.identity import address_names_staff
from agents.permissions import Perm, require
from tickets.access import queues_managed_by
from tickets.models import Queue
from tickets.services import text_errors, tickets_return_to_queue

NAME_MAX = 100
T = TypeVar("T")
# Replies go out from a queue's address (From and Reply-To): a person's own, or one named after them, would tell
# every customer who they are.
STAFF_ADDRESS = gettext_lazy("This address names a member of staff, and customers read it on every reply: use "
                             "the team's.")


def queue_validate(*, name: str, email: str, slug: str | None = None, queue: Queue | None = None) -> dict[str, str]:
    """The values to write, normalised, or a ValidationError by field (names and addresses unique, no address
    naming staff). The services check with it, and so do forms that want the errors before they call one."""
    values = {"name": " ".join((name or "").split()), "email": (email or "").strip().lower()}
    errors = text_errors(values)
    others = Queue.objects.exclude(pk=queue.pk) if queue is not None else Queue.objects.all()
    if "name" not in errors:
        if not values["name"] or len(values["name"]) > NAME_MAX:
            errors["name"] = _("Give the queue a name of at most %(max)d characters.") % {"max": NAME_MAX}
        elif others.filter(name__iexact=values["name"]).exists():
            errors["name"] = _("Another queue has this name.")
    if "email" not in errors:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = _("Give the address replies are sent from, e.g. billing@support.example.")
        else:
            if others.filter(email__iexact=values["email"]).exists():
                errors["email"] = _(
                    "Another queue sends from this address: inbound mail could not tell them apart."
                )
            elif address_names_staff(values["email"]):
                errors["email"] = str(STAFF_ADDRESS)
    if slug is not None:
        values["slug"] = (slug or "").strip().lower()
        try:
            validate_slug(values["slug"])
        except ValidationError:
            errors["slug"] = _("Letters, digits, hyphens and underscores only.")
        else:
            if len(values["slug"]) > NAME_MAX:
                errors["slug"] = _("At most %(max)d characters.") % {"max": NAME_MAX}
            elif others.filter(slug=values["slug"]).exists():
                errors["slug"] = _("Another queue has this short name.")
    if errors:
        raise ValidationError(errors)
    return values


def _managed(actor, queue: Queue) -> None:
    require(actor, Perm.QUEUES_MANAGE)
    if not queues_managed_by(actor).filter(pk=queue.pk).exists():
        raise PermissionDenied("You do not lead this queue.")


def _unique_or_refused(write: Callable[[], T], *, name: str, email: str, slug: str | None = None,
                       queue: Queue | None = None) -> T:
    """Run `write` in its own transaction. The checks ran before it, so another save (two people, two tabs) can
    take the same name, short name or address in between: the database's unique constraints refuse the second
    write, and rather than a server error its author gets the same field error the check gives, now that the
    other queue is there to see."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        queue_validate(name=name, email=email, slug=slug, queue=queue)
        raise ValidationError(
            _("Another change to the queues was saved at the same moment. Check the queue and save again.")
        ) from None


def queue_create(*, actor, name: str, slug: str, email: str, request=None) -> Queue:
    """A new, empty queue: only someone who acts in every queue makes one (nobody leads it yet)."""
    require(actor, Perm.QUEUES_MANAGE)
    require(actor, Perm.ALL_QUEUES, "Only administrators add queues.")
    values = queue_validate(name=name, email=email, slug=slug)

    def create() -> Queue:
        queue = Queue.objects.create(**values)
        audit_record(actor=actor, action="queue.create", target=queue, request=request, data=values)
        return queue

    return _unique_or_refused(create, name=name, email=email, slug=slug)


def queue_update(*, actor, queue: Queue, name: str, email: str, request=None) -> Queue:
    """Rename a queue or change its address (the short name stays: the API and mailboxes use it)."""
    _managed(actor, queue)
    values = queue_validate(name=name, email=email, queue=queue)

    def update() -> None:
        locked = Queue.objects.select_for_update().get(pk=queue.pk)
        changed = {field: [getattr(locked, field), value] for field, value in values.items()
                   if getattr(locked, field) != value}
        if changed:
            Queue.objects.filter(pk=queue.pk).update(**values)
            audit_record(actor=actor, action="queue.update", target=queue, request=request, data=changed)

    _unique_or_refused(update, name=name, email=email, queue=queue)
    queue.refresh_from_db()
    return queue


def queue_archive(*, actor, queue: Queue, archived: bool, request=None) -> bool:
    """Archive a queue (no new tickets land in it) or bring it back; False if it already was so."""
    _managed(actor, queue)
    require(actor, Perm.ALL_QUEUES, "Only administrators archive queues.")
    with transaction.atomic():
        rows = Queue.objects.filter(pk=queue.pk, archived_at__isnull=archived)
        if rows.update(archived_at=timezone.now() if archived else None) != 1:
            return False
        audit_record(actor=actor, action="queue.archive" if archived else "queue.restore", target=queue,
                     request=request, data={"queue": queue.slug})
    queue.refresh_from_db()
    return True


def queue_member_remove(*, actor, queue: Queue, user, request=None) -> int:
    """Take someone out of a queue (the change is audited by `tickets.signals`); the open tickets of that queue
    assigned to them go back to it, each with its history entry. Returns how many went back."""
    _managed(actor, queue)
    with transaction.atomic():
        # Two people taking the same member out at once: the queue's row makes them take turns, so the second
        # finds them gone (a form error) instead of removing nobody and auditing a second departure.
        Queue.objects.select_for_update().filter(pk=queue.pk).first()
        if not queue.members.filter(pk=user.pk).exists():
            raise ValidationError(_("They are not a member of this queue."))
        queue.members.remove(user)
        return tickets_return_to_queue(user=user, actor=actor, queue=queue, reason="left_queue")
