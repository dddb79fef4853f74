"""System checks for misconfiguration that would quietly break Tact's promises in production.

Ids are stable (tact.E001...) so deployments can reference them.
"""
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_mode(app_configs, **kwargs):
    errors = []
    if settings.TESTING:
        return errors
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) and not settings.DEBUG:
        errors.append(
            Error(
                "CELERY_TASK_ALWAYS_EAGER is on outside DEBUG.",
                hint="Eager tasks scan replies inside the web request; run a worker instead.",
                id="tact.E001",
            )
        )
    if settings.DEBUG and settings.IS_POSTGRES:
        errors.append(
            Error(
                "DEBUG is on with a PostgreSQL database.",
                hint="A production database with DEBUG leaks customer data in error pages. Set TACT_DEBUG=0.",
                id="tact.E002",
            )
        )
    if not settings.DEBUG and settings.CELERY_BROKER_URL.startswith("filesystem://") and settings.IS_POSTGRES:
        errors.append(
            Warning(
                "Production database with the embedded filesystem broker.",
                hint="Set CELERY_BROKER_URL to Redis so workers on other hosts can share the queue.",
                id="tact.W001",
            )
        )
    return errors
