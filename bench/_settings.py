"""Settings for the bench and drill processes (the script, its workers): Tact's own, plus what only a bench
needs to set from outside — the gate's thresholds (JSON in TACT_BENCH_REDACTION) and a mail folder."""
import json
import os

from config.settings import *  # noqa: F403

TACT_REDACTION = {**TACT_REDACTION, **json.loads(os.environ.get("TACT_BENCH_REDACTION", "{}"))}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["TACT_BENCH_MAIL_DIR"]
