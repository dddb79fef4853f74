"""The scanner for staff-written text a customer reads outside a reply (a lead's warning), checked when it is
written rather than by the worker: the sender is waiting, and the text is short and fixed.

Such text is read by the customer alone, so it is checked as a private reply on the ticket would be; a notice
about no ticket is checked against the customer's details all the same.
"""
from redaction.context import ticket_context
from redaction.policy import current_policy
from redaction.scanner import scan_parts
from tickets.models import Customer, Ticket


def text_findings(*, customer: Customer, ticket: Ticket | None, texts: list[str]) -> list[dict]:
    """Findings in any of `texts`, each with the index of its text as `part`."""
    about = ticket if ticket is not None else Ticket(customer=customer, replies_public=False)
    context = ticket_context(ticket=about, author=None)
    policy = current_policy()
    return [
        {**finding.as_dict(), "part": index}
        for index, findings in enumerate(scan_parts(texts, context, policy))
        for finding in findings
    ]
