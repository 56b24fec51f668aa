"""Small template helpers; none of them touches the database."""

import re

from django import template
from django.conf import settings

from articles import text_policy
from public.metadata import iso

register = template.Library()

# Settings templates may read (never secrets).
PUBLIC_SETTINGS = {"SITE_NAME", "SITE_LANGUAGE", "SITE_URL", "SITE_TAGLINE"}


@register.filter
def w3c(value):
    """A date-time as W3C / ISO 8601 with the site's time zone offset."""
    return iso(value)


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
