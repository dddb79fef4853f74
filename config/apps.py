from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class ConfigAppConfig(AppConfig):
    """Registers the project-wide system checks and the sign-in hook that remembers a viewer's locale."""

    name = "config"
    label = "tact_config"
    verbose_name = "Tact configuration"

    def ready(self) -> None:
        from config import checks, locale  # noqa: F401  (registers the checks and the receiver)


class TactAdminConfig(AdminConfig):
    """Django's admin on `config.admin.TactAdminSite`, which asks `agents.permissions` who may enter."""

    default_site = "config.admin.TactAdminSite"
