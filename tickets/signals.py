"""Queue membership changes, made anywhere (a service, the admin, a shell), go to the audit trail; a staff
member whose access ended hands their open tickets back to the queue."""
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from agents.audit import audit_record, request_actor
from agents.offboarding import access_ended
from tickets.models import Queue

ACTIONS = {"post_add": "queue.member_add", "post_remove": "queue.member_remove", "pre_clear": "queue.member_remove"}


@receiver(m2m_changed, sender=Queue.members.through, dispatch_uid="tickets.audit_queue_members")
def audit_queue_members(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    """Recorded per queue, naming the people, from either side of the relation (queue.members or user.queues).
    A clear is recorded before it happens, while the members it removes can still be listed. Ids and queues
    are in id order, so the same change reads the same on every database."""
    if action not in ACTIONS:
        return
    if action == "pre_clear":
        pairs = (
            [(q, [instance.pk]) for q in instance.queues.order_by("pk")]
            if reverse
            else [(instance, list(instance.members.order_by("pk").values_list("pk", flat=True)))]
        )
    elif reverse:
        pairs = [(q, [instance.pk]) for q in Queue.objects.filter(pk__in=pk_set).order_by("pk")]
    else:
        pairs = [(instance, sorted(pk_set))]
    for queue, user_ids in pairs:
        if user_ids:
            audit_record(actor=request_actor(), action=ACTIONS[action], target=queue, data={"users": user_ids})


@receiver(access_ended, dispatch_uid="tickets.return_tickets_to_queue")
def return_tickets_to_queue(sender, user, actor=None, **kwargs) -> int:
    from tickets.services import tickets_return_to_queue

    return tickets_return_to_queue(user=user, actor=actor)
