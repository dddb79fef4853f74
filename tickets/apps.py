from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"

    def ready(self) -> None:
        """Approval kinds, the queue-membership audit receiver, the outbox's email for the unusual-views
        alert, and the satisfaction survey of a solved ticket."""
        from agents.audit_alerts import unusual_views_found
        from tickets import approvals, exports, merges, signals  # noqa: F401  (signals: the queue-membership audit receiver)
        from tickets.audit_alerts import UNUSUAL_VIEWS, unusual_views_email, unusual_views_tell_leads
        from tickets.notifications import staff_notice_register
        from tickets.satisfaction.services import survey_on_solve_receiver
        from tickets.services import ticket_solved

        approvals.register()
        merges.register()
        exports.register()
        unusual_views_found.connect(unusual_views_tell_leads, dispatch_uid="tickets.unusual_views_tell_leads")
        staff_notice_register(UNUSUAL_VIEWS, unusual_views_email)
        ticket_solved.connect(survey_on_solve_receiver, dispatch_uid="tickets.satisfaction.survey_on_solve")
