"""Django settings. Everything that differs between machines comes from the environment,
with safe development defaults so that a fresh clone runs with no configuration."""

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
REFERENCE_DATA_DIR = Path(os.environ.get("TREATSAFE_REFERENCE_DATA", PROJECT_DIR / "data"))
DATA_DIR = Path(os.environ.get("TREATSAFE_DATA_DIR", PROJECT_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("TREATSAFE_DEBUG", "") == "1"


def _private_key(env_name: str, file_name: str) -> str:
    """Read a key from the environment, else from a private file made on first run, so that it
    survives restarts and no placeholder secret is ever shipped."""
    if key := os.environ.get(env_name):
        return key
    key_file = DATA_DIR / file_name
    if not key_file.exists():
        # Written to a private (0600) temporary file, then linked into place: the key is never
        # readable by others, and processes starting together all end up with the same key.
        fd, temporary = tempfile.mkstemp(dir=DATA_DIR, prefix=f".{file_name}.")
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(50))
            os.link(temporary, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return key_file.read_text().strip()


def _secret_key() -> str:
    return _private_key("TREATSAFE_SECRET_KEY", "secret_key")


SECRET_KEY = _secret_key()
# The audit log's HMAC key: kept outside the database, so someone who can write to the database
# still cannot forge or re-chain entries (treatsafe/register/audit.py). Back it up with the data.
TREATSAFE_AUDIT_KEY = _private_key("TREATSAFE_AUDIT_KEY", "audit_key")
# Signed checkpoints of the audit log's head (append-only lines, outside the database).
TREATSAFE_AUDIT_CHECKPOINTS = Path(
    os.environ.get("TREATSAFE_AUDIT_CHECKPOINTS", DATA_DIR / "audit_checkpoints")
)
ALLOWED_HOSTS = os.environ.get("TREATSAFE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from local static files (no CDN: the service runs offline)
    "treatsafe.core",
    "treatsafe.accounts",
    "treatsafe.geo",
    "treatsafe.ingredients",
    "treatsafe.treatments",
    "treatsafe.register",
    "treatsafe.notifications",
    "treatsafe.records",
    "treatsafe.reviews",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so static files carry the same headers as pages.
    "treatsafe.core.middleware.PolicyOnceMiddleware",  # django-csp's, the policy built once
    "treatsafe.core.middleware.SecurityHeadersMiddleware",
    "treatsafe.core.middleware.RefuseNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "treatsafe.urls"
WSGI_APPLICATION = "treatsafe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'treatsafe.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; a writer that finds the database busy
        # waits up to 30 s (both the driver's timeout and SQLite's own busy_timeout) rather than
        # failing with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
        ),
        "timeout": 30,
        # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE). A deferred
        # transaction that reads and then writes cannot wait for the lock (SQLite would deadlock)
        # and fails at once with "database is locked" under concurrent writers.
        "transaction_mode": "IMMEDIATE",
    }
    # A file, not memory, so pytest --reuse-db keeps the imported reference data between runs.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

# One cache that every server process shares: the database (table made by `migrate`), unless
# TREATSAFE_CACHE_BACKEND and TREATSAFE_CACHE_LOCATION name another shared cache (e.g.
# django.core.cache.backends.redis.RedisCache and redis://127.0.0.1:6379). Rate limits live here.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("TREATSAFE_CACHE_BACKEND", "treatsafe.core.cache.DatabaseCache"),
        "LOCATION": os.environ.get("TREATSAFE_CACHE_LOCATION", "treatsafe_cache"),
    }
}

# Rate limits (treatsafe/core/ratelimit.py): "N/period", period s, m, h or d with an optional
# multiple ("20/15m"). Each can be changed with TREATSAFE_RATE_<NAME> (e.g. TREATSAFE_RATE_LOGIN);
# "off" turns one off. Past a limit the answer is 429 with Retry-After. Counted per client address
# unless said otherwise; kept in the shared cache above.
RATE_LIMIT_DEFAULTS = {
    "login": "20/15m",  # sign-in and email-confirmation password attempts, besides the lockout
    "signup": "5/h",  # practitioner sign-ups (each sends an email)
    "password_reset": "5/h",  # password reset requests (each may send an email)
    "mail": "3/h",  # emails sent to any one address on an anonymous request, per address
    "report": "5/h",  # public reports about a listing
    "label_check": "60/m",  # ingredient list checks, page and API
    "photo_check": "10/m",  # label photo checks (OCR), page and API
    "watch": "10/h",  # requests to watch a listing (each sends an email)
    "review": "5/h",  # reviews of a practitioner
}
TREATSAFE_RATE_LIMITS = {
    name: (None if value.strip().lower() in {"", "off", "0"} else value.strip())
    for name, default in RATE_LIMIT_DEFAULTS.items()
    for value in [os.environ.get(f"TREATSAFE_RATE_{name.upper()}", default)]
}

# Proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated); the
# client address used by rate limits and the sign-in lockout is read through them
# (treatsafe.core.clientip).
TREATSAFE_TRUSTED_PROXIES = [
    p.strip()
    for p in os.environ.get("TREATSAFE_TRUSTED_PROXIES", "127.0.0.1").split(",")
    if p.strip()
]

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"

# Sign in by email. django-axes first: it refuses sign-in after AXES_FAILURE_LIMIT wrong passwords
# for the same email address from the same IP address, for AXES_COOLOFF_TIME.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "treatsafe.accounts.backends.EmailBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "treatsafe.accounts.lockout.username"
AXES_LOCKOUT_CALLABLE = "treatsafe.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "treatsafe.core.clientip.axes_client_ip"

EMAIL_BACKEND = os.environ.get(
    "TREATSAFE_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "outbox"
DEFAULT_FROM_EMAIL = "TreatSafe <no-reply@treatsafe.invalid>"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns when it is missing; files come from finders
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only this site's own scripts, styles, images and forms;
# no inline script or style anywhere, no framing, no plugins. Pages set no nonces.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Browser features no page uses are switched off (a photo is chosen with a file input, which
# needs no camera permission).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "sync-xhr=(), usb=(), xr-spatial-tracking=()"
)

# Behind HTTPS (a TLS-terminating proxy that sets X-Forwarded-Proto), set TREATSAFE_HTTPS=1:
# cookies only travel over HTTPS, browsers are told to use HTTPS for a year, and plain HTTP
# requests are redirected. Off by default so that http://127.0.0.1:8000 works on a laptop.
if os.environ.get("TREATSAFE_HTTPS", "") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# Treatment records are health records: kept this many days after the treatment, then removed
# by `treatsafe purge-records` (run it daily, e.g. from cron). Default 8 years, the usual NHS
# retention period for adult clinical records.
RECORD_RETENTION_DAYS = int(os.environ.get("TREATSAFE_RECORD_RETENTION_DAYS", str(8 * 365)))
# The service's public address: every link in an email starts with it (core.links.absolute).
SITE_URL = os.environ.get("TREATSAFE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# For tests only: a file holding a number of days the records/reviews clock runs ahead by (so a
# browser test can step past the 7 days before a review). Unset in production.
CLOCK_OFFSET_FILE = os.environ.get("TREATSAFE_CLOCK_OFFSET_FILE", "")

# Upper bounds on what a person can paste, so no request can tie up a worker.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TREATSAFE_LOG_LEVEL", "WARNING")},
}
