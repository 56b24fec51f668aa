"""Settings for the newsroom CMS, all driven by environment variables.

The embedded default (no variables set) is a development site on SQLite with a
local-memory cache. Production is switched on with ``NEWSROOM_ENV=production``; it
refuses to start without a real ``SECRET_KEY`` and turns on every HTTPS protection.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_str("NEWSROOM_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"NEWSROOM_ENV must be development, production or test, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

_INSECURE_KEY = "django-insecure-development-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _INSECURE_KEY)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _INSECURE_KEY or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters in production")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    # Kept for its migrations only (0002 depends on them): redirects now live in
    # articles.Redirect, which migration 0010 filled from this app's table.
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "django_filters",
    "reversion",
    "django_prose_editor",
    "articles",
    "public",
    "ingest",
    "demo",
]

MIDDLEWARE = [
    "newsroom.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "public.caching.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Our redirects table (articles.Redirect), answered on a 404 with the query string kept.
    "public.redirects.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "public.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections on a server database; SQLite opens cheaply.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers and one writer work at once; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Page caching can be switched off to measure the dynamic path (bench/http).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Search ranks by relevance within this many of the newest matches (bounded cost).
SEARCH_WINDOW = env_int("SEARCH_WINDOW", 500)
# Fragments shown on every page (menus, ticker, Most Read), cached on their own.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "Asia/Beirut")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve uploaded media from Django itself (the embedded default); in production a
# reverse proxy or object storage serves it instead.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)
# Media on S3-compatible storage (django-storages), switched on by a bucket name.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN", "") or None
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None

# Uploads: images are capped at 20 MB by the validator; reject larger bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SITE_ID = 1
LOGIN_URL = "admin:login"

# What the public pages say about the site.
SITE_NAME = env_str("SITE_NAME", "Al Mayadeen English")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_TAGLINE = "Al Mayadeen is an Arab Independent Media Satellite Channel."
SITE_LANGUAGE = env_str("SITE_LANGUAGE", "en")
EDITION_LINKS = {
    "Ar": env_str("EDITION_AR_URL", "https://www.almayadeen.net/"),
    "Es": env_str("EDITION_ES_URL", "https://espanol.almayadeen.net/"),
}
APP_LINKS = {
    "Android": env_str("APP_ANDROID_URL", "https://play.google.com/store/apps/details?id=net.almayadeen.english"),
    "iOS": env_str("APP_IOS_URL", "https://apps.apple.com/app/al-mayadeen-english/id0000000000"),
}
SOCIAL_LINKS = {
    "X": env_str("SOCIAL_X_URL", "https://x.com/MayadeenEnglish"),
    "Facebook": env_str("SOCIAL_FACEBOOK_URL", "https://www.facebook.com/AlMayadeenEnglish"),
    "Telegram": env_str("SOCIAL_TELEGRAM_URL", "https://t.me/AlMayadeenEnglish"),
    "YouTube": env_str("SOCIAL_YOUTUBE_URL", "https://www.youtube.com/@AlMayadeenEnglish"),
}

# Images (validated with Pillow on upload).
IMAGE_MAX_BYTES = 20 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (480, 800, 1200)
# The whole picture, uncropped (infographs): wider, so that their small print stays legible.
RENDITION_UNCROPPED_WIDTHS = (480, 800, 1200, 1600)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", PRODUCTION) else None
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

TAGGIT_CASE_INSENSITIVE = True
