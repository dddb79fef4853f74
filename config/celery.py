"""The Celery app. The broker is only a doorbell: every task re-reads its row and is safe to run twice."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
