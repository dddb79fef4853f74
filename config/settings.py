"""Tact's one settings file, driven by environment variables (see .env.example).

Embedded default: SQLite and a Celery broker on the filesystem, so the whole product (worker included) runs
with no server. Production: DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis). Same code path.
"""
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, env_json, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TACT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("TACT_DEBUG", False)
TESTING = env_bool("TACT_TESTING", "pytest" in sys.modules)

SECRET_KEY = env_str("TACT_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("TACT_SECRET_KEY must be set when TACT_DEBUG is off")
    SECRET_KEY = "insecure-dev-key-only-for-debug-and-tests-" + "x" * 20

ALLOWED_HOSTS = env_list("TACT_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TACT_CSRF_TRUSTED_ORIGINS")
# How many reverse proxies of ours stand in front of Tact; X-Forwarded-For is ignored unless this is > 0
# (config.client_ip: the one rule for throttles, lockouts and the audit trail).
TACT_TRUSTED_PROXIES = env_int("TACT_TRUSTED_PROXIES", 0, minimum=0)

INSTALLED_APPS = [
    "config.apps.TactAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "config.apps.ConfigAppConfig",
    "agents",
    "tickets",
    "redaction",
    "escalation",
    "mailroom",
]

MIDDLEWARE = [
    # First: with DEBUG on, still Tact's own error pages unless TACT_DEBUG_ERROR_PAGES=1 (config/errors.py).
    "config.errors.TactErrorPagesMiddleware",
    # A statement the web's statement timeout cancelled: a 503 that says so, never a 500 (see DATABASES).
    "config.errors.DatabaseTimeoutMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.NullCharacterGuard",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): the language from the cookie or Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's own language and time zone win over the browser's (config/locale.py).
    "config.locale.ViewerLocaleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "agents.middleware.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Outside the gates below: their redirect to sign in takes an htmx request's whole page (config/htmx_signin.py).
    "config.htmx_signin.HtmxSignInRedirectMiddleware",
    # An htmx request refused, not found or in conflict: a message in the page's alert region (config/htmx_errors.py).
    "config.htmx_errors.HtmxErrorMiddleware",
    # Expired access first, so its message is the one shown (offboarding also ends the session: session_expiry).
    "agents.middleware.StaffAccessExpiryMiddleware",
    "agents.session_expiry.SessionExpiryMiddleware",
    "agents.mfa_gate.SecondFactorMiddleware",
    "agents.middleware.PersonaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A visit to an address only forms are sent to: Tact's page, not the browser's blank error (config/errors.py).
    "config.errors.MethodNotAllowedPageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: turns a locked-out sign-in into agents.lockout's page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
# Django's technical error pages (URL list, traceback, settings) only when a developer asks, and only with DEBUG.
TACT_ERROR_PAGES = {"DEBUG_PAGES": env_bool("TACT_DEBUG_ERROR_PAGES", False)}
WSGI_APPLICATION = "config.wsgi.application"

# Labels, inputs and textareas written in Python (`config.forms.PlainRenderer`); the rest is Django's.
FORM_RENDERER = "config.forms.PlainRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% translate %} and friends in every template without a {% load i18n %} in each (docs/i18n.md).
            "builtins": ["django.templatetags.i18n"],
            "context_processors": [
                "django.template.context_processors.request",
                # TIME_ZONE: the viewer's time zone, which times on the page are shown in (config/locale.py).
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agents.context_processors.viewer",
                "escalation.context_processors.escalations",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------------------------
_test_suffix = env_str("TACT_TEST_DB_SUFFIX")
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tact.sqlite3'}"),
        conn_max_age=env_int("TACT_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,  # survive a PostgreSQL restart: a dead pooled connection is replaced
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Web, worker and beat share one file: WAL and IMMEDIATE transactions avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not :memory:, so a real worker process started by a test can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_tact{_test_suffix}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_tact{_test_suffix}"}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# PostgreSQL cancels a web request's statement after this long (0: no limit), so one slow query cannot hold a
# web worker and two cannot stall the site; the request gets a 503 page (config.errors.DatabaseTimeoutMiddleware).
# Only the web process opts in (config/wsgi.py sets TACT_WEB_PROCESS): Celery workers, beat and management
# commands (migrations backfilling a million rows) run without a limit.
TACT_WEB_STATEMENT_TIMEOUT_MS = env_int("TACT_WEB_STATEMENT_TIMEOUT_MS", 3000, minimum=0)
_WEB_PROCESS = os.environ.get("TACT_WEB_PROCESS") == "1"  # set by config/wsgi.py, not configuration
if IS_POSTGRES and _WEB_PROCESS and TACT_WEB_STATEMENT_TIMEOUT_MS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={TACT_WEB_STATEMENT_TIMEOUT_MS}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Failed sign-ins (django-axes) ------------------------------------------------------------------------------
# Counted in the database (so every web worker sees the same count) per account and, separately, per client
# address as config.client_ip reads it (never a header a client can forge). The lockout backend comes first so
# a locked-out account is refused before its password is even checked; every caller must pass the request.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("TACT_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TACT_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "agents.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The name typed may be someone else's email or name: axes counts and stores an account's username or a keyed
# hash instead (docs/signing-in.md), and masks the typed fields in the request data it keeps.
AXES_USERNAME_CALLABLE = "agents.signin_audit.lockout_name"
AXES_SENSITIVE_PARAMETERS = ["username", "password", "code", "ip_address"]

# --- I18n, static, media --------------------------------------------------------------------------------------
# Each language in its own name (the switch lists them so); a viewer's own choice wins (config/locale.py).
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LANGUAGE_CODE = env_choice("TACT_LANGUAGE", "en", [code for code, _ in LANGUAGES])
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TACT_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Outside production, serve static files straight from the app folders (no collectstatic needed).
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = Path(env_str("TACT_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Request bodies: refuse oversized input with a clear message rather than a 500.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("TACT_MAX_REQUEST_BYTES", 2_621_440, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Email ----------------------------------------------------------------------------------------------------
EMAIL_HOST = env_str("TACT_EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "TACT_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("TACT_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("TACT_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("TACT_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("TACT_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("TACT_DEFAULT_FROM_EMAIL", "support@tact.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fix-up would open a new database connection for every task; config.celery keeps it like
# Django does between requests (CONN_MAX_AGE, CONN_HEALTH_CHECKS). The fix-up still recycles it this often.
CELERY_DB_REUSE_MAX = 10_000
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
if CELERY_BROKER_URL.startswith("filesystem://"):
    (BROKER_DIR / "control").mkdir(parents=True, exist_ok=True)
    # kombu's folder transport, writing each message whole before a worker can see it (config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        # The folder broker has no wake-up: workers look for messages this often (kombu's default is 1 s, which
        # a Send would wait out on average half of before its scan starts). A look is one directory listing.
        "polling_interval": 0.05,
    }
else:
    # The visibility timeout must exceed the longest scan, or Redis re-delivers a task still running.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("TACT_BROKER_VISIBILITY_TIMEOUT", 300, minimum=10),
        "socket_timeout": 2,
        "socket_connect_timeout": 2,
    }
# Reply scans keep the default queue to themselves: with one scan worker, a customer's notification email or a
# sweep queued ahead of a scan would add its whole run to that reply's wait. Workers: `-Q celery` for scans,
# `-Q notify,maintenance` for the rest (or one worker with `-Q celery,notify,maintenance`).
CELERY_TASK_ROUTES = {
    "tickets.tasks.send_notification": {"queue": "notify"},
    "tickets.tasks.sweep_pending_notifications": {"queue": "maintenance"},
    "redaction.tasks.sweep_stalled_replies": {"queue": "maintenance"},
    "redaction.audit_tasks.*": {"queue": "maintenance"},
    "agents.tasks.*": {"queue": "maintenance"},
    "mailroom.tasks.*": {"queue": "maintenance"},
    "tickets.tasks.sweep_awaiting_info": {"queue": "maintenance"},
    # Urgency detection has its own queue and worker (`-Q urgent`): a backlog of routine work never delays it.
    "escalation.tasks.classify_message": {"queue": "urgent"},
    "escalation.tasks.sweep_unclassified_messages": {"queue": "urgent"},
    "escalation.tasks.advance_escalations": {"queue": "urgent"},
    "escalation.tasks.rollup_dashboard": {"queue": "maintenance"},
    "escalation.tasks.rollup_dashboard_ticket": {"queue": "maintenance"},
    # Leads' alerts (email and the escalation webhooks) go out from the urgent worker too; other webhooks with
    # the customers' emails.
    "tickets.tasks.send_urgent_notification": {"queue": "urgent"},
    "tickets.tasks.deliver_urgent_webhook": {"queue": "urgent"},
    "tickets.tasks.deliver_webhook": {"queue": "notify"},
    "tickets.tasks.sweep_webhook_deliveries": {"queue": "maintenance"},
}
CELERY_BEAT_SCHEDULE = {
    # Escalation levels: the next level is told within this long of the previous one's timeout.
    "advance-escalations": {
        "task": "escalation.tasks.advance_escalations",
        "schedule": timedelta(seconds=env_int("TACT_ESCALATION_STEP_SECONDS", 30, minimum=1)),
    },
    # The leads' dashboard: its daily figures of the recent days are recomputed this often.
    "rollup-dashboard": {
        "task": "escalation.tasks.rollup_dashboard",
        "schedule": timedelta(seconds=env_int("TACT_DASHBOARD_ROLLUP_SECONDS", 300, minimum=10)),
    },
    "sweep-unclassified-messages": {
        "task": "escalation.tasks.sweep_unclassified_messages",
        "schedule": timedelta(seconds=env_int("TACT_URGENCY_SWEEP_SECONDS", 30, minimum=1)),
    },
    "sweep-stalled-replies": {
        "task": "redaction.tasks.sweep_stalled_replies",
        "schedule": timedelta(seconds=env_int("TACT_SWEEP_SECONDS", 30, minimum=1)),
    },
    "sweep-pending-notifications": {
        "task": "tickets.tasks.sweep_pending_notifications",
        "schedule": timedelta(seconds=60),
    },
    "sweep-webhook-deliveries": {
        "task": "tickets.tasks.sweep_webhook_deliveries",
        "schedule": timedelta(seconds=env_int("TACT_SWEEP_SECONDS", 30, minimum=1)),
    },
    # Links audit entries whose doorbell was skipped or lost into the hash chain.
    "chain-audit-trail": {"task": "agents.tasks.chain_audit_trail", "schedule": timedelta(seconds=10)},
    # Two-person approvals nobody decided in time expire; deleted customers are purged after 30 days.
    "expire-approvals": {"task": "agents.tasks.expire_approvals", "schedule": timedelta(minutes=5)},
    "purge-deleted-customers": {"task": "tickets.tasks.purge_deleted_customers", "schedule": timedelta(hours=1)},
    # Staff whose access ended (deactivated, end date passed) lose every session, token, waiting request and
    # assigned ticket within a minute (agents.offboarding).
    "offboard-ended-access": {"task": "agents.tasks.offboard_ended_access", "schedule": timedelta(seconds=60)},
    "poll-mailboxes": {
        "task": "mailroom.tasks.poll_mailboxes",
        "schedule": timedelta(seconds=env_int("TACT_MAIL_POLL_SECONDS", 60, minimum=5)),
    },
    # Approved customer-data exports: ring again for lost rings; delete files nobody downloaded in time.
    "sweep-customer-exports": {"task": "tickets.tasks.sweep_customer_exports", "schedule": timedelta(minutes=1)},
    # Tickets waiting for the customer's details: one reminder, then closed as "no details provided".
    "sweep-awaiting-info": {
        "task": "tickets.tasks.sweep_awaiting_info",
        "schedule": timedelta(seconds=env_int("TACT_CLOSURE_SWEEP_SECONDS", 300, minimum=10)),
    },
    # Tells leads when someone views unusually many customers (TACT_AUDIT["UNUSUAL_VIEWS"]).
    "check-unusual-views": {"task": "agents.tasks.check_unusual_views", "schedule": timedelta(seconds=60)},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- API ------------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Tact's hashed API tokens and DRF's session authentication, plus the staff gates (expired access, persona).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "agents.authentication.StaffTokenAuthentication",
        "agents.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Per client address, on the token endpoint only: slows password guessing.
    "DEFAULT_THROTTLE_RATES": {"auth-token": "10/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tact API",
    "DESCRIPTION": "Tickets, messages, customers and queues, with the same permissions as the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApprovalStatusEnum": "agents.models_approvals.ApprovalStatus", "TicketStatusEnum": "tickets.models.Status",
        "SlaClockStateEnum": "tickets.sla.display.CLOCK_STATES",
        "CustomerTicketStatusEnum": "tickets.models.CUSTOMER_STATUS_CHOICES",
    },
}

# --- Tact's own settings (read lazily through config.app_settings so override_settings works) -----------------
TACT_LIMITS = {
    "MESSAGE_MAX_CHARS": env_int("TACT_MESSAGE_MAX_CHARS", 20_000, minimum=100),
    "ATTACHMENT_MAX_BYTES": env_int("TACT_ATTACHMENT_MAX_BYTES", 2_000_000, minimum=1024),
    "ATTACHMENTS_PER_MESSAGE": 5,
}
# Urgency detection at intake (defaults: escalation/intake.py). A customer message still unclassified this long
# after it arrived is rung again by the sweep, then at 2x, 4x ... that age, hourly after an hour.
TACT_URGENCY = {
    "STALL_SECONDS": env_int("TACT_URGENCY_STALL_SECONDS", 30, minimum=5),
    "SWEEP_SECONDS": env_int("TACT_URGENCY_SWEEP_SECONDS", 30, minimum=1),
}
# The reply gate (defaults and the full list of keys: redaction/policy.py). Read lazily by redaction.policy.
TACT_REDACTION = {
    "STALL_SECONDS": env_int("TACT_REPLY_STALL_SECONDS", 60, minimum=5),
    "HEALTH_MAX_PENDING_AGE_S": env_int("TACT_REPLY_HEALTH_MAX_AGE_S", 300, minimum=10),
    "SCAN_TIMEOUT_S": env_int("TACT_REPLY_SCAN_TIMEOUT_S", 10, minimum=1),
    "REGIONS": env_list("TACT_REGIONS"),
}
# Closing tickets that wait for the customer's details (defaults and every key: tickets/closure.py).
TACT_CLOSURE = {
    "REMIND_AFTER_HOURS": env_int("TACT_CLOSURE_REMIND_AFTER_HOURS", 72, minimum=1),
    "CLOSE_AFTER_HOURS": env_int("TACT_CLOSURE_CLOSE_AFTER_HOURS", 96, minimum=1),
}
# Outgoing webhooks (defaults and every key: tickets/webhooks/settings.py).
TACT_WEBHOOKS = {
    "TIMEOUT_S": env_int("TACT_WEBHOOKS_TIMEOUT_S", 5, minimum=1),
    "ALLOW_PRIVATE": env_bool("TACT_WEBHOOKS_ALLOW_PRIVATE", False),
}
# The escalation queue: deadlines and severity per category (defaults and every key: escalation/policy.py).
TACT_ESCALATION: dict = {}
# The leads' dashboard (defaults and every key: escalation/dashboard.py): days each rollup recomputes.
# SLA: how close to a deadline a running clock shows amber (tickets/sla/display.py).
TACT_SLA = {"WARNING_MINUTES": env_int("TACT_SLA_WARNING_MINUTES", 60, minimum=1)}
TACT_DASHBOARD = {"RECOMPUTE_DAYS": env_int("TACT_DASHBOARD_RECOMPUTE_DAYS", 14, minimum=4)}
# Enqueueing from a request: wait at most TIMEOUT_S for the broker, with at most MAX_IN_FLIGHT calls stuck.
TACT_DOORBELL = {"TIMEOUT_S": 0.5, "MAX_IN_FLIGHT": 8}
# A team may require every staff member to work under a persona (new staff get a suggested alias).
# Signed-in sessions end by themselves (agents.session_expiry); 0 = no limit.
TACT_SESSIONS = {
    "STAFF_IDLE_MINUTES": env_int("TACT_STAFF_IDLE_MINUTES", 30, minimum=0),
    "STAFF_MAX_AGE_HOURS": env_int("TACT_STAFF_SESSION_MAX_HOURS", 12, minimum=0),
    "CUSTOMER_IDLE_MINUTES": env_int("TACT_CUSTOMER_IDLE_MINUTES", 0, minimum=0),
    "CUSTOMER_MAX_AGE_HOURS": env_int("TACT_CUSTOMER_SESSION_MAX_HOURS", 0, minimum=0),
}
# The second factor (defaults and every key: agents/mfa.py). Leads and admins must enrol unless told otherwise.
TACT_MFA = {
    "REQUIRED_ROLES": env_list("TACT_MFA_REQUIRED_ROLES", ["lead", "admin"]),
    "REQUIRED_FOR_ALL": env_bool("TACT_MFA_REQUIRED_FOR_ALL", False),
    "REAUTH_MINUTES": env_int("TACT_MFA_REAUTH_MINUTES", 15, minimum=0),
}
# What authenticator apps call the account ("Tact:alice").
OTP_TOTP_ISSUER = "Tact"

TACT_PERSONAS = {"REQUIRED": env_bool("TACT_PERSONAS_REQUIRED", False)}
# API tokens (agents.tokens): each ends this many days after it is made.
TACT_API_TOKENS = {"LIFETIME_DAYS": env_int("TACT_API_TOKEN_DAYS", 30, minimum=1)}
# The audit trail (defaults and the full list of keys: agents/audit.py DEFAULTS).
TACT_AUDIT = {
    "UNUSUAL_VIEWS": {
        "CUSTOMERS": env_int("TACT_AUDIT_UNUSUAL_CUSTOMERS", 30, minimum=2),
        "WINDOW_S": env_int("TACT_AUDIT_UNUSUAL_WINDOW_S", 900, minimum=60),
    },
}
# Inbound email (mailroom; defaults and the mailbox format in mailroom/conf.py and docs/email.md).
TACT_MAIL = {
    # Shared secret of the HTTP inbound endpoint (/mail/inbound/); empty: the endpoint answers 404.
    "INBOUND_SECRET": env_str("TACT_MAIL_INBOUND_SECRET"),
    # IMAP mailboxes polled by beat: a JSON list of {"name", "host", "user", "password", ...}.
    "MAILBOXES": env_json("TACT_MAILBOXES", []),
    "POLL_SECONDS": env_int("TACT_MAIL_POLL_SECONDS", 60, minimum=5),
    "MAX_BYTES": env_int("TACT_MAIL_MAX_BYTES", 10_000_000, minimum=10_000),
}
# Approved customer-data exports (tickets.exports): how long the requester has to download the file, once.
TACT_EXPORTS = {"DOWNLOAD_HOURS": env_int("TACT_EXPORT_DOWNLOAD_HOURS", 24, minimum=1)}
# Public channels (tickets.public, docs/channels.md): the signed inbound webhook's limits, and how long shared
# caches may keep a public thread page.
TACT_PUBLIC_CHANNELS = {
    "SIGNATURE_TOLERANCE_S": env_int("TACT_PUBLIC_SIGNATURE_TOLERANCE_S", 300, minimum=30),
    "MAX_BYTES": env_int("TACT_PUBLIC_MAX_BYTES", 200_000, minimum=1_000),
    "PAGE_MAX_AGE_S": env_int("TACT_PUBLIC_PAGE_MAX_AGE_S", 60, minimum=0),
}
# Satisfaction surveys (tickets.satisfaction): how long the rating link in a solved ticket's email works.
TACT_CSAT = {"LINK_DAYS": env_int("TACT_CSAT_LINK_DAYS", 14, minimum=1)}
TACT_SUPPORT_NAME = env_str("TACT_SUPPORT_NAME", "Tact Support")
# Where customers reach the portal; links in emails start here.
TACT_SITE_URL = env_str("TACT_SITE_URL", "http://localhost:8000")

# --- Security (production) ------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = env_bool("TACT_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("TACT_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("TACT_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TACT_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TACT_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("TACT_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]

# --- Logging: ids and states only; reply bodies and customer details never reach a log ------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TACT_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
