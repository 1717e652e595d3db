"""Settings, all read from the environment.

Development defaults are embedded and safe (SQLite and a filesystem Celery broker under var/).
With DEBUG off the service refuses to start without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
and REDIS_URL: the embedded defaults are for development only.
"""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # django-csp: its system checks catch a policy written in the settings of older versions.
    "csp",
    "crispy_forms",
    "crispy_forms_gds",
    "guardian",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "audit",
    "local_areas",
    "inspections",
    "evidence",
    "reports",
    "wsoa",
    "deadlines",
    # Last: its post_migrate step gives roles the permissions of every app above.
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.headers.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything else reads the user: a session past its absolute lifetime is ended here.
    "accounts.session_lifetime.AbsoluteSessionLifetimeMiddleware",
    "config.headers.NoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Ended sessions are refused, then staff who have not given their second factor reach
    # only the two-factor pages (docs/decisions/0023).
    "accounts.middleware.SignInSessionMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "audit.context.AuditContextMiddleware",
    "audit.refusals.RefusedAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "accounts.session_lifetime.timeout_warning",
            ],
            "libraries": {"govuk_errors": "config.govuk_errors"},
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, else (in development only) SQLite under var/.
DATABASE_URL = env_str("DATABASE_URL")
if not DEBUG and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must be set when DEBUG is off")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while the username or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "anonymous user" row: every page but a few public ones needs sign-in.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# NCSC guidance: a minimum length and a list of common passwords, no composition rules.
# NumericPasswordValidator refuses passwords made only of digits; it asks for no kind of
# character, so it is a deny-list entry rather than a composition rule.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"

# Sign-in throttling (django-axes, database handler): failures are counted per username and,
# separately, per address, so neither guessing one account nor trying one password on many
# accounts gets far. A lockout ends by itself after the cool-off; attempts during it do not
# extend it, so nobody can be locked out for good (docs/decisions/0023).
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
# An office signs in from one address: its limit is its own (accounts.lockouts).
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 30)
AXES_HANDLER = "accounts.lockouts.SignInAttemptHandler"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGN_IN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "audit.context.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit trail
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Second factor (django-otp): an authenticator app (TOTP) and one-use recovery codes.
OTP_TOTP_ISSUER = "Ofsted SEND inspections"
# Each wrong code doubles the wait before the next one is checked (1, 2, 4 … seconds);
# after SECOND_FACTOR_FAILURE_LIMIT wrong codes in a row the person is signed out.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SECOND_FACTOR_FAILURE_LIMIT = env_int("SECOND_FACTOR_FAILURE_LIMIT", 5)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sessions end after this many seconds without a request, and this many after signing in
# whatever the activity (decision 0024). Pages warn this many seconds before the idle end.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 2 * 60)
# A signed-in request saves the session, restarting the idle time, once this many seconds
# have passed since it was last saved (accounts.session_lifetime): not on every request.
SESSION_TOUCH_SECONDS = env_int("SESSION_TOUCH_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Documents go to S3-compatible object storage when a bucket is named, so that every web and
# worker container sees the same files; else to MEDIA_ROOT (docs/decisions/0030).
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("S3_REGION", "") or None,
        "access_key": env_str("S3_ACCESS_KEY_ID", ""),
        "secret_key": env_str("S3_SECRET_ACCESS_KEY", ""),
        "addressing_style": env_str("S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        # Names are generated and never reused: a clash is a fault, not a new name.
        "file_overwrite": False,
    }}
# The largest document accepted (evidence/services/documents.py).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
# ClamAV's daemon scans every document before it is kept: on its Unix socket, or over TCP.
# Without either, documents are refused, unless this allows keeping them unscanned (the
# default in development only).
DOCUMENTS_UNSCANNED_ALLOWED = env_bool("DOCUMENTS_UNSCANNED_ALLOWED", default=DEBUG)
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
CLAMD_HOST = env_str("CLAMD_HOST", "")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT_SECONDS = env_int("CLAMD_TIMEOUT_SECONDS", 60)
# Office and OpenDocument files carrying macros or other active content are refused unless
# this is on (config/uploads.py).
UPLOADS_ALLOW_MACROS = env_bool("UPLOADS_ALLOW_MACROS", default=False)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SERVICE_NAME = "Local area SEND inspections"
# The address people use to reach the service, for links in emails. In development it
# follows the address `make run` serves on (HOST_PORT, as the Makefile and Procfile.dev use it).
HOST_PORT = env_str("HOST_PORT", "127.0.0.1:8000")
SERVICE_URL = env_str("SERVICE_URL", f"http://{HOST_PORT}").rstrip("/")

# Reminders of statutory deadlines, in working days before the due date: 0 is the due day
# and -1 the first working day overdue.
DEADLINE_REMINDER_OFFSETS = [int(n) for n in env_list("DEADLINE_REMINDER_OFFSETS",
                                                      ["10", "5", "1", "0", "-1"])]

# Cache and Celery: Redis when REDIS_URL is set, else (in development only) embedded local
# defaults.
REDIS_URL = env_str("REDIS_URL")
if not DEBUG and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set when DEBUG is off")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://localhost//"
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
                        if DEBUG else "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "send-inspections@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# For EMAIL_BACKEND=config.email_backends.GovukNotifyEmailBackend.
GOVUK_NOTIFY_API_KEY = env_str("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_TEMPLATE_ID = env_str("GOVUK_NOTIFY_TEMPLATE_ID", "")

# Behind a TLS-terminating proxy in production.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# What browsers may load and run (decision 0024): our own files only, and no inline script
# but the one in base.html, which carries the request's nonce. GOV.UK Frontend's stylesheet
# loads its fonts and crest from our static files; no page uses a style attribute or data: URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Browser features no page needs, refused to every page and anything it embeds.
PERMISSIONS_POLICY = [
    "accelerometer", "autoplay", "interest-cohort", "browsing-topics", "camera", "display-capture",
    "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
    "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_without_traceback": {
        "()": "config.log_filters.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Where Django logs refused requests: as one line, whichever handler prints it.
    "loggers": {"django.request": {"filters": ["forbidden_without_traceback"]},
                # WeasyPrint says each step of every render at INFO: only its warnings.
                "weasyprint": {"level": "WARNING"}},
}
