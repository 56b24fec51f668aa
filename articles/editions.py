"""Editions: one installation publishing in several languages (English, Arabic, Spanish).

An edition is configured in ``settings.EDITIONS`` ({code: options}; see ``Edition`` for
the options) with ``settings.DEFAULT_EDITION`` naming the one served without a URL
prefix: the English site keeps every URL it had. Every other edition lives under its
own prefix (``/ar/``, ``/es/``): one host, one certificate, one cache, and a CDN that
needs no per-host rules. (A host per edition was considered; a prefix needs nothing
from DNS or the proxy and is what Google documents for language versions alike.)

Content belongs to one edition: ``Article``, ``Section`` (a tree per edition),
``Region`` (a region bar per edition) and ``BreakingItem`` (a ticker per edition) carry
an ``edition`` code. Authors and tags are shared: a correspondent writes for several
editions, and a tag page lists the tag's stories of the edition it is asked in.

The public URL map is included once per edition under an instance namespace of the
``public`` application (``namespace(edition)``): ``{% url 'public:home' %}`` in a page
of the Arabic edition gives ``/ar/`` because ``EditionMiddleware`` sets
``request.current_app``; Python code reverses with ``reverse()`` below, which takes the
edition explicitly or uses the active one (``current()``), as Django's own ``reverse``
uses the active language.

Activating an edition (``activate``/``override``, the middleware for a request)
activates its language (Django's translation machinery) and its time zone.
"""

import contextlib
import contextvars
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse as django_reverse
from django.utils import timezone, translation

# The application namespace of the public site (public/urls.py ``app_name``).
PUBLIC_APP = "public"


@dataclass(frozen=True)
class Edition:
    """One edition, as configured in ``settings.EDITIONS``.

    ``code``: short identifier stored on content ("en", "ar", "es"); ``name``: the
    edition's name in its own language ("العربية"), shown in menus; ``label``: the
    short header link ("Ar"); ``language``: a language code of ``settings.LANGUAGES``,
    activated for its pages and written as ``<html lang>``; ``direction``: "ltr" or
    "rtl"; ``prefix``: the URL prefix without slashes ("" for the default edition only);
    ``time_zone``: an IANA name, the edition's wall clock (dates on its pages);
    ``site_name`` / ``tagline``: the edition's own name and slogan (titles, feeds,
    publisher in JSON-LD, footer); ``locale``: the Open Graph locale ("ar_AR");
    ``logo``: a static file path, the publisher logo of its JSON-LD (a raster 60 px
    high, as Google asks); ``wordmark`` / ``wordmark_light``: static paths of the
    header's logo (on white) and the footer's (on black), in the edition's script.
    """

    code: str
    name: str
    label: str
    language: str
    direction: str
    prefix: str
    time_zone: str
    site_name: str
    tagline: str
    locale: str
    logo: str
    wordmark: str = "img/logo.svg"
    wordmark_light: str = "img/logo-light.svg"

    @property
    def is_default(self):
        return self.code == settings.DEFAULT_EDITION

    @property
    def is_rtl(self):
        return self.direction == "rtl"

    @property
    def namespace(self):
        """The instance namespace of the public URL map for this edition: the default
        edition is the application's default instance ("public")."""
        return PUBLIC_APP if self.is_default else f"{PUBLIC_APP}-{self.code}"

    def reverse(self, viewname, args=None, kwargs=None):
        """``django.urls.reverse`` of a ``public:`` view name in this edition (memoised
        per worker by ``articles.paths.public_path`` when given keyword arguments only)."""
        if args:
            return django_reverse(viewname, args=args, kwargs=kwargs, current_app=self.namespace)
        from articles.paths import public_path

        return public_path(viewname, current_app=self.namespace, **(kwargs or {}))

    def home_url(self):
        return self.reverse("public:home")

    def __str__(self):
        return self.name


_REQUIRED = ("name", "language", "prefix")


@cache
def _configured(editions_setting_id):
    """{code: Edition} from ``settings.EDITIONS``, checked once per distinct setting
    (the id keys the cache, so ``override_settings`` in tests is seen)."""
    editions = {}
    for code, options in settings.EDITIONS.items():
        missing = [k for k in _REQUIRED if k not in options]
        if missing:
            raise ImproperlyConfigured(f"EDITIONS[{code!r}] lacks {', '.join(missing)}")
        direction = options.get("direction", "ltr")
        if direction not in ("ltr", "rtl"):
            raise ImproperlyConfigured(f"EDITIONS[{code!r}]['direction'] must be 'ltr' or 'rtl'")
        prefix = options["prefix"].strip("/")
        if (code == settings.DEFAULT_EDITION) != (prefix == ""):
            raise ImproperlyConfigured("The default edition, and only it, has an empty URL prefix")
        editions[code] = Edition(
            code=code,
            name=options["name"],
            label=options.get("label", code.title()),
            language=options["language"],
            direction=direction,
            prefix=prefix,
            time_zone=options.get("time_zone", settings.TIME_ZONE),
            site_name=options.get("site_name", settings.SITE_NAME),
            tagline=options.get("tagline", settings.SITE_TAGLINE),
            locale=options.get("locale", options["language"]),
            logo=options.get("logo", "img/publisher-logo.png"),
            wordmark=options.get("wordmark", "img/logo.svg"),
            wordmark_light=options.get("wordmark_light", "img/logo-light.svg"),
        )
    if settings.DEFAULT_EDITION not in editions:
        raise ImproperlyConfigured(f"DEFAULT_EDITION {settings.DEFAULT_EDITION!r} is not in EDITIONS")
    return editions


