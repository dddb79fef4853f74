from django.apps import AppConfig


class ConfigAppConfig(AppConfig):
    """Registers the project-wide system checks."""

    name = "config"
    label = "tact_config"
    verbose_name = "Tact configuration"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the checks)
