"""Khooshe's one settings module: every value that differs between machines comes from the
environment (settings parity: development, tests, CI and production run the same code).

DJANGO_ENV=production switches on the production safeguards (HTTPS-only cookies, HSTS,
manifest static files, no debug) and refuses to start without a real SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KHOOSHE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development").lower() == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

_DEV_SECRET_KEY = "django-insecure-khooshe-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (
    len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters when DJANGO_ENV=production."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
KHOOSHE_DEMO = env_bool("KHOOSHE_DEMO", default=False)
# Absolute links in e-mails and calendar feeds.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    # Khooshe: the foundation first, then one app per capability.
    "khooshe.persian",
    "khooshe.geo",
    "khooshe.accounts",
    "khooshe.history",
    "khooshe.core",
    "khooshe.registry",
    "khooshe.proposals",
    "khooshe.loans",
    "khooshe.governance",
    "khooshe.eservices",
    "khooshe.events",
    "khooshe.obstacles",
    "khooshe.indicators",
    "khooshe.record",
    "khooshe.opendata",
    # Sign-up, e-mail and mobile verification, password reset, two-factor sign-in; after
    # khooshe.accounts so that its templates (account/, mfa/, allauth/) override allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # TRACE and other methods no page or endpoint uses: 405 before anything else runs.
    "khooshe.core.middleware.AllowedMethodsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khooshe.accounts.middleware.KhoosheLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Signed-in pages and API responses: Cache-Control: no-store.
    "khooshe.core.middleware.NoStoreMiddleware",
    # The request in context, for idempotency keys (same key, other body → 422).
    "khooshe.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle sessions end (staff sooner); staff without two-factor sign-in go to set it up.
    "khooshe.accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "khooshe.urls"
WSGI_APPLICATION = "khooshe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "khooshe.core.context_processors.shell",
            ],
            "builtins": ["khooshe.persian.templatetags.persian"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'khooshe.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE avoids "database is locked"
    # when two requests upgrade read transactions to write at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs more than it saves on our short OLTP queries (measured ~1.9 s on
    # the suggested-actors query, which runs in ~70 ms without it).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery -------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# The API throttles count in CACHES["throttle"] (khooshe.core.throttling), which every worker
# must share: Redis when REDIS_URL is set; otherwise the database cache in production (a table
# made by migrate / createcachetable) — THROTTLE_CACHE=database|memory overrides — and in
# development the default cache's local memory (LocMemCache shares a store by LOCATION).
THROTTLE_CACHE_BACKEND = os.environ.get(
    "THROTTLE_CACHE", "redis" if REDIS_URL else "database" if PRODUCTION else "memory"
).lower()
THROTTLE_CACHE_TABLE = "khooshe_throttle_cache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "khooshe",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
if THROTTLE_CACHE_BACKEND == "redis" and REDIS_URL:
    CACHES["throttle"] = {**CACHES["default"], "KEY_PREFIX": "khooshe-throttle"}
elif THROTTLE_CACHE_BACKEND == "database":
    CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": THROTTLE_CACHE_TABLE,
        "KEY_PREFIX": "throttle",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
else:
    CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": "throttle",
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Tehran"
CELERY_BEAT_SCHEDULE = {
    "commitment-reminders": {
        "task": "khooshe.governance.tasks.send_commitment_reminders",
        "schedule": 60 * 60 * 6,
    },
    "registry-documents": {
        "task": "khooshe.registry.tasks.documents_daily",
        "schedule": 60 * 60 * 24,
    },
    "loans-daily": {
        "task": "khooshe.loans.tasks.loans_daily",
        "schedule": 60 * 60 * 24,
    },
    "compute-indicators": {
        "task": "khooshe.indicators.tasks.compute_indicators",
        "schedule": 60 * 60 * 6,
    },
    "delete-old-export-files": {
        "task": "khooshe.opendata.tasks.delete_old_export_files",
        "schedule": 60 * 60 * 24,
    },
}

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Username or e-mail (allauth's backend is Django's ModelBackend plus e-mail login).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:desk"
LOGOUT_REDIRECT_URL = "core:home"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# The login form takes a username or an e-mail address: count failures against what was typed.
AXES_USERNAME_CALLABLE = "khooshe.accounts.adapter.axes_username"

# Sign-up and sign-in (django-allauth). See khooshe/accounts/README.md.
ACCOUNT_ADAPTER = "khooshe.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "khooshe.accounts.forms.LoginForm",
    "verify_phone": "khooshe.accounts.forms.VerifyPhoneForm",
}
MFA_FORMS = {
    "authenticate": "khooshe.accounts.forms.AuthenticateForm",
    "reauthenticate": "khooshe.accounts.forms.ReauthenticateForm",
    "activate_totp": "khooshe.accounts.forms.ActivateTOTPForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "phone*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_REDIRECT_URL = "registry:join"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "dashed": False, "length": 6}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[خوشه] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# django-axes counts failed logins (and answers 429); allauth's own counter would answer first.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Khooshe"
# Administrators and provincial/national staff must sign in with a second factor; the demo
# (KHOOSHE_DEMO) keeps password-only sign-in for its users.
KHOOSHE_STAFF_MFA = env_bool("KHOOSHE_STAFF_MFA", default=not KHOOSHE_DEMO)
# Outgoing SMS (mobile verification codes): console by default, like the e-mail backend.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "khooshe.accounts.sms.ConsoleBackend")
# Sessions end after inactivity: staff after 30 minutes, everyone else after two weeks.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(14 * 24 * 3600)))
KHOOSHE_STAFF_SESSION_IDLE = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", "1800"))
# API tokens expire this long after they are issued (and on password change and logout).
KHOOSHE_TOKEN_TTL = int(os.environ.get("API_TOKEN_TTL_SECONDS", str(24 * 3600)))

# --- I18N ----------------------------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]

TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "khooshe_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "khooshe" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
KHOOSHE_MAX_UPLOAD_BYTES = int(os.environ.get("KHOOSHE_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))

# --- Mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "khooshe@localhost")

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
# The __Host- prefix binds a cookie to this host over HTTPS: the browser refuses it unless it is
# Secure, has Path=/ and no Domain (a sibling subdomain cannot plant or overwrite it).
SESSION_COOKIE_NAME = "__Host-sessionid" if PRODUCTION else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if PRODUCTION else "csrftoken"
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One strict policy for every response: nothing from outside hosts, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous write a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "khooshe.accounts.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "khooshe.core.api.pagination.KhooshePagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # core.api.exceptions, with a 404 in the request's language (khooshe.core.errors).
    "EXCEPTION_HANDLER": "khooshe.core.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "600/min"),
        "user": os.environ.get("API_USER_RATE", "3000/min"),
        "auth": os.environ.get("API_AUTH_RATE", "30/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Khooshe API",
    "DESCRIPTION": "API خوشه: بانک فعالان فاوا، طرح‌ها، برنامه‌های حمایتی، حکمرانی و تعهدها.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" or "state"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "khooshe.registry.models.Organization.Kind",
        "BodyKindEnum": "khooshe.governance.models.Body.Kind",
        "AgreementKindEnum": "khooshe.governance.models.Agreement.Kind",
        "AgreementStateEnum": "khooshe.governance.models.Agreement.State",
        "AgreementClauseKindEnum": "khooshe.governance.models.AgreementClause.Kind",
        "ProjectKindEnum": "khooshe.governance.models.Project.Kind",
        "ProgramKindEnum": "khooshe.loans.models.Program.Kind",
        "EligibilityRuleKindEnum": "khooshe.loans.models.EligibilityRule.Kind",
        "SupportPackageKindEnum": "khooshe.loans.models.SupportPackage.Kind",
        "ApplicationStateEnum": "khooshe.loans.models.Application.State",
        "PackageRequestStateEnum": "khooshe.loans.models.PackageRequest.State",
        "GuaranteeKindEnum": "khooshe.loans.models.Guarantee.Kind",
        "GuaranteeStateEnum": "khooshe.loans.models.Guarantee.State",
        "ProposalStateEnum": "khooshe.proposals.models.ProposalState",
        "DossierStateEnum": "khooshe.proposals.models.Dossier.State",
        "ArticleKindEnum": "khooshe.record.models.Article.Kind",
        "ArticleSuggestionKindEnum": "khooshe.record.models.Suggestion.Kind",
        "ArticleSuggestionStateEnum": "khooshe.record.models.Suggestion.State",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# «خوشه» is also a cluster of the registry: the site's name has a context of its own.
KHOOSHE_SITE_NAME = pgettext_lazy("site name", "خوشه")
