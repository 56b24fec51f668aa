"""Small template helpers; none of them touches the database."""

import re

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils.translation import get_language_info, pgettext_lazy

from articles import text_policy
from public import fragments
from public.metadata import iso

register = template.Library()

# Settings templates may read (never secrets).
PUBLIC_SETTINGS = {"SITE_NAME", "SITE_LANGUAGE", "SITE_URL", "SITE_TAGLINE"}


@register.filter
def w3c(value):
    """A date-time as W3C / ISO 8601 with the site's time zone offset."""
    return iso(value)


# How pages show a time, per kind, in the active language: Django date-format strings
# (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date), themselves
# translated, so each catalogue says how its readers write dates: "14 Sep 2021 09:39"
# (the seed page's), "14 سبتمبر 2021 09:39", "14 sept. 2021 09:39". Month names come
# from Django's own catalogues.
DATE_FORMATS = {
    "date": pgettext_lazy("date format (Django date filter): day month year", "j M Y"),
    "datetime": pgettext_lazy("date format (Django date filter): day month year time", "j M Y H:i"),
    "daytime": pgettext_lazy("date format (Django date filter): day month time", "j M H:i"),
    "time": pgettext_lazy("date format (Django date filter): time of day", "H:i"),
}


@register.filter(expects_localtime=True, is_safe=False)
def newsdate(value, kind="date"):
    """``value`` (a date or an aware date-time, shown in the site's time zone) written
    the way the active language writes a ``kind`` of time: "date", "datetime",
    "daytime" (no year) or "time". An unknown kind is a template error."""
    if kind not in DATE_FORMATS:
        raise template.TemplateSyntaxError(f"newsdate: unknown kind {kind!r}, not one of {', '.join(DATE_FORMATS)}")
    return date_filter(value, str(DATE_FORMATS[kind]))


@register.filter
def language_direction(code):
    """ "rtl" or "ltr": the writing direction of the language ``code`` ("ar", "es-mx"),
    from Django's language table; "auto" (the browser decides) for one it does not know."""
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "auto"


@register.simple_tag
def setting(name):
    if name not in PUBLIC_SETTINGS:
        raise template.TemplateSyntaxError(f"{name} is not a public setting")
    return getattr(settings, name)


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = {"br", "img", "hr", "wbr", "source", "input"}


@register.filter
def reader_html(html):
    """HTML that was not cleaned when stored (flatpages), cleaned by the text policy."""
    return text_policy.reader_html(html)


@register.filter
def stored_html(html):
    """HTML the models clean on every save (live updates), as it is stored."""
    return text_policy.stored_html(html)


@register.filter(is_safe=True)
def outline_headings(html, top):
    """``text_policy.outline_headings`` where the HTML is shown: under a live update's
    title, or a flatpage's <h1>. Safe in, safe out (only tag names change)."""
    return text_policy.outline_headings(html, int(top))


@register.filter
def split_after_paragraphs(body, count):
    """The (already sanitised, well-formed) body cut in two after its ``count``-th
    top-level paragraph, so the "Related News" box sits inside the story as on the
    seed page, never inside a quote or a list. Fewer paragraphs: everything first."""
    body, depth, seen = body or "", 0, 0
    for match in _TAG.finditer(body):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if closing and depth == 0 and name == "p":
            seen += 1
            if seen == int(count):
                cut = match.end()
                return [text_policy.stored_html(body[:cut]), text_policy.stored_html(body[cut:])]
    return [text_policy.stored_html(body), ""]


@register.simple_tag
def card(article, **options):
    """``_card.html`` for ``article`` with ``options`` (size, eager, priority,
    show_standfirst, show_byline, level), cached per article version
    (``public.fragments.card_html``)."""
    return fragments.card_html(article, options)


@register.simple_tag(takes_context=True)
def chrome(context, name):
    """The header or footer template ``name`` in the page's context, cached per edition
    (``public.fragments.chrome_html``)."""
    return fragments.chrome_html(context, name)


@register.tag
def fragment(parser, token):
    """``{% fragment "name" parts %}...{% endfragment %}``: the enclosed block, cached by
    ``public.fragments.block`` under ``name``, the keys the page has shown and ``parts``
    (a tuple from the context); rendered in place when ``parts`` is None or not set
    (a view that did not opt in)."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError('{% fragment "name" parts %} takes two arguments')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        parts = self.parts.resolve(context, ignore_failures=True)  # None when the view set none
        if parts is None or parts == "":
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        return fragments.block((name, *parts), lambda: self.nodelist.render(context))
