"""unionhub settings: one module, configured by environment variables.

SECRET_KEY    required to serve when DEBUG is off (manage.py tasks get a throwaway key)
DEBUG         "1" to turn on (default off)
ALLOWED_HOSTS comma separated (default: localhost names)
DATABASE_URL  default: SQLite file db.sqlite3 in the project; postgres:// works
HTTPS         "1" behind an HTTPS proxy: secure cookies, SSL redirect, HSTS
MEDIA_ROOT    where uploads live (default: ./media)
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def _is_offline_command():
    """True for `manage.py <command>` other than the development server."""
    argv = sys.argv
    return (
        len(argv) > 1
        and os.path.basename(argv[0]) in {"manage.py", "django-admin"}
        and argv[1] not in {"runserver", "testserver", "runserver_plus"}
    )


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or os.environ.get("UNIONHUB_TESTING"):
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
    elif _is_offline_command():
        # A command-line task (migrate, makemigrations, backup …) signs nothing a browser keeps,
        # so a throwaway key is safe there. The "django-insecure-" prefix makes
        # `check --deploy` fail on it, and serving (gunicorn, runserver) still refuses below.
        SECRET_KEY = "django-insecure-" + get_random_secret_key()
    else:
        raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY 环境变量（或设置 DEBUG=1 用于开发）。")

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h.strip()
]

INSTALLED_APPS = [
    "unionhub",
    "members",
    "congress",
    "welfare",
    "activities",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap 5 CSS/JS from PyPI, no CDN
    "axes",  # login throttling (unionhub/security.py)
    "auditlog",  # audit trail of the models in unionhub/audit.py
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "unionhub.middleware.RejectNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",  # records request.user as the actor of each change
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "unionhub.middleware.ForcePasswordChangeMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the Chinese lockout page
]

ROOT_URLCONF = "unionhub.urls"

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
                "unionhub.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "unionhub.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # a database that is down answers within seconds with the 503 page (unionhub/errors.py)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

AUTH_USER_MODEL = "unionhub.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The first backend refuses locked-out accounts (django-axes); the second checks the password.
AUTHENTICATION_BACKENDS = [
    "unionhub.security.LoginThrottleBackend",
    "unionhub.auth.UserBackend",
]

# Login throttling: 5 wrong passwords for one 工号 lock it (per 工号, not per IP: a whole school
# sits behind one NAT address). The lock lifts after AXES_COOLOFF_MINUTES (0 = only an officer
# can lift it, at 登录锁定 /accounts/lockouts/) and is reset by a successful login.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
_cooloff_minutes = int(os.environ.get("AXES_COOLOFF_MINUTES", "30"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=_cooloff_minutes) if _cooloff_minutes else None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "unionhub.security.lockout_response"
AXES_VERBOSE = False
# axes.W006 wants the IP in the lock key; here that would lock the whole school (one NAT address)
# after five typos by anyone. Locking by 工号 cannot be bypassed by rotating cookies or agents.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

AUTH_PASSWORD_VALIDATORS = [  # Django's validators with Chinese messages (unionhub/password_validation.py)
    {
        "NAME": "unionhub.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "name", "email")},
    },
    {"NAME": "unionhub.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "unionhub.password_validation.CommonPasswordValidator"},
    {"NAME": "unionhub.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Only Chinese: LocaleMiddleware must not switch to English for a browser that asks for it
# (Django's own messages, e.g. the password validators', come from its zh-hans translation).
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if os.environ.get("UNIONHUB_TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are never served from MEDIA_URL directly: views check permissions and stream them.
MEDIA_URL = "/private-media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Pages show ID numbers, health and income, often on shared office computers: log out after two
# hours without a request, and when the browser is closed (the cookie has no expiry of its own).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True  # expiry counts from the last request (inactivity)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if env_bool("HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h not in {"testserver"}]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "unionhub@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))

UNIONHUB_BRANCH_NAME = os.environ.get("UNIONHUB_BRANCH_NAME", "示范学校工会委员会")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# whitenoise finds static files through the finders when the collected folder is absent (dev, tests)
WHITENOISE_USE_FINDERS = DEBUG or bool(os.environ.get("UNIONHUB_TESTING"))
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
