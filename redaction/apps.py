from django.apps import AppConfig


class RedactionConfig(AppConfig):
    name = "redaction"

    def ready(self) -> None:
        # Staff open tickets through tickets.intake, which cannot import the gate: their first reply is sent here.
        from redaction.gate import reply_submit
        from tickets.intake import public_reply_gate_register

        public_reply_gate_register(reply_submit)
