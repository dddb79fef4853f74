from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "escalation"

    def ready(self) -> None:
        """Every new customer message and logged call is classified for urgency, whichever code path created it;
        lead alerts and a claimant's notice that their claim was closed over go through the tickets outbox, which
        learns here how to build their email and that the alerts are urgent; the closure countdown learns here
        whether a published reply asked the customer for information; a ticket moved to another queue takes its
        escalations with it; a configured policy naming a retired level is a system check's warning."""
        from django.db.models.signals import post_save

        from escalation import checks  # noqa: F401  (registers the system check)
        from escalation.alerts import LEAD_ALERT, LEVEL_ALERT, lead_alert_email, level_alert_email
        from escalation.intake import call_saved, message_saved
        from tickets.models import CallLog, Message
        from tickets.notifications import staff_notice_register

        post_save.connect(message_saved, sender=Message, dispatch_uid="escalation.urgency_intake")
        post_save.connect(call_saved, sender=CallLog, dispatch_uid="escalation.urgency_intake_calls")
        staff_notice_register(LEAD_ALERT, lead_alert_email, urgent=True)
        staff_notice_register(LEVEL_ALERT, level_alert_email, urgent=True)
        from escalation.claim_notices import CLAIM_OVERRIDE, claim_override_email

        staff_notice_register(CLAIM_OVERRIDE, claim_override_email)
        from escalation.safety import safety_register

        safety_register()
        from escalation.services import ticket_moved_receiver
        from tickets.services import ticket_moved

        ticket_moved.connect(ticket_moved_receiver, dispatch_uid="escalation.escalations_follow_ticket")
        from escalation.firstresponse import asks_for_information
        from tickets.closure import info_request_check_register

        info_request_check_register(asks_for_information)
