"""Settings of the Plataforma Digital Estatal.

Every setting comes from an environment variable (``PDE_*``) with a safe
development default, so the repository holds no secret and one code base runs
on a laptop (SQLite, no broker) and on a cluster (PostgreSQL, Redis, workers).
See ``docs/operations.md`` for the production values.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.conf import locale
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PDE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sí"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """PDE_SECRET_KEY, or a random key kept in var/ for a single-machine install.

    Several app servers must share one key: set PDE_SECRET_KEY on all of them.
    """
    key = os.environ.get("PDE_SECRET_KEY", "").strip()
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


DEBUG = env_bool("PDE_DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("PDE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("PDE_CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "pde.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "oauth2_provider",
    "pde.core",
    "pde.declarations",
    "pde.pdn",
    "pde.governance",
    "pde.surveys",
    "pde.transparency",
    "pde.archive",
    "pde.planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pde.core.middleware.RequestContextMiddleware",
    # Last, so it sees the user and refuses logins of locked-out accounts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pde.urls"
WSGI_APPLICATION = "pde.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pde.core.context_processors.platform",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite file under var/ by default; PostgreSQL with
# PDE_DATABASE_URL=postgres://user@host:5432/name.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("PDE_DATABASE_URL", f"sqlite:///{VAR_DIR / 'pde.sqlite3'}"),
        conn_max_age=env_int("PDE_DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids
    # "database is locked" upgrades from read to write locks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, passwords, sessions ---------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Idle sessions expire: the cookie is renewed on every request and dies after
# PDE_SESSION_IDLE_MINUTES without activity, and when the browser closes.
SESSION_COOKIE_AGE = env_int("PDE_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Lock-out after repeated failed logins (django-axes): per user name and IP.
AXES_FAILURE_LIMIT = env_int("PDE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("PDE_LOGIN_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "pde.core.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a load balancer the client address is in X-Forwarded-For.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_bool("PDE_BEHIND_PROXY") else ["REMOTE_ADDR"]
)

# --- Security (production values; see `pde check --deploy`) -----------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("PDE_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("PDE_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("PDE_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("PDE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PDE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("PDE_HSTS_PRELOAD", False)
# Preload is a deliberate, hard-to-undo choice for the whole domain (PDE_HSTS_PRELOAD=1);
# while it is off, `pde check --deploy` must not warn about it (docs/operations.md).
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# --- Internationalization ---------------------------------------------------------
# Spanish first; tseltal (tzh) and tsotsil (tzo) for public surveys and forms.
locale.LANG_INFO.update(
    {
        "tzh": {"bidi": False, "code": "tzh", "name": "Tseltal", "name_local": "Bats'il k'op"},
        "tzo": {"bidi": False, "code": "tzo", "name": "Tsotsil", "name_local": "Bats'i k'op"},
    }
)
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("tzh", _("Tseltal")), ("tzo", _("Tsotsil"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("PDE_TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("PDE_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("PDE_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve from the app folders when collectstatic has not run (development).
WHITENOISE_USE_FINDERS = True

# --- E-mail -------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("PDE_EMAIL_HOST", "")
EMAIL_PORT = env_int("PDE_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("PDE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PDE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PDE_EMAIL_USE_TLS", True)
EMAIL_BACKEND = os.environ.get(
    "PDE_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("PDE_DEFAULT_FROM_EMAIL", "no-responder@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work (Celery) -----------------------------------------------------
CELERY_BROKER_URL = os.environ.get("PDE_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("PDE_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# --- Logging ----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_private": {"()": "pde.core.privacy.RedactPrivateDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_private"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("PDE_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- The platform -----------------------------------------------------------------
PDE_INSTITUTION_NAME = os.environ.get(
    "PDE_INSTITUTION_NAME", "Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas"
)
PDE_INSTITUTION_ACRONYM = os.environ.get("PDE_INSTITUTION_ACRONYM", "SESAECH")
PDE_PAGE_SIZE = env_int("PDE_PAGE_SIZE", 25)


# --- Declarations (S1) -------------------------------------------------------------
# Largest constancia de declaración fiscal (PDF) a declarant may upload, in bytes.
PDE_DECLARATIONS_FISCAL_PROOF_MAX_BYTES = env_int(
    "PDE_DECLARATIONS_FISCAL_PROOF_MAX_BYTES", 10 * 1024 * 1024
)
# OIC uploads: padrón files (CSV/XLSX) and declarations captured elsewhere (JSON/ZIP).
PDE_DECLARATIONS_ROSTER_MAX_BYTES = env_int("PDE_DECLARATIONS_ROSTER_MAX_BYTES", 5 * 1024**2)
PDE_DECLARATIONS_ROSTER_MAX_ROWS = env_int("PDE_DECLARATIONS_ROSTER_MAX_ROWS", 10_000)
PDE_DECLARATIONS_IMPORT_MAX_BYTES = env_int("PDE_DECLARATIONS_IMPORT_MAX_BYTES", 20 * 1024**2)
PDE_DECLARATIONS_IMPORT_MAX_FILES = env_int("PDE_DECLARATIONS_IMPORT_MAX_FILES", 500)
# Each JSON inside a ZIP, and all of them together, uncompressed.
PDE_DECLARATIONS_IMPORT_MAX_FILE_BYTES = env_int(
    "PDE_DECLARATIONS_IMPORT_MAX_FILE_BYTES", 5 * 1024**2
)
PDE_DECLARATIONS_IMPORT_MAX_TOTAL_BYTES = env_int(
    "PDE_DECLARATIONS_IMPORT_MAX_TOTAL_BYTES", 200 * 1024**2
)

# --- Sistema Electrónico Estatal: OAuth 2.0, PDN APIs, ingestion ------------------
PDE_OAUTH_ACCESS_TOKEN_SECONDS = env_int("PDE_OAUTH_ACCESS_TOKEN_SECONDS", 3600)
PDE_OAUTH_REFRESH_TOKEN_SECONDS = env_int("PDE_OAUTH_REFRESH_TOKEN_SECONDS", 7 * 24 * 3600)
# Named so that our ApiClient can point at it (a swappable model of django-oauth-toolkit).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": PDE_OAUTH_ACCESS_TOKEN_SECONDS,
    "REFRESH_TOKEN_EXPIRE_SECONDS": PDE_OAUTH_REFRESH_TOKEN_SECONDS,
    "OAUTH2_VALIDATOR_CLASS": "pde.pdn.services.oauth.PdnOAuth2Validator",
    "SCOPES": {
        "read:declaraciones": "S1 Declaraciones",
        "read:spic": "S2 Servidores públicos que intervienen en contrataciones",
        "read:ssancionados": "S3 Servidores públicos sancionados",
        "read:psancionados": "S3 Particulares sancionados",
        "read:contrataciones-abiertas": "S6 Contrataciones públicas",
    },
    # RFC 9700 (OAuth 2.0 Security BCP): tokens hashed at rest, bearer tokens only in
    # the Authorization header, no implicit grant, no PKCE "plain", https redirects only,
    # refresh-token replay revokes the whole family.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "ALLOW_URI_WILDCARDS": False,
    "PKCE_REQUIRED": True,
}
# The PDN specs (tokenUrl /oauth, flows.password) force the resource-owner password
# grant on every consumer of the national platform, so RFC 9700's warning about it is
# the one we must accept. Our clients are confidential, created by the administrator.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "oauth2_provider.W002"]

# Delivery by the entes generadores (S2, S3, S6): pushes over this many records run in
# the background; largest body accepted; rows per transaction; a delivery older than
# this many days is shown as stale; harvests (page size, retries, timeout, beat period).
PDE_INGEST_SYNC_LIMIT = env_int("PDE_INGEST_SYNC_LIMIT", 500)
PDE_INGEST_MAX_BYTES = env_int("PDE_INGEST_MAX_BYTES", 200 * 1024 * 1024)
PDE_INGEST_CHUNK_SIZE = env_int("PDE_INGEST_CHUNK_SIZE", 500)
PDE_DELIVERY_STALE_DAYS = env_int("PDE_DELIVERY_STALE_DAYS", 90)
PDE_HARVEST_PAGE_SIZE = env_int("PDE_HARVEST_PAGE_SIZE", 200)
PDE_HARVEST_MAX_RETRIES = env_int("PDE_HARVEST_MAX_RETRIES", 5)
PDE_HARVEST_TIMEOUT_SECONDS = env_int("PDE_HARVEST_TIMEOUT_SECONDS", 30)
PDE_HARVEST_BEAT_SECONDS = env_int("PDE_HARVEST_BEAT_SECONDS", 300)
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "pdn-run-due-harvests": {"task": "pdn.run_due_harvests", "schedule": PDE_HARVEST_BEAT_SECONDS},
}

# --- Collegiate bodies ----------------------------------------------------------------

# --- Transparency ------------------------------------------------------------------------
# Business days an area has to answer the unit, the unit's margin before the legal
# deadline, and how many business days before the deadline a request shows as due soon.
PDE_TRANSPARENCY_AREA_DAYS = env_int("PDE_TRANSPARENCY_AREA_DAYS", 5)
PDE_TRANSPARENCY_UNIT_MARGIN_DAYS = env_int("PDE_TRANSPARENCY_UNIT_MARGIN_DAYS", 3)
PDE_TRANSPARENCY_DUE_SOON_DAYS = env_int("PDE_TRANSPARENCY_DUE_SOON_DAYS", 3)

# --- Archive ------------------------------------------------------------------------------

# --- Planning and quarterly report ---------------------------------------------------------

# --- Surveys --------------------------------------------------------------------------
# Abuse limits of the public surveys, per client IP, counted in the Django cache
# (configure a shared cache such as Redis when several app servers run).
PDE_SURVEYS_STARTS_PER_HOUR = env_int("PDE_SURVEYS_STARTS_PER_HOUR", 20)
PDE_SURVEYS_POSTS_PER_MINUTE = env_int("PDE_SURVEYS_POSTS_PER_MINUTE", 120)
