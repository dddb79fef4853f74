from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"

    def ready(self) -> None:
        from tickets import approvals, signals  # noqa: F401  (signals: the queue-membership audit receiver)

        approvals.register()
