"""Django settings for Paramount.

Configuration comes from the environment so the same code runs the embedded demo (SQLite under
``PARAMOUNT_HOME``) and a PostgreSQL deployment (``PARAMOUNT_DATABASE_URL``).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from paramount.files import private_directory

BASE_DIR = Path(__file__).resolve().parent
PARAMOUNT_HOME = Path(os.environ.get("PARAMOUNT_HOME", "var")).resolve()
# The database, keys, linkage cache and demo region live here: only the service account enters.
private_directory(PARAMOUNT_HOME)

DEBUG = os.environ.get("PARAMOUNT_DEBUG", "") == "1"
SECRET_KEY = (
    os.environ.get("PARAMOUNT_SECRET_KEY")
    or "insecure-demo-key-set-PARAMOUNT_SECRET_KEY-in-production"
)  # noqa: S105
ALLOWED_HOSTS = [
    h
    for h in os.environ.get("PARAMOUNT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "paramount.access",
    "paramount.feeds",
    "paramount.linkage",
    "paramount.identification",
    "paramount.families",
    "paramount.screening",
    "paramount.outreach",
    "paramount.support",
    "paramount.guidance",
    "paramount.events",
    "paramount.privacy",
    "paramount.synth",
    "paramount.web",
    "paramount.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "paramount.access.middleware.SessionLimitsMiddleware",
    "paramount.access.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "paramount.access.middleware.NoStoreMiddleware",
    "paramount.access.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "paramount.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "paramount.access.context_processors.membership",
            ],
        },
    },
]

WSGI_APPLICATION = "paramount.wsgi.application"

_default_sqlite = f"sqlite:///{PARAMOUNT_HOME / 'paramount.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("PARAMOUNT_DATABASE_URL", _default_sqlite),
        conn_max_age=int(os.environ.get("PARAMOUNT_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while a long ingest writes; a busy timeout instead of errors.
    # A page cache of up to 256 MB (SQLite's default is 2 MB) and temporary tables in memory:
    # writing a million person keys updates an index whose pages the default cache cannot hold
    # (11.7 s against 5.8 s measured; docs/benchmarks.md). The cache grows only as pages are read.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        # secure_delete: deleted and replaced rows are overwritten with zeros, so what retention
        # and erasure remove is gone from the file's free pages too (docs/privacy.md, "Files").
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PARAMOUNT_HOME / "static"
STATIC_ROOT.mkdir(
    parents=True, exist_ok=True
)  # WhiteNoise serves from the finders; it wants this to exist
STATICFILES_DIRS = [BASE_DIR / "web" / "static"]
WHITENOISE_USE_FINDERS = True

# SECURITY 5-8. Every user signs in with a password and a one-time code; five failures in 15
# minutes lock the account (or the unknown username) for 15 minutes, and twenty from one client
# address, across usernames, lock that client; a session ends after 30 minutes without activity
# and 8 hours after sign-in, whatever happens.
PARAMOUNT_LOCKOUT_FAILURES = int(os.environ.get("PARAMOUNT_LOCKOUT_FAILURES", "5"))
PARAMOUNT_LOCKOUT_CLIENT_FAILURES = int(os.environ.get("PARAMOUNT_LOCKOUT_CLIENT_FAILURES", "20"))
PARAMOUNT_LOCKOUT_MINUTES = int(os.environ.get("PARAMOUNT_LOCKOUT_MINUTES", "15"))
# The client address is REMOTE_ADDR. Behind reverse proxies, set how many stand in front of
# Paramount: each appends the address it saw to the header below, and the address the outermost
# one saw is used (counted from the right, so nothing the client sends in the header counts).
PARAMOUNT_TRUSTED_PROXIES = int(os.environ.get("PARAMOUNT_TRUSTED_PROXIES", "0"))
PARAMOUNT_CLIENT_ADDRESS_HEADER = os.environ.get(
    "PARAMOUNT_CLIENT_ADDRESS_HEADER", "X-Forwarded-For"
)
if PARAMOUNT_TRUSTED_PROXIES < 0 or not PARAMOUNT_CLIENT_ADDRESS_HEADER.strip():
    raise ImproperlyConfigured(
        "PARAMOUNT_TRUSTED_PROXIES must be 0 or more and PARAMOUNT_CLIENT_ADDRESS_HEADER must name "
        "a header"
    )
# Usernames are looked up in their canonical form (paramount.access.usernames).
AUTHENTICATION_BACKENDS = ["paramount.access.authentication.CanonicalUsernameBackend"]
PARAMOUNT_SESSION_IDLE_MINUTES = int(os.environ.get("PARAMOUNT_SESSION_IDLE_MINUTES", "30"))
PARAMOUNT_SESSION_ABSOLUTE_HOURS = int(os.environ.get("PARAMOUNT_SESSION_ABSOLUTE_HOURS", "8"))
OTP_TOTP_ISSUER = "Paramount"
# django-otp's own throttle would reject a right code typed just after a wrong one, with the
# same "not right" message; Paramount's lockout above limits guessing instead, for codes too.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# SECURITY 13. Checkpoints of the audit trail's head go to an append-only file outside the
# database (empty: PARAMOUNT_HOME/audit-checkpoints.log) and, with PARAMOUNT_AUDIT_SYSLOG=1, to
# the system log too. The audit key is PARAMOUNT_AUDIT_KEYS. See docs/operations.md.
PARAMOUNT_AUDIT_CHECKPOINTS = os.environ.get("PARAMOUNT_AUDIT_CHECKPOINTS", "")
PARAMOUNT_AUDIT_SYSLOG = os.environ.get("PARAMOUNT_AUDIT_SYSLOG", "") == "1"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PARAMOUNT_LOG_LEVEL", "WARNING")},
    # Splink reports training detail (levels not observed, untrained values) as warnings; the
    # model's own summary records what matters, so keep the console for real problems.
    "loggers": {"splink": {"level": "ERROR", "propagate": True}},
}

# The demo helpers (`paramount demo`, `paramount demo_code`, the demo users and the staged
# families and cases) run only where this is True: the embedded demo and the tests. Production
# settings set it False and `paramount check --deploy` fails if a deployment sets it True.
PARAMOUNT_DEMO_ALLOWED = True

# Paramount's own configuration (areas, thresholds, deadlines) lives in one validated file.
PARAMOUNT_CONFIG_FILE = os.environ.get(
    "PARAMOUNT_CONFIG", str(BASE_DIR / "config" / "default.toml")
)
