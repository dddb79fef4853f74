from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class ConfigAppConfig(AppConfig):
    """Registers the project-wide system checks."""

    name = "config"
    label = "tact_config"
    verbose_name = "Tact configuration"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the checks)


class TactAdminConfig(AdminConfig):
    """Django's admin on `config.admin.TactAdminSite`, which asks `agents.permissions` who may enter."""

    default_site = "config.admin.TactAdminSite"
