"""Qauipsiz settings: one file, every value from the environment.

A value that is required but missing, or present but malformed, stops the process at start-up
with a message naming the variable: a safety records system must not run on a guessed configuration.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def is_loopback_host(host: str | None) -> bool:
    """`localhost`, 127.0.0.0/8, ::1 (or the unspecified 0.0.0.0, ::): an address only this machine can reach."""
    host = (host or "").strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


DEBUG = env_bool("DEBUG", False)

# Where the embedded database, uploads in progress and backups live.
DATA_DIR = Path(env_str("QAUIPSIZ_DATA_DIR", "var")).resolve()

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-debug-only-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Behind TLS in production: secure cookies, HSTS and redirects. Off for the local demo on plain http.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    # Listed so that the API docs page serves Swagger UI from the package, not from a CDN: plants are often offline.
    "ninja",
    "axes",
    "qauipsiz.core",
    "qauipsiz.accounts",
    "qauipsiz.ledger",
    "qauipsiz.acts",
    "qauipsiz.documents",
    "qauipsiz.notifications",
    "qauipsiz.permits",
    "qauipsiz.control",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request: a too-long API address answers JSON (414).
    "qauipsiz.site.limits.ApiLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Tells progress.js that a file it waits for has arrived (a cookie named by the link's token, issue 11).
    "qauipsiz.site.downloads.DownloadTokenMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qauipsiz.accounts.middleware.LoginRequiredMiddleware",
    "qauipsiz.accounts.middleware.SecondFactorRequiredMiddleware",
    # Keeps a wrong signing password counted when the act's transaction rolls back (accounts.lockout).
    "qauipsiz.accounts.lockout.CredentialFailureMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qauipsiz.site.urls"
WSGI_APPLICATION = "qauipsiz.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "qauipsiz.site.menu.navigation",
                "qauipsiz.notifications.context_processors.unread_notices",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{DATA_DIR / 'qauipsiz.sqlite3'}"
if not env_str("DATABASE_URL"):
    # SQLite will not create the directory its file lives in.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
try:
    # Connections are kept for a minute, and checked before a request's first statement: one lost meanwhile (the
    # database restarted) is replaced then, before the request's transaction starts, instead of failing the request.
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL") or _default_sqlite, conn_max_age=60,
                                                  conn_health_checks=True)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN so that two
        # writers queue instead of failing half-way with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "qauipsiz.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions expire after this much inactivity (every request renews them).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes): lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# The account, whatever spelling of it was typed (username, e-mail in any case): one count per account and address.
AXES_USERNAME_CALLABLE = "qauipsiz.accounts.backends.login_lock_key"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
if env_bool("BEHIND_PROXY", False):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Roles whose holders must log in with a second factor (TOTP codes from an authenticator app), e.g. "head,sysadmin".
TOTP_REQUIRED_ROLES = env_list("TOTP_REQUIRED_ROLES", "")
TOTP_ISSUER = env_str("TOTP_ISSUER", "Qauipsiz")

# --- Internationalisation -----------------------------------------------------------------------------------------
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "kk")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of kk, ru, en, not {LANGUAGE_CODE!r}")
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["qauipsiz.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Almaty")
LANGUAGE_COOKIE_NAME = "qauipsiz_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Static files -------------------------------------------------------------------------------------------------------
STATIC_URL = "static/"
# The project package is not an installed app, so the app-directories finder never looks in its static/.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve straight from the packages when collectstatic has not run (the demo, the tests).
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail --------------------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if env_str("EMAIL_HOST") else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qauipsiz@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in env_list("ADMINS")]

# --- Ledger --------------------------------------------------------------------------------------------------------------
# An RFC 3161 time-stamping service for the daily ledger digest (optional; e.g. the national PKI's TSP service).
TSA_URL = env_str("TSA_URL", "")
TSA_TIMEOUT = env_int("TSA_TIMEOUT", 20)
# The scheduled digest (job ledger.digest): at least daily, and after this many new entries of a chain; `verify` warns
# when a chain has grown past its last digest by more. E-mailed to the heads of the organisation when true.
LEDGER_DIGEST_EVERY = env_int("LEDGER_DIGEST_EVERY", 1000)
LEDGER_DIGEST_EMAIL = env_bool("LEDGER_DIGEST_EMAIL", False)

# Qualified electronic signatures (ЭЦП) made with NCALayer. The НУЦ РК root certificates (PEM or DER) a signer's
# certificate must chain to; empty, or a directory without certificates, means none: every ЭЦП is then refused.
QAUIPSIZ_TRUSTED_ROOTS_DIR = env_str("QAUIPSIZ_TRUSTED_ROOTS_DIR", str(DATA_DIR / "trusted-roots"))
# An NCANode-style service that checks GOST signatures (`cryptography` cannot). Empty: GOST signatures are stored
# marked "not verified", never accepted as verified.
QAUIPSIZ_GOST_VERIFIER_URL = env_str("QAUIPSIZ_GOST_VERIFIER_URL", "").strip()
if QAUIPSIZ_GOST_VERIFIER_URL and not QAUIPSIZ_GOST_VERIFIER_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"QAUIPSIZ_GOST_VERIFIER_URL must be an http(s) address, not {QAUIPSIZ_GOST_VERIFIER_URL!r}")
QAUIPSIZ_GOST_VERIFIER_TIMEOUT = env_int("QAUIPSIZ_GOST_VERIFIER_TIMEOUT", 10)
# Argon2id for signing PINs (`accounts/pins.py`): the OWASP minimum, about 25 ms of CPU per check (docs/architecture.md).
QAUIPSIZ_SIGNING_PIN_ARGON2 = {"time_cost": 2, "memory_cost": 19456, "parallelism": 1}
if QAUIPSIZ_GOST_VERIFIER_TIMEOUT <= 0:
    raise ImproperlyConfigured("QAUIPSIZ_GOST_VERIFIER_TIMEOUT must be a positive number of seconds")

# --- Limits ----------------------------------------------------------------------------------------------------------------
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000)
# An uploaded import waits this long for its confirmation; its preview shows this many rows a page (issue 11).
IMPORT_KEEP_SECONDS = env_int("IMPORT_KEEP_SECONDS", 24 * 3600)
IMPORT_PREVIEW_PAGE_SIZE = 50
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
PAGE_SIZE = env_int("PAGE_SIZE", 25)

# --- Production control: examinations and training lapses (315 cl.4.6, cl.4.7) ------------------------------------
# How many days ahead an examination counts as "due soon" and a training as "lapsing" (lists, home panels, the daily
# notice of examinations).
QAUIPSIZ_CONTROL_SOON_DAYS = env_int("QAUIPSIZ_CONTROL_SOON_DAYS", 30)
if not 1 <= QAUIPSIZ_CONTROL_SOON_DAYS <= 365:
    raise ImproperlyConfigured("QAUIPSIZ_CONTROL_SOON_DAYS must be between 1 and 365 days")

# --- Work permits -----------------------------------------------------------------------------------------------------
# Attachments of permits (plans, sketches, agreements: 344 cl.4, cl.8). Served only through permission-checked views,
# never as public files; `qauipsiz backup` copies this directory with the database.
MEDIA_ROOT = Path(env_str("QAUIPSIZ_MEDIA_DIR", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"  # not routed: attachments are downloaded through the permit pages
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# 344 cl.6: how long before a shift starts the admitting person may extend a permit for it (an admission then is for
# that shift too), and how early before its planned start a permit may be admitted.
PERMIT_EXTENSION_WINDOW_MINUTES = env_int("PERMIT_EXTENSION_WINDOW_MINUTES", 60)
PERMIT_ADMISSION_EARLY_MINUTES = env_int("PERMIT_ADMISSION_EARLY_MINUTES", 15)
if not 1 <= PERMIT_EXTENSION_WINDOW_MINUTES <= 240:
    raise ImproperlyConfigured("PERMIT_EXTENSION_WINDOW_MINUTES must be between 1 and 240 minutes")
if not 0 <= PERMIT_ADMISSION_EARLY_MINUTES <= 120:
    raise ImproperlyConfigured("PERMIT_ADMISSION_EARLY_MINUTES must be between 0 and 120 minutes")
# The address people open the system at, for links in e-mails and the QR code on printed permits (no trailing slash).
# In production (HTTPS on) it must be given, and not as a loopback address: a printed permit's QR code would open
# nothing on the phone that scans it, and the mistake would only show on paper, long after start-up.
SITE_URL = (env_str("SITE_URL") or "").strip().rstrip("/")
if SITE_URL:
    _site = urlsplit(SITE_URL)
    if _site.scheme not in ("http", "https") or not _site.hostname or _site.query or _site.fragment:
        raise ImproperlyConfigured(f"SITE_URL must be an http(s) address such as https://qauipsiz.example.kz, "
                                   f"not {SITE_URL!r}")
if HTTPS and not SITE_URL:
    raise ImproperlyConfigured("SITE_URL must be set when HTTPS is on: it is the public address that the QR codes "
                               "of printed permits and the links in e-mails open, e.g. https://qauipsiz.example.kz")
if HTTPS and is_loopback_host(urlsplit(SITE_URL).hostname):
    raise ImproperlyConfigured(f"SITE_URL must be the public address when HTTPS is on, not the loopback address "
                               f"{SITE_URL!r}: printed QR codes would open nothing on the phone that scans them")
SITE_URL = SITE_URL or "http://127.0.0.1:8000"  # the local demo (`make run` passes its own address)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
