import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The web process, and only it, runs under the statement timeout (TACT_WEB_STATEMENT_TIMEOUT_MS in settings).
os.environ["TACT_WEB_PROCESS"] = "1"
application = get_wsgi_application()
