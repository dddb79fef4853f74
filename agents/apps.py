from django.apps import AppConfig


class AgentsConfig(AppConfig):
    name = "agents"
    verbose_name = "Staff and personas"

    def ready(self) -> None:
        from agents import signals  # noqa: F401  (connects the persona-for-new-staff receiver)
