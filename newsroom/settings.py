"""Settings for the newsroom CMS, all driven by environment variables.

The embedded default (no variables set) is a development site on SQLite with a cache
shared by every process on the machine (``var/cache``, or ``CACHE_DIR``). Production is
switched on with ``NEWSROOM_ENV=production``; it refuses to start without a real
``SECRET_KEY`` and turns on every HTTPS protection.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf.global_settings import LANGUAGES_BIDI
from django.core.exceptions import ImproperlyConfigured
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.env import env_bool, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent


def gettext_noop(message):
    """Marks ``message`` for the catalogues (makemessages) and returns it untouched; the
    page translates it where it is shown. Not Django's own: that reads settings, which
    here are still being made (a half-made settings module would be used)."""
    return message


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
    # django.contrib.admin, with the dashboard as its home page.
    "articles.apps.NewsroomAdminConfig",
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
    "axes",
    "articles",
    "public",
    "ingest",
    "ninja",
    "django_ratelimit",
    "api",
    "demo",
]

# Order matters twice over. Oversized bodies are refused before anything reads them,
# and the view beacon is answered before the rest of the stack (it must stay cheaper
# than a page). Every middleware that adds a security header (HSTS, nosniff,
# X-Frame-Options, Content-Security-Policy) comes before CachedPageMiddleware, whose
# cache hits skip everything below it.
CSP_ENABLED = env_bool("CSP_ENABLED", True)
MIDDLEWARE = [
    "newsroom.limits.RequestSizeLimitMiddleware",
    "newsroom.health.HealthCheckMiddleware",
    "public.readcount.BeaconMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Errors under /api/ are problem details, also where no API operation answers.
    "api.http.ProblemDetailsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    *(["newsroom.csp.CSPMiddleware"] if CSP_ENABLED else []),
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A hit is answered here, in the language of its path's edition (Content-Language),
    # without activating that language and time zone: it renders nothing.
    "public.caching.CachedPageMiddleware",
    # The interface language (the admin's is the editor's).
    "newsroom.language.LanguageMiddleware",
    # The edition of the URL's prefix, its language and time zone (articles.editions).
    "public.editions.EditionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Our redirects table (articles.Redirect), answered on a 404 with the query string kept.
    "public.redirects.RedirectFallbackMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
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
        # Persistent connections per worker (thread), checked before reuse, on both
        # databases: SQLite too, where opening one and running its pragmas cost 0.58 ms
        # of every request (issue 13). The pragmas below run once per new connection.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock when a
    # transaction starts, so two writers queue instead of deadlocking on an upgrade (which
    # SQLite answers at once with "database is locked", whatever the timeout); "timeout"
    # is how long a writer waits in that queue (an import's chunk of 200 articles holds
    # the lock for seconds) before the error, which was 5 s. (Django docs, "SQLite notes".)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 30),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    # Shared by every process on the machine (workers, commands, the shell): an edit made
    # anywhere reaches every worker's readers at once. (newsroom/sharedcache.py)
    CACHES = {
        "default": {
            "BACKEND": "newsroom.sharedcache.SharedDiskCache",
            "LOCATION": env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "SHARDS": 8,
            # How long a write waits for a shard's lock before retrying (seconds).
            "DATABASE_TIMEOUT": 0.1,
            "OPTIONS": {"size_limit": env_int("CACHE_SIZE_MB", 512) * 2**20},
        }
    }
# Hosts sharing one cache compare wall clocks (public.caching._changed_since): the
# largest difference left between their clocks, in milliseconds (0 on one machine).
CACHE_CLOCK_MARGIN_MS = env_int("CACHE_CLOCK_MARGIN_MS", 0)
# The API's rate limit (django-ratelimit) counts in this cache. Django's own RedisCache
# increments atomically (INCRBY) though django-ratelimit lists only django-redis as
# supported (W001). Without Redis it is the shared disk cache, whose increments are
# atomic too (an SQLite transaction) though its check knows only Django's backends (E003).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + ([] if REDIS_URL else ["django_ratelimit.E003"])
# Page caching can be switched off to measure the dynamic path (bench/http).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# The article form: its autosave (while someone types) and presence heartbeat, in
# seconds. A heartbeat must come well within articles.models.editing.PRESENCE_TTL (60 s).
AUTOSAVE_SECONDS = env_int("AUTOSAVE_SECONDS", 30)
PRESENCE_HEARTBEAT_SECONDS = env_int("PRESENCE_HEARTBEAT_SECONDS", 25)
# Search ranks by relevance within this many of the newest matches (bounded cost).
SEARCH_WINDOW = env_int("SEARCH_WINDOW", 500)
# Fragments shown on every page (menus, ticker, Most Read), cached on their own.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)
# A running live blog: its page is kept at most this long (a new update also drops it
# at once), and its updates fragment, which readers' pages poll, this long by CDNs.
LIVE_PAGE_SECONDS = env_int("LIVE_PAGE_SECONDS", 15)
LIVE_FRAGMENT_SECONDS = env_int("LIVE_FRAGMENT_SECONDS", 5)
# How often an open live page asks for new updates at first (it backs off from there).
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 15)
# How often the live desk re-reads its list of updates (what other reporters posted).
DESK_REFRESH_SECONDS = env_int("DESK_REFRESH_SECONDS", 10)
# The breaking ticker looks after itself: a line typed without an end time leaves the
# ticker BREAKING_LIFETIME_HOURS after it started, and the ticker shows at most
# BREAKING_TICKER_MAX lines (the newest; /breaking lists them all).
BREAKING_LIFETIME_HOURS = env_int("BREAKING_LIFETIME_HOURS", 6)
BREAKING_TICKER_MAX = env_int("BREAKING_TICKER_MAX", 6)
if BREAKING_LIFETIME_HOURS < 1 or BREAKING_TICKER_MAX < 1:
    raise ImproperlyConfigured("BREAKING_LIFETIME_HOURS and BREAKING_TICKER_MAX must be at least 1")

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username, or from one client address, that username or address is locked out of
# the login form for AXES_COOLOFF_MINUTES. Unlock early with `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "newsroom.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "newsroom.lockout.lockout_response"
# Failed attempts are recorded, successful logins are not logged again by axes
# (the audit trail of editorial actions lives in the admin log).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Interface languages (issue 14). Public pages speak their edition's language
# (EDITIONS below; the default edition's pages speak SITE_LANGUAGE's catalogue for its
# interface): never the reader's Accept-Language, because a page is cached by its URL.
# The admin speaks each editor's language (newsroom.language). Django ships the admin's
# ar/es catalogues; ours are in locale/, compiled by `make install`.
LANGUAGES = [("en", "English"), ("ar", "Arabic"), ("es", "Spanish")]
LANGUAGE_CODE = env_str("SITE_LANGUAGE", "en")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"SITE_LANGUAGE must be one of {', '.join(dict(LANGUAGES))}, not {LANGUAGE_CODE!r}")
LOCALE_PATHS = [BASE_DIR / "locale"]
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

# Uploads: images are capped at 20 MB by the validator. A request body larger than
# REQUEST_MAX_BYTES is refused with 413 from its Content-Length, before it is read
# (newsroom.limits); form fields other than files may total DATA_UPLOAD_MAX_MEMORY_SIZE.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SITE_ID = 1
LOGIN_URL = "admin:login"

# What the public pages say about the site.
SITE_NAME = env_str("SITE_NAME", "Al Mayadeen English")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Marked for translation (the footer shows it in the page's language).
SITE_TAGLINE = gettext_noop("Al Mayadeen is an Arab Independent Media Satellite Channel.")
SITE_LANGUAGE = LANGUAGE_CODE
# Editions (articles.editions): one installation, several languages. The default
# edition is served without a URL prefix (the English site's URLs never change); each
# other edition under its prefix, with its own sections, regions, ticker, home, feeds,
# sitemaps and search. Its language is activated for its pages, its time zone is the
# wall clock of its dates; site_name/tagline are what its pages, feeds and JSON-LD say.
DEFAULT_EDITION = "en"
EDITIONS = {
    "en": {
        "name": "English",
        "label": "En",
        # SITE_LANGUAGE: an installation whose default edition speaks another language.
        "language": LANGUAGE_CODE,
        "direction": "rtl" if LANGUAGE_CODE in LANGUAGES_BIDI else "ltr",
        "prefix": "",
        "time_zone": TIME_ZONE,
        "site_name": SITE_NAME,
        "tagline": SITE_TAGLINE,
        "locale": "en_US",
        "logo": "img/publisher-logo.png",
    },
    "ar": {
        "name": "العربية",
        "label": "Ar",
        "language": "ar",
        "direction": "rtl",
        "prefix": env_str("EDITION_AR_PREFIX", "ar"),
        "time_zone": env_str("EDITION_AR_TIME_ZONE", TIME_ZONE),
        "site_name": env_str("EDITION_AR_SITE_NAME", "الميادين"),
        "tagline": "الميادين قناة فضائية إعلامية عربية مستقلة.",
        "locale": "ar_AR",
        "logo": "img/publisher-logo.png",
        "wordmark": "img/logo-ar.svg",
        "wordmark_light": "img/logo-ar-light.svg",
    },
    "es": {
        "name": "Español",
        "label": "Es",
        "language": "es",
        "direction": "ltr",
        "prefix": env_str("EDITION_ES_PREFIX", "es"),
        "time_zone": env_str("EDITION_ES_TIME_ZONE", TIME_ZONE),
        "site_name": env_str("EDITION_ES_SITE_NAME", "Al Mayadeen Español"),
        "tagline": "Al Mayadeen es un canal satelital de medios árabe e independiente.",
        "locale": "es_LA",
        "logo": "img/publisher-logo.png",
        "wordmark": "img/logo-es.svg",
        "wordmark_light": "img/logo-es-light.svg",
    },
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
# Animated images (GIF, WebP, APNG): frames × width × height, and frames alone.
IMAGE_MAX_ANIMATION_PIXELS = env_int("IMAGE_MAX_ANIMATION_PIXELS", 100_000_000)
IMAGE_MAX_FRAMES = env_int("IMAGE_MAX_FRAMES", 1000)
RENDITION_WIDTHS = (480, 800, 1200)
# The whole picture, uncropped (infographs): wider, so that their small print stays legible.
RENDITION_UNCROPPED_WIDTHS = (480, 800, 1200, 1600)

# Wire intake (ingest_feeds): one feed's fetch gives up after WIRE_FETCH_TIMEOUT
# seconds in all (connect, headers and body) and refuses a body over WIRE_MAX_BYTES, so
# a slow or endless agency server costs one feed's error, never the whole run.
WIRE_FETCH_TIMEOUT = env_int("WIRE_FETCH_TIMEOUT", 20)
WIRE_MAX_BYTES = env_int("WIRE_MAX_BYTES", 5 * 1024 * 1024)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", PRODUCTION) else None
# The reverse proxies (CIDRs) whose X-Forwarded-For entries are believed; the client
# is the first address from the right that is not one of them (newsroom.clientip).
# Empty: the header is ignored and the connection's address is the client.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", [])

# The CDN in front (public.cdn, docs/deploy.md): after each change commits, the
# surrogate keys it touched are purged at every CDN_PURGE_URL, as CDN_PURGE_STYLE says
# (xkey: Varnish, fastly, cloudflare; CDN_PURGE_TOKEN is the API token of the last
# two). None configured: nothing is purged. A failed purge is tried again after
# CDN_PURGE_RETRY_SECONDS, doubled each time, CDN_PURGE_ATTEMPTS times in all.
CDN_PURGE_URL = env_list("CDN_PURGE_URL", [])
CDN_PURGE_STYLE = env_str("CDN_PURGE_STYLE", "xkey")
if CDN_PURGE_STYLE not in {"xkey", "fastly", "cloudflare"}:
    raise ImproperlyConfigured(f"CDN_PURGE_STYLE must be xkey, fastly or cloudflare, not {CDN_PURGE_STYLE!r}")
CDN_PURGE_TOKEN = env_str("CDN_PURGE_TOKEN", "")
CDN_PURGE_ATTEMPTS = env_int("CDN_PURGE_ATTEMPTS", 6)
CDN_PURGE_RETRY_SECONDS = env_int("CDN_PURGE_RETRY_SECONDS", 1)
CDN_PURGE_TIMEOUT = env_int("CDN_PURGE_TIMEOUT", 5)
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


def _origin(url):
    """``https://media.example.com`` of an absolute URL; None for a path like /media/."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Images an article body may show: our own site and media, plus these hosts (exact
