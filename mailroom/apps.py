from django.apps import AppConfig


class MailroomConfig(AppConfig):
    name = "mailroom"
    verbose_name = "Inbound email"

    def ready(self) -> None:
        from mailroom import checks  # noqa: F401  (registers the system check)
