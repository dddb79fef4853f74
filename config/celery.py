"""The Celery app. The broker is only a doorbell: every task re-reads its row and is safe to run twice."""
import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _reuse_or_replace_connection(task=None, **kwargs) -> None:
    """Keep the worker's database connection between tasks, replacing it only when it is broken or old.

    Celery's Django fix-up closes the connection around every task unless CELERY_DB_REUSE_MAX is set, and a
    new PostgreSQL connection costs more than a whole scan. The settings turn that off; this does what Django
    does between requests instead: drop a connection past CONN_MAX_AGE or one that errored, and with
    CONN_HEALTH_CHECKS test it before first use, so a PostgreSQL restart costs one reconnect, not a task.
    """
    from django.db import close_old_connections

    if task is not None and getattr(task.request, "is_eager", False):
        return  # eager (tests): the caller's transaction owns the connection
    close_old_connections()
