"""One settings module, driven by environment variables (see README for each one)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# A local `.env` (written by `make setup`, never committed) turns DEBUG on, so it is read only
# when asked: the Makefile asks for its local commands, and every other process (a server,
# a worker, a shell started from the checkout) runs on the environment alone. What the
# environment sets always wins over the file.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(env.str("DJANGO_DOT_ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # DEBUG only
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# PEM private key (RSA, EC P-256 or Ed25519) that signs the Open Badges credentials; without it
# the credential answers 503 (nothing is signed with a key made up on the spot).
CERTIFICATE_SIGNING_KEY = env.str("CERTIFICATE_SIGNING_KEY", default="").replace("\\n", "\n")
CERTIFICATE_ISSUER_NAME = env.str("CERTIFICATE_ISSUER_NAME", default="KAM Training")

INSTALLED_APPS = [
    # Our apps first: their translations and templates win over Django's own wording.
    "courses",
    "participants",
    "assessments",
    "practice",
    "evaluations",
    "certificates",
    "programme",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kamtraining.security.ContentSecurityPolicyMiddleware",
    # An oversize body is refused from its Content-Length, before anything reads it.
    "kamtraining.request_limits.RequestSizeLimitMiddleware",
    # /healthz answers here, before sessions, authentication, CSRF and the host check.
    "kamtraining.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "participants.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kamtraining.urls"
WSGI_APPLICATION = "kamtraining.wsgi.application"
ASGI_APPLICATION = "kamtraining.asgi.application"

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
                "programme.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a request reuses its thread's connection for this many seconds
# (0: a new connection per request, as Django's default), checked before reuse so a database
# restart costs one failed check, not a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a management command share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
# Every request body, checked from its Content-Length before it is read (413 past it): a little
# above the largest file a view takes (imports 20 MB, practice attachments 10 MB). 0: no limit.
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
# Form fields and JSON bodies; uploaded files are bounded by the view that takes them.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "participants.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language (kamtraining/formats/).
FORMAT_MODULE_PATH = ["kamtraining.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# In production `collectstatic` writes each file under a content-hashed name with gzip and
# brotli copies beside it; whitenoise serves them compressed and cached for good.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Only the collected files in production: the source files have neither hash nor compression.
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded files (practice attachments); `make backup` archives them with the database.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With Redis every process reads sessions from the shared cache, written through to the
# database (a Redis restart logs nobody out); without it, from the database alone.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)


def _meta_key(header: str) -> str:
    """The request.META key of a header: `X-Forwarded-For` and `HTTP_X_FORWARDED_FOR` alike."""
    key = header.strip().upper().replace("-", "_")
    if not key or key == "REMOTE_ADDR" or key.startswith("HTTP_"):
        return key or "REMOTE_ADDR"
    return f"HTTP_{key}"


# The client address every rate limit counts by: REMOTE_ADDR, unless our own proxy names the
# client in a header (its last entry is the one the proxy appended). The rater-only name is
# the earlier spelling of the same setting.
CLIENT_IP_META_KEY = _meta_key(
    env.str("CLIENT_IP_META_KEY", default="") or env.str("RATER_CLIENT_IP_META_KEY", default="")
)
# Rater link look-ups per minute, per client address and per token.
RATER_RATE_LIMIT_PER_IP = env.int("RATER_RATE_LIMIT_PER_IP", default=60)
RATER_RATE_LIMIT_PER_TOKEN = env.int("RATER_RATE_LIMIT_PER_TOKEN", default=60)
# Failed passwords (login pages and POST /api/v1/auth/token/ together) per window, per account
# and per client address; the right password is refused too once either is spent.
LOGIN_RATE_LIMIT_PER_ACCOUNT = env.int("LOGIN_RATE_LIMIT_PER_ACCOUNT", default=10)
LOGIN_RATE_LIMIT_PER_IP = env.int("LOGIN_RATE_LIMIT_PER_IP", default=30)
LOGIN_RATE_LIMIT_WINDOW_MINUTES = env.int("LOGIN_RATE_LIMIT_WINDOW_MINUTES", default=15)
# An API token stops working this long after it was issued (0: never).
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=720)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="KAM Training <noreply@kamtraining.local>"
)

# Background work runs inline unless a broker is configured.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
# Render every report PDF when a campaign is released (and after a rescore), so the first click
# gets a stored file. On by default only with a broker: inline, a cohort's PDFs (about 1.5 s of
# CPU each) would hold up the release request; without one, a PDF is rendered and stored on
# its first download.
REPORT_PDFS_PRERENDER = env.bool("REPORT_PDFS_PRERENDER", default=bool(CELERY_BROKER_URL))

# How long /healthz waits for each Redis server before it reports it down.
HEALTHZ_TIMEOUT_SECONDS = env.float("HEALTHZ_TIMEOUT_SECONDS", default=0.5)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request is then told 401 with `WWW-Authenticate: Token`.
        "kamtraining.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON in; a view that takes files (an import) names its own parsers.
    "DEFAULT_PARSER_CLASSES": ["kamtraining.parsers.SafeJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "kamtraining.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kamtraining.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KAM Training API",
    "DESCRIPTION": "Courses, cohorts, enrolment, attendance and 360° feedback.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status` (or `kind`): name each enum after its model so that no
    # name depends on which endpoints exist, and the schema validates without warnings.
    "ENUM_NAME_OVERRIDES": {
        "CohortStatusEnum": "courses.models.Cohort.Status",
        "SessionStatusEnum": "courses.models.Session.Status",
        "ActivityKindEnum": "courses.models.Activity.Kind",
        "EnrollmentStatusEnum": "participants.models.Enrollment.Status",
        "AttendanceStatusEnum": "participants.models.Attendance.Status",
        "PositionEnum": "participants.models.Participant.Position",
        "LanguageEnum": "participants.models.Language",
        "CampaignKindEnum": "assessments.models.Campaign.Kind",
        "CampaignStatusEnum": "assessments.models.Campaign.Status",
        "InvitationGroupEnum": "assessments.models.Invitation.Group",
        "InvitationStatusEnum": "assessments.models.Invitation.Status",
        "FollowUpStatusEnum": "evaluations.models.FollowUp.Status",
        "FollowUpRespondentEnum": "evaluations.models.FollowUp.Respondent",
        "EvaluationStateEnum": ["not_open", "open", "closed"],
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": True},
}

# Production hardening: on unless DEBUG, each switchable for a TLS-terminating proxy.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer's health check may call each process over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Every page's Content-Security-Policy: scripts, styles, fonts and fetches from our own origin
# only (no inline script or style: they live in static/), images also as data: URLs (the API
# docs' icons), no plugins, no framing, forms post back to us.
CONTENT_SECURITY_POLICY = env.str(
    "DJANGO_CONTENT_SECURITY_POLICY",
    default="; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    ),
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # One line per finished task is noise when tasks run inline.
        "celery.app.trace": {"level": "WARNING"},
    },
}
