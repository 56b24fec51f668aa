"""The front-page screen: the home page's slots as readers see them now, and the
editor's pins into them (``articles.frontpage``).

Listed in the admin menu as "Front page" (``admin_site.register_screen``) and on the
dashboard. The page is server-rendered; its script
(``admin-extra/frontpage.js``) moves stories by drag and drop or by keyboard (Move
up / Move down buttons, announced in a live region), adds stories found with the
search box, and sends the whole arrangement as one small POST: ``plan`` (JSON) and
``version`` (the edit-conflict check). Editors only (``frontpage.can_curate``).
"""

import json
from datetime import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from articles import editions, frontpage
from articles.admin import dashboard
from articles.admin_site import Screen, register_screen
from articles.localtime import NonexistentTime, local_wall_time, resolve
from articles.models import Article
from public import selectors

SEARCH_RESULTS = 10


def parse_plan(raw):
    """The POSTed ``plan`` → [``PlannedPin``]. ``raw`` is a JSON list of objects with
    ``slot`` (str), ``position`` (int, from 1), ``article`` (int) and ``expires`` (""
    or a local wall-clock time "YYYY-MM-DDTHH:MM" in the site's zone, as a
    datetime-local input gives it). Raises ``ValidationError`` with a reason."""
    try:
        rows = json.loads(raw or "[]")
    except ValueError as error:
        raise ValidationError("The arrangement sent is not readable (not JSON).") from error
    if not isinstance(rows, list) or len(rows) > 200:
        raise ValidationError("The arrangement sent is not a list of pins.")
    pins = []
    for row in rows:
        if not isinstance(row, dict):
            raise ValidationError("The arrangement sent is not a list of pins.")
        slot, position, article = row.get("slot"), row.get("position"), row.get("article")
        if not isinstance(slot, str) or type(position) is not int or type(article) is not int:
            raise ValidationError("Each pin needs a slot, a place and a story.")
        pins.append(frontpage.PlannedPin(slot, position, article, parse_expiry(row.get("expires") or "")))
    return pins


def parse_expiry(text):
    """A datetime-local value in the site's zone → an aware datetime (None for "")."""
    if not text:
        return None
    try:
        naive = datetime.fromisoformat(text)
    except ValueError as error:
        raise ValidationError(f"“{text}” is not a date and time.") from error
    try:
        return resolve(naive)
    except NonexistentTime as error:
        raise ValidationError(str(error.args[0])) from error


