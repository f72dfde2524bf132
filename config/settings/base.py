"""Settings shared by every environment. Values come from the environment (django-environ);
local.py, test.py and production.py only override."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import get_language_info, pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env("DJANGO_ENV", default="local")
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_NAME = "Fairbid"
# Where the site is reached, for links in emails sent by workers (no request to build them from).
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "config.apps.FairbidAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "core",
    "accounts",
    "ledger",
    "notifications",
    "files",
    "certification",
    "marketplace",
    "conversations",
    "contracts",
    "impact",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.notifications",
                "conversations.context_processors.conversations",
            ],
        },
    },
]


def database_config(url):
    """Django's DATABASES entry for a DATABASE_URL.

    SQLite is tuned so the web server and the Celery worker can both write: WAL lets
    readers run beside a writer, the busy timeout makes a writer wait instead of failing,
    and IMMEDIATE transactions take the write lock up front so two writers never
    deadlock upgrading a read lock.
    """
    config = env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    else:
        config["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASE_URL = env("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'fairbid.sqlite3'}")
DATABASES = {"default": database_config(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the login, verification is mandatory, login attempts are rate-limited.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
EMAIL_SUBJECT_PREFIX = "[Fairbid] "
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}

# A second factor (allauth.mfa): anyone may add an authenticator app (TOTP) with recovery
# codes; with FAIRBID_STAFF_REQUIRE_MFA (on in production), staff must have one before they
# open Django admin (config/admin_site.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
FAIRBID_STAFF_REQUIRE_MFA = env.bool("FAIRBID_STAFF_REQUIRE_MFA", default=False)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Fairbid <no-reply@fairbid.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Languages: English, and one more for each locale/<code>/LC_MESSAGES/django.po. A visitor
# gets the browser's language (Accept-Language) until they choose one in the switcher; a
# signed-in user's choice is stored on their account (User.language) and follows them, and
# what they are emailed or notified of is written in it.
LANGUAGE_CODE = "en"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [
    (code, get_language_info(code)["name"])
    for code in [LANGUAGE_CODE]
    + sorted(po.parent.parent.name for po in (BASE_DIR / "locale").glob("*/LC_MESSAGES/django.po"))
]
# django-countries' English catalogue names two countries by their ISO forms ("Naoero",
# "Bahamas (The)"): the common names instead, translated in our own catalogues.
COUNTRIES_OVERRIDE = {
    "BS": pgettext_lazy("country", "Bahamas"),
    "NR": pgettext_lazy("country", "Nauru"),
}
# English dates as "5 March 2026"; French and Spanish use Django's own formats.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
# Certification evidence: outside MEDIA_ROOT and never served by URL; a view checks who
# may download each file.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
# Files attached to jobs, bids, deliveries and messages: private too, downloaded only through
# views that check who asks. Production may swap the "attachments" storage for S3-compatible
# object storage (django-storages; see README).
ATTACHMENTS_ROOT = env.path("DJANGO_ATTACHMENTS_ROOT", default=VAR_DIR / "attachments")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ATTACHMENTS_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Content-Security-Policy on every page (django-csp): only Fairbid's own scripts, styles,
# images and fonts, from files (no inline code, no third party), and no page inside another
# site's frame. Images may also be data: URLs (the blank favicon, QR codes for
# authenticator apps, the API docs' icons). A view that needs more says so itself (the
# embeddable badge sets its own policy).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="600/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fairbid API",
    "DESCRIPTION": "Fair trade for services: post jobs, bid, award, deliver, review, and "
    "verify social labels. Money is a decimal string with an ISO 4217 currency; times are "
    "ISO 8601 with a time zone.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No call to swagger.io's online validator: the docs page loads nothing from elsewhere.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "marketplace.models.JobStatus",
        "BidStatusEnum": "marketplace.models.BidStatus",
        "LabelStatusEnum": "certification.models.LabelStatus",
        "ApplicationStatusEnum": "certification.models.ApplicationStatus",
        "EvidenceKindEnum": "certification.models.EvidenceKind",
        "ContractStatusEnum": "contracts.models.ContractStatus",
        "ContractKindEnum": "contracts.models.ContractKind",
        "MilestoneStatusEnum": "contracts.models.MilestoneStatus",
        "OutgoingKindEnum": "contracts.models.OutgoingKind",
        "DocumentKindEnum": "contracts.models.DocumentKind",
    },
}

# Celery. The default broker is kombu's filesystem transport in var/broker, which needs
# no server; set CELERY_BROKER_URL (redis://...) to use Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost//")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # config/celery.py creates these folders when Celery is configured.
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="fairbid")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "expire-invitations": {
        "task": "accounts.tasks.expire_invitations",
        "schedule": crontab(minute=15, hour="*"),
    },
    "send-pending-invitation-emails": {
        "task": "accounts.tasks.send_pending_invitation_emails",
        "schedule": crontab(minute="*/5"),
    },
    "send-pending-notification-emails": {
        "task": "notifications.tasks.send_pending_notification_emails",
        "schedule": crontab(minute="*/5"),
    },
    "send-message-digests": {
        "task": "conversations.tasks.send_message_digests",
        "schedule": crontab(minute="*/5"),
    },
    "sweep-orphan-files": {
        "task": "files.tasks.sweep_orphan_files",
        "schedule": crontab(minute=40, hour=3),
    },
    "auto-approve-milestones": {
        "task": "contracts.tasks.auto_approve_milestones",
        "schedule": crontab(minute=20, hour="*"),
    },
    "refresh-platform-summary": {
        "task": "impact.tasks.refresh_platform_summary",
        "schedule": crontab(minute=5, hour="*"),
    },
    "fold-published-reviews": {
        "task": "marketplace.tasks.fold_published_reviews",
        "schedule": crontab(minute="*/5"),
    },
    "send-pending-concern-emails": {
        "task": "certification.tasks.send_pending_concern_emails",
        "schedule": crontab(minute="*/5"),
    },
    "recompute-labels": {
        "task": "certification.tasks.recompute_labels",
        "schedule": crontab(minute=30, hour=2),
    },
    "catch-up-scheduled-runs": {
        "task": "core.tasks.catch_up_scheduled_runs",
        "schedule": crontab(minute="*/15"),
    },
}

# Scheduled tasks that must not be lost with a killed worker (core.scheduled): queued again
# once their last success is older than catch_up_after, reported by /healthz in health_field
# and answering 503 there once older than unhealthy_after.
SCHEDULED_RUNS = {
    "certification.tasks.recompute_labels": {
        "catch_up_after": timedelta(hours=25),
        "unhealthy_after": timedelta(hours=26),
        "health_field": "last_recompute",
    },
}

# How long an emailed invitation to join an organization stays valid.
INVITATION_VALIDITY = timedelta(days=14)

# --- Certification -------------------------------------------------------------------
# Thresholds of the label's criteria and the label's life; certification/criteria.py and
# certification/services/ read them, never literals.
CERTIFICATION_MAX_EMPLOYEES = 250
CERTIFICATION_MIN_LOCAL_OWNERSHIP_PERCENT = Decimal("51")
CERTIFICATION_MIN_IMPACT_WORKFORCE_PERCENT = Decimal("30")
CERTIFICATION_LABEL_VALIDITY_MONTHS = 12
CERTIFICATION_EXPIRY_WARNING_DAYS = 30
# A label whose country graduated from eligibility stays valid this long (or to its own end).
CERTIFICATION_TRANSITION_MONTHS = 12
# A revoked organization may apply for the label again after this many months.
CERTIFICATION_COOLING_OFF_MONTHS = 12
# A provider may appeal a rejection, a reviewer's suspension or a revocation this many days
# after it, once.
CERTIFICATION_APPEAL_DAYS = 30
# The organization may answer a concern about its label this many days before a reviewer
# upholds it with a sanction.
CERTIFICATION_CONCERN_ANSWER_DAYS = 14
# A country the newest World Bank year leaves unclassified is judged on its latest classified
# year for at most this many fiscal years; then reviewers decide.
CERTIFICATION_UNCLASSIFIED_FALLBACK_YEARS = 2
CERTIFICATION_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# --- end of Certification --------------------------------------------------------------

# --- Labels' public pages ---------------------------------------------------------------
# Concerns the public raises on a label's page: at most this many from one IP address per
# period (seconds), and never sooner than this many seconds after the form was shown.
CERTIFICATION_CONCERN_RATE_LIMIT = 3
CERTIFICATION_CONCERN_RATE_PERIOD = 60 * 60
CERTIFICATION_CONCERN_MIN_SECONDS = 3
# Reminders to a label's owner, this many days before its last day; each sent once.
CERTIFICATION_EXPIRY_REMINDER_DAYS = (30, 7)
# Reminders to a label's owner, this many days before a piece of verified evidence lapses
# (before the label's end); each sent once.
CERTIFICATION_EVIDENCE_REMINDER_DAYS = (60, 30, 7)

# --- Files ---------------------------------------------------------------------------------
# Limits of uploads (jobs' briefs, bids, deliveries, messages): per file, per message or form
# together, and how many files at once. Images larger than this many pixels are refused.
FILES_MAX_BYTES = env.int("FILES_MAX_BYTES", default=10 * 1024 * 1024)
FILES_MAX_BYTES_TOGETHER = env.int("FILES_MAX_BYTES_TOGETHER", default=25 * 1024 * 1024)
FILES_MAX_COUNT = 5
# A request whose declared body is larger than the files allowed together plus the form around
# them is refused (413) before its body is read (core/middleware.py); the reverse proxy in
# docker-compose.yml refuses the same. Django keeps uploads up to FILE_UPLOAD_MAX_MEMORY_SIZE
# in memory and streams larger ones to a temporary file; form fields other than files may
# come to DATA_UPLOAD_MAX_MEMORY_SIZE at most (Django answers 400 beyond).
REQUEST_MAX_BYTES = FILES_MAX_BYTES_TOGETHER + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILES_MAX_IMAGE_PIXELS = 40_000_000
# Files nothing links to (an upload whose transaction failed, a removed file) are swept once
# this old, which leaves any upload still in progress alone.
FILES_ORPHAN_GRACE = timedelta(days=1)

# --- Conversations -------------------------------------------------------------------------
# A message can be edited or withdrawn this long after it was sent.
CONVERSATIONS_EDIT_WINDOW = timedelta(minutes=15)
# Unread messages wait this long before they go into an email digest (read by then: no email).
CONVERSATIONS_DIGEST_AFTER = timedelta(minutes=10)
CONVERSATIONS_MESSAGE_MAX_LENGTH = 5000
CONVERSATIONS_PAGE_SIZE = 20

# --- Reviews and impact --------------------------------------------------------------------
# Reviews are double-blind: each side's review stays sealed until both have written theirs or
# this period after the job's completion ends; reviews are written within it.
REVIEW_SEALED_PERIOD = timedelta(days=14)
# A fair-trade premium received this long ago without a reported use is a finding candidate
# for the label's reviewers.
IMPACT_PREMIUM_REPORT_WITHIN = timedelta(days=183)
# The period a provider's track record counts over.
IMPACT_REPUTATION_PERIOD = timedelta(days=730)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {
        "client_errors_without_traceback": {"()": "core.logging.ClientErrorsWithoutTraceback"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Through the root's handler only: Django's own console handler would print each line
        # a second time.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"filters": ["client_errors_without_traceback"]},
    },
}

# --- Contracts and money ------------------------------------------------------------------
# What a buyer may add for a certified provider when awarding, in percent of the price: the
# form starts at the default; the services refuse more than the maximum.
FAIR_TRADE_PREMIUM_DEFAULT_PERCENT = Decimal(env("FAIR_TRADE_PREMIUM_DEFAULT_PERCENT", default="5"))
# A submitted milestone the buyer does not answer is approved after this many days; the buyer
# is reminded these many days before.
CONTRACTS_AUTO_APPROVE_DAYS = env.int("CONTRACTS_AUTO_APPROVE_DAYS", default=14)
CONTRACTS_AUTO_APPROVE_REMINDER_DAYS = (3, 1)
# The other side of a dispute answers within this many days; then a mediator may decide.
CONTRACTS_DISPUTE_ANSWER_DAYS = env.int("CONTRACTS_DISPUTE_ANSWER_DAYS", default=5)
# An hourly contract's week the buyer does not answer is approved after this many days.
CONTRACTS_TIMESHEET_AUTO_APPROVE_DAYS = env.int("CONTRACTS_TIMESHEET_AUTO_APPROVE_DAYS", default=5)
# An hourly contract's weekly limit of hours when its bid was placed before bids carried one.
CONTRACTS_DEFAULT_WEEKLY_HOUR_LIMIT = 40
# Fairbid's fee, in percent of each amount released to a provider (never of the fair-trade
# premium). None by default; shown to both sides before an award and kept by each contract as
# it was when the contract was made.
CONTRACTS_PLATFORM_FEE_PERCENT = Decimal(env("CONTRACTS_PLATFORM_FEE_PERCENT", default="0"))
# Where buyers send bank transfers and mobile money, shown with each funding's reference.
CONTRACTS_TRANSFER_INSTRUCTIONS = env(
    "CONTRACTS_TRANSFER_INSTRUCTIONS",
    default="Fairbid Escrow, IBAN GB00 FAIR 0000 0000 0000 00, BIC FAIRGB2L; "
    "or M-Pesa paybill 000000.",
)
