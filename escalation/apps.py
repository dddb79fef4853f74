from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "escalation"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from escalation.intake import message_saved
        from tickets.models import Message

        # Every new customer message is classified for urgency, whichever code path created it.
        post_save.connect(message_saved, sender=Message, dispatch_uid="escalation.urgency_intake")