def expiry_input(moment):
    """``moment`` as a datetime-local input shows it (site's zone, minutes)."""
    return local_wall_time(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def story_row(article):
    """What the screen (and the search box) shows of a story: id, headline, section and
    publication time, its public URL and its admin form."""
    when = date_format(timezone.localtime(article.published_at), "d M H:i") if article.published_at else ""
    return {
        "id": article.pk,
        "headline": article.headline,
        "section": article.section.name,
        "published": when,
        "url": article.get_absolute_url(),
        "change_url": reverse("admin:articles_article_change", args=[article.pk]),
    }


def _edition(request):
    """The edition whose home page the screen curates: ``?edition=`` when the user works
    in it (``articles.editions.user_editions``), else the first she works in."""
    allowed = editions.user_editions(request.user) or [editions.default_code()]
    asked = request.GET.get("edition")
    return asked if asked in allowed else allowed[0]


def curate_view(request):
    """GET: the slots as readers see them now. POST: save the arrangement (``plan``,
    checked against ``version``), then back here with what happened (400 for a plan
    refused, 409 for a conflict: nothing saved, the screen as it is now)."""
    if not frontpage.can_curate(request.user):
        raise PermissionDenied
    edition = _edition(request)
    # Its section tree and stories; the screen stays in the editor's language.
    with editions.override(edition), translation.override(request.LANGUAGE_CODE):
        return _curate(request, edition)


def _curate(request, edition):
    status = 200
    if request.method == "POST":
        try:
            loaded = int(request.POST.get("version", ""))
        except ValueError:
            loaded = None
        try:
            pins = parse_plan(request.POST.get("plan"))
            front = frontpage.save_plan(
                pins,
                loaded_version=loaded,
                slot_sizes={slot.key: slot.size for slot in selectors.home_layout(selectors.section_tree())},
                user=request.user,
                edition=edition,
            )
        except frontpage.CurationConflict as conflict:
            messages.error(request, str(conflict))
            status = 409
        except ValidationError as error:
            messages.error(request, "The front page was NOT saved: " + " ".join(error.messages))
            status = 400
        else:
            messages.success(request, f"Front page saved (version {front.version}). Readers see it now.")
            return HttpResponseRedirect(request.get_full_path())
    rows = []
    for slot in selectors.home_page(edition).values():
        items = [
            {
                **story_row(item.article),
                "pinned": item.pin is not None,
                "expires": expiry_input(item.pin.expires_at) if item.pin else "",
            }
            for item in slot.items
        ]
        empty = range(slot.size - len(items))  # fewer stories than places: a fresh site
        rows.append({"key": slot.key, "label": slot.label, "size": slot.size, "items": items, "empty": empty})
    context = {
        **admin.site.each_context(request),
        "title": f"Front page ({editions.get(edition).name})",
        "slots": rows,
        "front": frontpage.front_page(edition),
        "edition": edition,
        "home_url": editions.reverse("public:home", edition=edition),
        "search_url": reverse("admin:articles_frontpage_search") + f"?edition={edition}",
        "edition_choices": [
            (e.code, e.name, f"?edition={e.code}")
            for e in editions.all_editions()
            if e.code in (editions.user_editions(request.user) or [editions.default_code()])
        ],
        "now_input": expiry_input(timezone.now()),
    }
    return TemplateResponse(request, "admin/articles/frontpage/curate.html", context, status=status)


def search_view(request):
    """``?q=`` → ``{"results": [story]}``: up to ``SEARCH_RESULTS`` published stories,
    best matches first (the site's full-text search), else headlines containing q; the
    newest without q."""
    if not frontpage.can_curate(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    published = Article.objects.published().filter(edition=_edition(request)).select_related("section")
    if not query:
        found = list(published.newest_first()[:SEARCH_RESULTS])
    else:
        # The search truncates long queries itself (articles.search.MAX_QUERY_LENGTH).
        found = list(published.search(query)[:SEARCH_RESULTS])
        if not found:
            found = list(published.filter(headline__icontains=query).newest_first()[:SEARCH_RESULTS])
    return JsonResponse({"results": [story_row(a) for a in found]})


# In the admin menu under Editorial, for editors; the screen is no model's list (pins are
# edited as a whole page, with one version per edition).
register_screen(
    Screen(
        app_label="articles",
        name="Front page",
        views=(
            ("frontpage/", curate_view, "articles_frontpage"),
            ("frontpage/search/", search_view, "articles_frontpage_search"),
        ),
        allowed=lambda request: frontpage.can_curate(request.user),
    )
)


@dashboard.register(order=dashboard.FRONT_PAGE)
def front_page_panel(request):
    """The lead and top stories now, pinned or filled automatically, for editors."""
    if not frontpage.can_curate(request.user):
        return None
    slots = selectors.home_page(_edition(request))
    rows = []
    for slot in (slots[frontpage.LEAD], slots[frontpage.TOP]):
        for n, item in enumerate(slot.items, start=1):
            place = "Lead" if slot.key == frontpage.LEAD else f"Top {n}"
            how = "pinned" if item.pin else "automatic"
            if item.pin and item.pin.expires_at:
                how += f" until {date_format(timezone.localtime(item.pin.expires_at), 'd M H:i')}"
            rows.append(
                dashboard.Row(
                    item.article.headline,
                    reverse("admin:articles_article_change", args=[item.article.pk]),
                    f"{place} · {how}",
                )
            )
    return dashboard.Panel(
        "Front page",
        rows,
        empty="Nothing published yet.",
        more_url=reverse("admin:articles_frontpage"),
    )
