from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"

    def ready(self) -> None:
        from tickets import signals  # noqa: F401  (connects the queue-membership audit receiver)