# names; articles.text_policy drops any other <img>). The CSP's img-src says the same.
BODY_IMAGE_HOSTS = env_list("BODY_IMAGE_HOSTS", [])
# Where uploaded media is served from when that is not this site (S3, a CDN).
MEDIA_ORIGINS = [o for o in [_origin(MEDIA_URL)] if o]
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_ORIGINS.append(
        f"https://{AWS_S3_CUSTOM_DOMAIN}"
        if AWS_S3_CUSTOM_DOMAIN
        else _origin(AWS_S3_ENDPOINT_URL or "") or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    )
# Content-Security-Policy (django-csp) on every page, public and admin. Public pages
# have no inline script, so no nonce: a page served from the page cache carries
# exactly the policy it was rendered under. The one inline script, the admin body
# editor's import map, gets the request's nonce (NONCE is dropped when no page
# asked for one). Videos: the embeds public.views.article makes.
# The body editor (django-prose-editor's Tiptap) injects one constant <style> element,
# ProseMirror's base CSS; this hash admits exactly that text and no other inline style.
# A release with other CSS shows up in tests/browser/test_content_security_policy.py.
PROSE_EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
# The body editor's own extensions (an ES module beside django-prose-editor's): the
# embed node. Its HTML is the text policy's business (articles.text_policy), so no
# sanitiser processor is given here beyond naming the tags it writes.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("admin-extra/editor-embeds.js")],
        "extensions": {"Embed": html_tags(["figure", "a"], {"figure": ["data-embed"], "a": ["href"]})},
    }
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, PROSE_EDITOR_STYLE_HASH],
        "img-src": [SELF, *MEDIA_ORIGINS, *BODY_IMAGE_HOSTS],
        # An editor's video URL may be any https .mp4 (public.views.article.video_embed).
        "media-src": [SELF, "https:", *MEDIA_ORIGINS],
        # Videos, and the body's embeds once a reader asks for one (articles.embeds.FRAME_ORIGINS).
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://platform.twitter.com",
            "https://t.me",
        ],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"report-uri": [env_str("CSP_REPORT_URI")]} if env_str("CSP_REPORT_URI") else {}),
    }
}

