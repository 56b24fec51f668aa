import re

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from articles import editions


def favicon(request):
    """``/favicon.ico``, which browsers, feed readers and crawlers ask for whatever a
    page links: 301 to the hashed static icon (kept a year by browsers and CDNs)."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("favicon.ico", favicon),
    # set_language: the admin's language menu posts here (newsroom.language).
    path("i18n/", include("django.conf.urls.i18n")),
]


def serve_media(request, path):
    """Uploaded media from MEDIA_ROOT, read per request (tests and tools change it)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))), serve_media)]
# The public site once per edition (articles.editions): each other edition under its
# prefix and its own instance namespace of the "public" application, before the default
# edition's unprefixed map, whose catch-all section pattern would otherwise take "/ar/…".
# "/ar" without its slash is the Arabic home (301), not a section of the default edition
# (APPEND_SLASH never runs: the catch-all pattern matches "/ar").
for edition in editions.all_editions():
    if not edition.is_default:
        urlpatterns += [
            path(
                edition.prefix,
                RedirectView.as_view(pattern_name=f"{edition.namespace}:home", permanent=True, query_string=True),
            ),
            path(f"{edition.prefix}/", include("public.urls", namespace=edition.namespace)),
        ]
urlpatterns += [path("", include("public.urls"))]

# Error pages in the site's layout; the 500 page renders without the database.
handler404 = "public.views.page_not_found"
handler500 = "public.views.server_error"
