"""The email half of the unusual-views alert (`agents.audit_alerts`): each lead of the person's queues (every lead,
for someone in no queue) gets one email through the outbox, naming the person by persona and linking to what
they viewed. Never the customers: those stay behind the sign-in.
"""
from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from agents.identity import public_identity
from agents.models import AuditEntry, Role
from agents.permissions import Perm, can
from tickets.access import leads_of_queue
from tickets.models import Notification
from tickets.notifications import PermanentDeliveryError, notifications_schedule_staff

UNUSUAL_VIEWS = "audit_unusual_views"


def unusual_views_tell_leads(sender, entry: AuditEntry, person: User, **kwargs) -> int:
    """Receiver of `agents.audit_alerts.unusual_views_found`: schedule the leads' emails."""
    leads = leads_of_queue(person.queues.all()) if person.queues.exists() else User.objects.filter(
        is_active=True, staff__role__in=(Role.LEAD, Role.ADMIN)
    )
    return notifications_schedule_staff(
        kind=UNUSUAL_VIEWS, about_id=entry.pk, recipients=leads.exclude(pk=person.pk).distinct()
    )


def unusual_views_email(notification: Notification) -> EmailMultiAlternatives:
    """One lead's email, built when the notify worker sends it."""
    lead = notification.recipient
    if lead is None or not can(lead, Perm.AUDIT_READ):
        raise PermanentDeliveryError("recipient may no longer read the audit trail")
    if not lead.email:
        raise PermanentDeliveryError("lead has no email address")
    entry = AuditEntry.objects.get(pk=notification.about_id, action="audit.unusual_views")
    person = User.objects.select_related("staff__persona").get(pk=int(entry.target_id))
    name = public_identity(person).name
    query = f"?person={person.pk}&action=customer.view"
    context = {
        "entry": entry,
        "person": name,
        "customers": entry.data["customers"],
        "minutes": round(int(entry.data["window_s"]) / 60),
        "url": settings.TACT_SITE_URL.rstrip("/") + reverse("agents:audit") + query,
    }
    return EmailMultiAlternatives(
        subject=f"[Audit] {name} viewed {entry.data['customers']} customers in {context['minutes']} minutes",
        body=render_to_string("tickets/email/unusual_views.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[lead.email],
    )
