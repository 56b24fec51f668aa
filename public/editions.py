"""The request's edition (``articles.editions``): chosen from the URL prefix, with its
language and time zone active while the request is served."""

from django.conf import settings

from articles import editions

# Paths outside the public site: the admin and the API keep their own language
# (the editor's) and reverse public URLs explicitly by an article's edition.
NOT_PUBLIC = ("/admin/", "/api/")


class EditionMiddleware:
    """Sets ``request.edition`` (an ``articles.editions.Edition``) from the path's
    prefix; on public pages also ``request.current_app`` (the edition's namespace, so
    ``{% url 'public:…' %}`` stays in the edition) and activates the edition's language
    and time zone for the request, answering with its ``Content-Language``.

    Placed after ``CachedPageMiddleware``, which answers a hit in its path's edition
    (``articles.editions.selected``: its ticker block's key) without activating its
    language: a hit renders nothing. Everything rendered below runs in the edition.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        edition = editions.from_path(request.path_info)
        request.edition = edition
        if request.path_info.startswith(NOT_PUBLIC) or request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        request.current_app = edition.namespace
        request.LANGUAGE_CODE = edition.language
        token = editions.activate(edition)
        try:
            response = self.get_response(request)
        finally:
            editions.deactivate(token)
        response.headers.setdefault("Content-Language", edition.language)
        return response
