from django.apps import AppConfig


class AgentsConfig(AppConfig):
    name = "agents"
    verbose_name = "Staff and personas"

    def ready(self) -> None:
        from agents import reveals, signals  # noqa: F401  (signals: the persona-for-new-staff receiver)

        reveals.register()