def editions():
    """{code: Edition} of every configured edition, in settings order (default first
    when configured so)."""
    return _configured(id(settings.EDITIONS))


def all_editions():
    """Every edition, in settings order."""
    return list(editions().values())


def default():
    """The default edition (``settings.DEFAULT_EDITION``): served without a prefix."""
    return editions()[settings.DEFAULT_EDITION]


def get(code):
    """The edition of ``code``; ``LookupError`` for a code not configured."""
    try:
        return editions()[code]
    except KeyError:
        raise LookupError(f"No edition {code!r}; configured: {', '.join(editions())}") from None


def choices():
    """Model field choices: (code, name) of every edition. A callable, so migrations
    do not freeze the settings (Django 5 callable choices)."""
    return [(e.code, e.name) for e in all_editions()]


def validate_code(value):
    """Field validator: ``value`` is a configured edition code."""
    if value not in editions():
        raise ValidationError(f"“{value}” is not an edition (configured: {', '.join(editions())}).", code="edition")


def default_code():
    """The default edition's code: the default of every ``edition`` field."""
    return settings.DEFAULT_EDITION


def from_path(path):
    """The edition whose prefix ``path`` (a URL path, "/ar/news") starts with; the
    default edition for any other path."""
    first = path.lstrip("/").split("/", 1)[0]
    for edition in all_editions():
        if edition.prefix and edition.prefix == first:
            return edition
    return default()


# --- the active edition ------------------------------------------------------------

_active = contextvars.ContextVar("active_edition", default=None)


def current():
    """The active edition (set for a request by ``EditionMiddleware``, or by
    ``activate``/``override``); the default edition when none is."""
    return _active.get() or default()


def active():
    """The edition activated by ``activate``/``override`` (or the middleware), or None."""
    return _active.get()


def of_request(request):
    """The edition of ``request``: the one the middleware chose, else from its path."""
    return getattr(request, "edition", None) or from_path(request.path_info)


def activate(edition):
    """Make ``edition`` (an Edition or a code) the active one, with its language and
    time zone; returns a token for ``deactivate``."""
    if isinstance(edition, str):
        edition = get(edition)
    translation.activate(edition.language)
    timezone.activate(edition.time_zone)
    return _active.set(edition)


def deactivate(token):
    """Undo ``activate``: the previous edition, the default language and time zone."""
    _active.reset(token)
    translation.deactivate()
    timezone.deactivate()


@contextlib.contextmanager
def selected(edition):
    """``with selected(edition):`` ``current()`` is ``edition`` (an Edition) inside, for
    what is looked up by edition (cache keys, URL prefixes), without activating its
    language and time zone: for code that renders nothing (a page-cache hit)."""
    token = _active.set(edition)
    try:
        yield edition
    finally:
        _active.reset(token)


@contextlib.contextmanager
def override(edition):
    """``with override("ar"):`` code inside runs in that edition: its language, time
    zone and URL prefix (``reverse``); everything is restored afterwards."""
    if isinstance(edition, str):
        edition = get(edition)
    token = _active.set(edition)
    try:
        with translation.override(edition.language), timezone.override(edition.time_zone):
            yield edition
    finally:
        _active.reset(token)


def reverse(viewname, args=None, kwargs=None, edition=None):
    """``django.urls.reverse`` of a ``public:`` view in ``edition`` (an Edition or a
    code; default: the active one): ``reverse("public:home", edition="ar")`` is "/ar/"."""
    if isinstance(edition, str):
        edition = get(edition)
    return (edition or current()).reverse(viewname, args=args, kwargs=kwargs)


# --- who works in which edition ------------------------------------------------------

# The permission (on the Article content type) that admits a staff user to an
# edition's content in the admin: "articles.edition_ar". Created for every configured
# edition after each migrate (``ensure_permissions``), so a new edition needs none.
PERMISSION_PREFIX = "edition_"


def permission_codename(code):
    return f"{PERMISSION_PREFIX}{code}"


def user_editions(user):
    """The codes of the editions ``user`` works in, in settings order.

    The rule: a superuser works in every edition; so does a user holding no edition
    permission at all (a one-edition newsroom needs no setup, and existing logins keep
    what they had); a user (or her group) holding some ``articles.edition_<code>``
    permissions works in those editions only: an Arabic desk's editor is given
    "Works in the العربية edition" and sees, edits, publishes and creates Arabic content
    only."""
    codes = [e.code for e in all_editions()]
    if user.is_superuser:
        return codes
    held = [code for code in codes if user.has_perm(f"articles.{permission_codename(code)}")]
    return held or codes