# The view beacon (public.readcount): a page's token is valid for 1–2 windows of
# BEACON_TOKEN_WINDOW seconds; a client may send BEACON_RATE_LIMIT beacons a minute;
# counts reach the database at most every BEACON_FLUSH_SECONDS per worker.
BEACON_TOKEN_WINDOW = env_int("BEACON_TOKEN_WINDOW", 3600)
BEACON_RATE_LIMIT = env_int("BEACON_RATE_LIMIT", 60)
BEACON_FLUSH_SECONDS = env_int("BEACON_FLUSH_SECONDS", 10)
# Most Read is ranked off the request path (articles.models.MostRead): by a flush of the
# read counters when the stored ranking is older than this, and by `manage.py
# refresh_most_read` (run it from a timer as often, so a quiet site's ranking moves too).
MOST_READ_REFRESH_SECONDS = env_int("MOST_READ_REFRESH_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

TAGGIT_CASE_INSENSITIVE = True

# The content API (api/): requests a client may make, anonymous (counted per address,
# an IPv6 /64 as one) or with a partner key (counted per key); "N/s|m|h|d" (django-ninja).
API_RATE_ANON = env_str("API_RATE_ANON", "120/m")
API_RATE_KEY = env_str("API_RATE_KEY", "1200/m")
# Webhooks: an attempt waits at most WEBHOOK_TIMEOUT seconds; a failed delivery is
# retried WEBHOOK_MAX_ATTEMPTS times in all, the n-th retry after
# WEBHOOK_RETRY_BASE_SECONDS * 4**(n-1) seconds (30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h).
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 5)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 7)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30)
# The first attempt is made by a thread of the process that committed the change; off,
# only `manage.py deliver_webhooks` delivers.
WEBHOOK_DELIVER_IN_PROCESS = env_bool("WEBHOOK_DELIVER_IN_PROCESS", True)
