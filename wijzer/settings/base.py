"""Settings shared by every environment. Values come from the environment through `env`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from .env import env_list, env_networks, env_str, local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("WIJZER_VAR_DIR", str(BASE_DIR / "var")))
DATA_DIR = Path(env_str("WIJZER_DATA_DIR", str(BASE_DIR / "data")))

PRODUCTION = env_str("WIJZER_ENV", "development").strip().lower() == "production"
# Production requires SECRET_KEY (production.py); locally one is generated once under var/.
SECRET_KEY = env_str("SECRET_KEY", "") or ("" if PRODUCTION else local_secret_key(VAR_DIR))
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "wijzer.accounts.admin_config.WijzerAdminConfig",  # django.contrib.admin with two-factor and audit
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "wijzer.accounts.third_party_apps.TotpConfig",  # django_otp.plugins.otp_totp, Dutch name in the admin
    "wijzer.accounts.third_party_apps.AxesConfig",  # axes, Dutch name in the admin
    "csp",
    "wijzer.core",
    "wijzer.web",
    "wijzer.accounts",
    "wijzer.curriculum",
    "wijzer.catalog",
    "wijzer.ingest",
    "wijzer.alignment",
    "wijzer.quality",
    "wijzer.market",
    "wijzer.choice",
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
    "django_otp.middleware.OTPMiddleware",
    "wijzer.accounts.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "wijzer.web.middleware.MethodNotAllowedMiddleware",  # a Dutch page instead of an empty 405
]

ROOT_URLCONF = "wijzer.urls"
WSGI_APPLICATION = "wijzer.wsgi.application"

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
                "wijzer.web.context_processors.site",
                "wijzer.web.context_processors.navigation",
                "wijzer.accounts.context_processors.account",
            ],
            "builtins": ["wijzer.core.templatetags.dutch"],  # |datum, |datum_tijd: one Dutch date style (W5.3)
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wijzer.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
            "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "wijzer.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts, roles and security baseline (W2). See docs/architecture.md "Accounts en rechten".
# A federated login (Entree Federatie via SAML or OIDC) is added as one more backend after ModelBackend;
# django-axes must stay first so it can refuse locked-out attempts before any backend runs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wijzer.accounts.throttle.NetworkThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = 8 * 60 * 60
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
CSRF_FAILURE_VIEW = "wijzer.web.views.csrf_failure"
WIJZER_INVITATION_DAYS = 7

# Abuse limits (W5.1 §6; docs/architecture.md "Inloggen"). The client address is REMOTE_ADDR, or, when that is
# one of these proxies (comma-separated IPs/CIDRs), the right-most X-Forwarded-For address that is not a proxy.
WIJZER_TRUSTED_PROXIES = env_networks("WIJZER_TRUSTED_PROXIES")
# An account is locked for the network (/24 or /48) the failures come from, so its owner can still log in from
# elsewhere: 5 failures in 15 minutes for (account, network).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "wijzer.accounts.throttle.axes_client_network"
# Password spraying: 30 failed logins in 15 minutes from one network, over all accounts, block that network for
# 15 minutes. A school shares one address, but attempts on an account axes has locked do not count (one person's
# typos add at most 4), so it takes eight or more colleagues failing repeatedly within a quarter of an hour.
WIJZER_LOGIN_NETWORK_FAILURE_LIMIT = 30
WIJZER_LOGIN_NETWORK_WINDOW = timedelta(minutes=15)
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in Wijzer's own audit log
AXES_LOCKOUT_CALLABLE = "wijzer.accounts.views.locked_out"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Wijzer"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

EMAIL_BACKEND = env_str("WIJZER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env_str("WIJZER_FROM_EMAIL", "Wijzer <noreply@wijzer.example.nl>")

LANGUAGE_CODE = "nl"
# Dutch only until an English translation of Wijzer's own texts exists: with "en" listed, a browser asking for
# English got Django's English messages and number formats (0.5) inside Dutch pages.
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "wijzer" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

WIJZER_SLO_DIR = DATA_DIR / "slo"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}
UPLOAD_DIR = VAR_DIR / "uploads"
# Uploaded catalogue files larger than this are refused in the browser (use `wijzer ingest` instead).
WIJZER_MAX_UPLOAD_BYTES = 200 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024  # API pushes of catalogue pages (W3); larger: harvest or CLI
