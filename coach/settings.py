"""One settings file, read from the environment.

The defaults run the whole app on one machine with nothing else installed: SQLite, tasks run
in-process, mail on the console. Production mode (DJANGO_ENV=production or DEBUG=0) demands
the values a real deployment must choose. A bad value stops start-up with a message naming
the variable.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_database_url(name: str, url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={url!r} is not a database URL: {error}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={url!r} names no database.")
    return config


def parse_redis_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name}={url!r} is not a Redis URL (expected redis://host:6379/0)."
        )
    return url


def parse_email_url(name: str, url: str) -> dict:
    """Mail settings for Django 6.1's MAILERS from one URL.

    console:// prints mail, file:///path writes it to files, locmem:// keeps it in memory,
    smtp://user:pass@host:587?tls=1 (or ?ssl=1) sends it.
    """
    parts = urlsplit(url)
    backends = "django.core.mail.backends."
    if parts.scheme == "console":
        # Ours print the text as written, so a long link can be copied (athletes/mail.py).
        return {"BACKEND": "athletes.mail.ConsoleEmailBackend"}
    if parts.scheme == "locmem":
        return {"BACKEND": backends + "locmem.EmailBackend"}
    if parts.scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured(f"{name}={url!r} needs a folder: file:///var/mail/app")
        return {
            "BACKEND": "athletes.mail.FileEmailBackend",
            "OPTIONS": {"file_path": parts.path},
        }
    if parts.scheme == "smtp":
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name}={url!r} names no SMTP host.")
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        try:
            port = parts.port or 25
        except ValueError:
            raise ImproperlyConfigured(f"{name}={url!r} has a bad port.") from None
        return {
            "BACKEND": backends + "smtp.EmailBackend",
            "OPTIONS": {
                "host": parts.hostname,
                "port": port,
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_tls": query.get("tls") in TRUE_WORDS,
                "use_ssl": query.get("ssl") in TRUE_WORDS,
                "timeout": 10,
            },
        }
    raise ImproperlyConfigured(
        f"{name}={url!r}: use console://, file:///folder, locmem:// or smtp://user:pass@host:port"
    )


PRODUCTION = os.environ.get("DJANGO_ENV", "").strip().lower() == "production"
if os.environ.get("DJANGO_ENV", "").strip().lower() not in {"", "production", "development"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV={os.environ['DJANGO_ENV']!r}: use 'production' or 'development'."
    )
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=1 cannot run with DJANGO_ENV=production: unset one.")
PRODUCTION = PRODUCTION or not DEBUG
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production (50+ random characters).")
    SECRET_KEY = DEV_SECRET_KEY
elif PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY is too short: use 50 or more random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The port `make run` serves on (`make run PORT=8001`); emailed links point at it by default.
PORT = env_int("PORT", 8000, minimum=1)
if PORT > 65535:
    raise ImproperlyConfigured(f"PORT={PORT} is not a TCP port: use 1 to 65535.")
# Absolute address used in emails (invitation links); requests build their own. Production
# has no default: links to 127.0.0.1 would reach nobody.
SITE_URL = os.environ.get("SITE_URL", "" if PRODUCTION else f"http://127.0.0.1:{PORT}").rstrip("/")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set in production: the site's address for emailed links "
        "(https://coach.example.org)."
    )
if not urlsplit(SITE_URL).scheme.startswith("http"):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "axes",
    "athletes",
    "workouts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "athletes.middleware.user_time_zone",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coach.urls"
WSGI_APPLICATION = "coach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": parse_database_url(
        "DATABASE_URL", os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "athletes.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while an address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 5 failures for one email from one address lock it for 15 min.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "athletes.access.login_name"
AXES_CLIENT_IP_CALLABLE = "athletes.access.client_ip"
# Proxies in front of the app that append to X-Forwarded-For (1 behind nginx or a load
# balancer); 0 trusts only the connection's own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing dominates test time; the hasher is no part of what the tests check.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7, minimum=1)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: Django 6.1's MAILERS. EMAIL_URL picks the backend; the console is the local default.
EMAIL_URL = os.environ.get("EMAIL_URL", "").strip()
if PRODUCTION and not EMAIL_URL:
    raise ImproperlyConfigured("EMAIL_URL must be set in production (smtp://user:pass@host:587).")
MAILERS = {"default": parse_email_url("EMAIL_URL", EMAIL_URL or "console://")}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Coach <coach@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work. Without REDIS_URL tasks run in-process, right away (the embedded default).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    parse_redis_url("REDIS_URL", REDIS_URL)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Reliable delivery: a task is acknowledged only once it has run, and goes back to the queue
# when its worker dies; one message at a time per worker process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits stay well below the visibility timeout, or Redis would hand a running task to a
# second worker.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 10,
    "socket_connect_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_REDIS_SOCKET_TIMEOUT = 10
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
# django-celery-beat does not support Django 6.1: periodic tasks are declared here.
CELERY_BEAT_SCHEDULE = {
    "invitations-purge-expired": {
        "task": "athletes.tasks.invitations_purge_expired_task",
        "schedule": 6 * 60 * 60,
    },
    # Each athlete's day ends at their own midnight: hourly freezes a past session within the
    # hour in any time zone, and costs one query when nothing is due (workouts/targets.py).
    "sessions-freeze": {
        "task": "workouts.tasks.sessions_freeze_task",
        "schedule": 60 * 60,
    },
    # The daily email goes at the athlete's chosen local time, give or take these 15 minutes;
    # the same run sends a batch of plan changes whose own task was lost (docs/running.md §4.14).
    "daily-emails": {
        "task": "workouts.tasks.daily_emails_task",
        "schedule": 15 * 60,
    },
    "plan-changes-sweep": {
        "task": "workouts.tasks.plan_changes_sweep_task",
        "schedule": 15 * 60,
    },
    # The coach's daily batch of runs and Monday digest at their chosen local time, give or
    # take these 15 minutes; the same run sends a run whose own task was lost (§3.14).
    "coach-batches": {
        "task": "workouts.tasks.coach_batches_task",
        "schedule": 15 * 60,
    },
    # Uploaded files still queued (the broker was down at upload) or left by a dead worker
    # (workouts/log_pipeline.py, docs/running.md §3.11).
    "run-logs-sweep": {
        "task": "workouts.tasks.run_logs_sweep_task",
        "schedule": 60,
    },
}
# Reading one activity file: the caps of workouts/activity_files.py bound the work (a 3-hour
# run reads and reviews in well under a second); a worker process is replaced once it has
# grown past this many KiB, so one hostile file cannot keep the memory.
RUN_LOG_TASK_SOFT_TIME_LIMIT = env_int("RUN_LOG_TASK_SOFT_TIME_LIMIT", 60, minimum=1)
RUN_LOG_TASK_TIME_LIMIT = env_int("RUN_LOG_TASK_TIME_LIMIT", 90, minimum=2)
if RUN_LOG_TASK_TIME_LIMIT <= RUN_LOG_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured(
        "RUN_LOG_TASK_TIME_LIMIT must be above RUN_LOG_TASK_SOFT_TIME_LIMIT."
    )
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 512_000)

# Content Security Policy (Django's built-in middleware): only our own files run.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz and /readyz are probed over plain HTTP from inside the host.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
