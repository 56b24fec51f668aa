"""Small template helpers; none of them touches the database."""

from django import template
from django.conf import settings

from articles.metadata import iso

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
