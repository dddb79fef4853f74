from django.apps import AppConfig


class RedactionConfig(AppConfig):
    name = "redaction"

    def ready(self) -> None:
        # tickets cannot import the gate, yet staff-written text must pass it: staff open tickets through
        # tickets.intake (their first reply is sent here) and warnings are checked here before they are queued.
        from redaction.gate import reply_submit
        from redaction.textcheck import text_findings
        from tickets.intake import public_reply_gate_register
        from tickets.notifications import public_text_check_register

        public_reply_gate_register(reply_submit)
        public_text_check_register(text_findings)
