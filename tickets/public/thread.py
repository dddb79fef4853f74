"""What the public page of a public thread shows: the customer's public posts and the replies the gate
published, under their personas. Nothing else of the ticket is read here.

Only a ticket opened on a public channel, whose replies the gate scanned under the public policy
(`replies_public`), has a page; any other reference answers 404, exactly as an unknown one, so private
tickets cannot be told apart from references that do not exist. A suspended customer's posts stay off the
page (they are kept as evidence, not amplified), and so do the files of a thread. The customer's handle passes
the read-time name check (`tickets.names.public_names_shown`, for no one reader), as every name a customer
reads does: a handle written before the check, or one that has since come to name a member of staff, reads as
"A customer".
"""
from django.db.models import Q, QuerySet

from tickets.models import CLOSED_STATUSES, PUBLIC_CHANNELS, Message, MessageKind, Ticket
from tickets.names import public_names_shown

OPEN_WORD, SOLVED_WORD = "Open", "Solved"
CUSTOMER_FALLBACK = "A customer"


def public_thread_ticket(reference: str) -> Ticket | None:
    """The ticket behind a public page, or None for a private, deleted or unknown one (the same test as
    `Ticket.has_public_page`, in SQL)."""
    return (
        Ticket.objects.alive()
        .filter(reference=reference, channel__in=PUBLIC_CHANNELS, replies_public=True,
                customer__deleted_at__isnull=True)
        .select_related("customer")
        .only("reference", "subject", "subject_public", "status", "created_at", "customer__handle")
        .first()
    )


def public_thread_messages(ticket: Ticket) -> QuerySet[Message]:
    """The customer's public posts and the published replies, oldest first: never a note, a private message,
    a suspended post or anything the gate has not published (those are not `Message` rows of kind reply)."""
    return ticket.messages.filter(
        Q(kind=MessageKind.PUBLIC_REPLY) | Q(kind=MessageKind.CUSTOMER, is_public_post=True, suspended=False)
    ).only("ticket_id", "kind", "body", "author_alias", "author_avatar_seed", "author_signature", "created_at")


def public_status_word(ticket: Ticket) -> str:
    """Open or solved: the public learns nothing of pending, on hold or why a thread was closed."""
    return SOLVED_WORD if ticket.status in CLOSED_STATUSES else OPEN_WORD


def public_handle(ticket: Ticket) -> str:
    """The customer as the public already knows them: their handle, never their name or addresses, and never a
    handle the name check refuses (checked once per page, however many posts carry it)."""
    return public_names_shown([(ticket.customer.handle, True)])[0] or CUSTOMER_FALLBACK
