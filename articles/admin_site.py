"""The admin site of the newsroom and the registry of its home page's panels.

The admin's home page is the editor's dashboard: a list of panels, each made by a
callable ``panel(request) -> Panel | None`` registered with ``register(order)`` (None
hides it: nothing for this user). The newsroom's own panels are in
``articles.admin.dashboard``, which re-exports this API for other rooms.

This module imports no ``admin`` module: Django imports it (``NewsroomAdminConfig``)
while the admin modules are being registered on the site it defines.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.urls import path, reverse


@dataclass(frozen=True)
class Row:
    """One line of a panel: ``label`` linking to ``url`` (may be ""), and ``detail`` (a
    short text after it: a time, a count, a status)."""

    label: str
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Panel:
    """What a panel shows: a ``title``, its ``rows`` (or ``empty`` when there are none),
    ``more_url`` to the full list in the admin, and ``figure``: HTML made safe by the
    panel (a chart), shown above the rows."""

    title: str
    rows: list = field(default_factory=list)
    empty: str = "Nothing here."
    more_url: str = ""
    figure: str = ""
    key: str = ""


_panels = []


def register(order):
    """Decorator: add a panel callable to the dashboard at ``order`` (see the constants)."""

    def add(func):
        _panels.append((order, func))
        _panels.sort(key=lambda entry: entry[0])
        return func

    return add


def unregister(func):
    """Take a panel callable off the dashboard (tests; a room replacing a panel)."""
    _panels[:] = [entry for entry in _panels if entry[1] is not func]


def panels_for(request):
    """The panels ``request.user`` sees, in order: [Panel]."""
    shown = []
    for _, func in list(_panels):
        panel = func(request)
        if panel is not None:
            shown.append(panel if panel.key else Panel(**{**panel.__dict__, "key": func.__name__}))
    return shown


@dataclass(frozen=True)
class Screen:
    """An admin screen that is no model's list (the front page): its views, each
    ``(route, view, url name)`` under ``/admin/<app_label>/`` (wrapped in ``admin_view``:
    staff login), and its entry ``name`` in the admin menu of ``app_label``, linking to
    the first view, for users ``allowed(request)`` says may use it. The views check
    permissions themselves."""

    app_label: str
    name: str
    views: tuple
    allowed: object


_screens = []


def register_screen(screen):
    """Add ``screen`` (``Screen``) to the admin: its URLs and its menu entry."""
    _screens.append(screen)


class NewsroomAdminSite(admin.AdminSite):
    """The admin, whose home page is the editor's dashboard (``admin/dashboard.html``),
    with the screens registered by ``register_screen`` in its URLs and its menu."""

    index_template = "admin/dashboard.html"

    def get_urls(self):
        screens = [
            path(f"{screen.app_label}/{route}", self.admin_view(view), name=name)
            for screen in _screens
            for route, view, name in screen.views
        ]
        return screens + super().get_urls()

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for screen in _screens:
            app = next((a for a in apps if a["app_label"] == screen.app_label), None)
            if app is None or not screen.allowed(request):
                continue
            url = reverse(f"{self.name}:{screen.views[0][2]}")
            entry = {"name": screen.name, "object_name": screen.name.replace(" ", ""), "admin_url": url}
            app["models"].append({**entry, "add_url": None, "view_only": False, "perms": {"change": True}})
            app["models"].sort(key=lambda m: m["name"])
        return apps

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "panels": panels_for(request)}
        return super().index(request, extra_context)
