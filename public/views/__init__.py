"""Public pages: one module per kind of page, the queries in ``selectors``."""

from public.views.article import render_article, section_or_article
from public.views.beacon import view_beacon
from public.views.corrections import corrections
from public.views.live import live_fragment
from public.views.search import search, search_suggest
from public.views.site import (
    author,
    authors,
    breaking,
    flatpage,
    home,
    page_not_found,
    region,
    robots_txt,
    server_error,
    tag,
)

__all__ = [
    "author",
    "authors",
    "breaking",
    "corrections",
    "flatpage",
    "home",
    "live_fragment",
    "page_not_found",
    "region",
    "render_article",
    "robots_txt",
    "search",
    "search_suggest",
    "section_or_article",
    "server_error",
    "tag",
    "view_beacon",
]
