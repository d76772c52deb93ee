"""Minimal Django settings for the DRF live fixture: no database, no admin, no sessions."""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "live-test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "rest_framework",
    "drf_spectacular",
    "echoapi",
]
# CommonMiddleware enforces ALLOWED_HOSTS on every request and sets Content-Length
# (so waitress keeps connections alive instead of chunking and closing).
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "drf_live.urls"
WSGI_APPLICATION = "drf_live.wsgi.application"

# No models, so no database and no migrate step.
DATABASES = {}

# Aware datetimes: inputs with an offset are converted to UTC, naive inputs are
# taken as UTC, and DRF renders UTC as "...Z".
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Authentication is opted into per view; everything else is anonymous.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # django.contrib.auth is not installed, so there is no AnonymousUser.
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Default (True): DecimalField renders as a JSON string, and drf-spectacular
    # documents it as {"type": "string", "format": "decimal"}.
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "DRF live echo API",
    "DESCRIPTION": "Every operation echoes what it received, for round-trip tests of generated clients.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.0.3",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}},
}
