"""Telling a lead that another lead closed an escalation they had claimed: in the app and by email.

The claimant planned to act on the item, so they hear it twice, as a raise is told: a `ClaimOverride` row, which
their navigation counts and their triage page lists until they mark it read, and one email through the outbox
(sent by the notify worker after the close commits, never from the request). Both only while the claimant can
still open the item (`escalation.selectors.escalations_visible_to`, built on `tickets.access`): a ticket that
moved to a queue they do not lead takes its notice out of their sight, as it takes the item.
"""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from agents.identity import public_identity
from agents.permissions import Perm, can
from config.locale import staff_locale
from escalation.claim_models import ClaimOverride
from escalation.models import Escalation, Status
from escalation.selectors import escalations_visible_to
from tickets.models import Notification
from tickets.notifications import PermanentDeliveryError, notifications_schedule_staff

CLAIM_OVERRIDE = "escalation_claim_override"


def claim_override_record(*, escalation: Escalation, lead, now) -> ClaimOverride:
    """In the closing move's transaction: the notice for `escalation`'s claimant, and their email when they have
    an address (without one they are told in the app alone, as a lead's alert would be)."""
    claimant = escalation.claimed_by
    notice = ClaimOverride.objects.create(escalation_id=escalation.pk, claimant=claimant, closed_by=lead,
                                          created_at=now)
    if (claimant.email or "").strip():
        notifications_schedule_staff(kind=CLAIM_OVERRIDE, about_id=notice.pk, recipients=[claimant],
                                     ticket=escalation.ticket)
    return notice


def claim_override_email(notification: Notification) -> EmailMultiAlternatives:
    """The claimant's email, built when the notify worker sends it, in their language and time zone: who closed
    which item and how, by persona, with a link; never the customer's words or the closing note. Not sent once the
    claimant can no longer open the item (moved out of their queues, no longer a lead)."""
    lead = notification.recipient
    if lead is None or not can(lead, Perm.SAFETY_ACT):
        raise PermanentDeliveryError("recipient is no longer a lead")
    if not lead.email:
        raise PermanentDeliveryError("lead has no email address")
    notice = ClaimOverride.objects.select_related("closed_by__staff__persona").filter(
        pk=notification.about_id).first()
    if notice is None:
        raise PermanentDeliveryError("the notice is gone")
    escalation = escalations_visible_to(lead).select_related("ticket").filter(pk=notice.escalation_id).first()
    if escalation is None:
        raise PermanentDeliveryError("the escalation left the claimant's queues")
    with staff_locale(lead):
        where = escalation.ticket.reference if escalation.ticket else gettext("customer #%(id)s") % {
            "id": escalation.customer_id}
        names = {"category": escalation.get_category_display(), "where": where}
        subject = gettext("[Escalation] %(category)s on %(where)s: closed over your claim") % names
        context = {
            "escalation": escalation,
            "where": where,
            "closed_by": public_identity(notice.closed_by).name,
            "dismissed": escalation.status == Status.DISMISSED,
            "closing": escalation.get_dismissal_reason_display() if escalation.status == Status.DISMISSED
            else escalation.get_outcome_display(),
            "when": notice.created_at,
            "url": settings.TACT_SITE_URL.rstrip("/") + reverse("leads:escalation", kwargs={"pk": escalation.pk}),
        }
        body = render_to_string("escalation/email/claim_override.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                  to=[lead.email])
