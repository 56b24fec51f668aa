"""Which language a request is answered in (issue 14: interface language).

- Public pages, feeds and the API: the site's language, ``settings.LANGUAGE_CODE``
  (``SITE_LANGUAGE``), or the one an inner middleware (the editions') activates. Never
  the reader's ``Accept-Language``: pages are cached by URL, and a page's language is
  its edition's, which its URL says.
- The admin: the editor's. The language picked in the admin's menu (Django's
  ``set_language`` view stores it in the ``django_language`` cookie), else the browser's
  ``Accept-Language``, else ``LANGUAGE_CODE``; so an editor whose browser asks for
  nothing else keeps the English admin. Django ships the admin's ar and es catalogues.

The language is activated for the request only and restored afterwards, so a thread
(a test client, a runserver thread) never carries one request's language into the next.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def is_admin_path(path):
    """Whether ``path`` (``request.path_info``) is under the admin site."""
    return path.startswith(_admin_prefix())


@functools.cache
def _admin_prefix():
    # The URLconf is fixed for the life of the process: reversed once, not on every
    # request (a page-cache hit runs this too), as path_info has it (no script prefix).
    return "/" + reverse("admin:index")[len(get_script_prefix()) :]


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = is_admin_path(request.path_info)
        language = translation.get_language_from_request(request, check_path=False) if admin else settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
            # What was spoken: an inner middleware (an edition) may have switched.
            response.headers.setdefault("Content-Language", translation.get_language())
        if admin:
            # The same admin URL answers in the language of the cookie or of the browser.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
