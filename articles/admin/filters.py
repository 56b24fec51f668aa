"""List filters of the article changelist."""

from django.contrib import admin

from articles import editions
from articles.models import HomePin
from articles.models.frontpage import LEAD
from public import selectors


class StatusFilter(admin.SimpleListFilter):
    """Status as editors think of it: "Scheduled" apart from "Published" (live).

    "Scheduled" and "Published (live)" come from the model's querysets, so the
    changelist agrees with what readers see at this moment.
    """

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("in_review", "In review"),
            ("scheduled", "Scheduled"),
            ("published", "Published (live)"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "published":
            return queryset.published()
        if value in {"draft", "in_review", "unpublished"}:
            return queryset.filter(status=value)
        return queryset


class FrontPageFilter(admin.SimpleListFilter):
    """What is on the home pages of the editions the user works in: every story readers see there now (pinned or
    filled automatically, as ``public.selectors.home_page`` builds it), or the pinned
    ones only (a live pin: not expired; a pinned story since unpublished is listed, hidden)."""

    title = "front page"
    parameter_name = "front_page"

    def lookups(self, request, model_admin):
        return [("now", "On the home page now"), ("pinned", "Pinned"), ("lead", "The lead")]

    def queryset(self, request, queryset):
        value = self.value()
        wanted = value in ("now", "lead")
        homes = [selectors.home_page(code) for code in editions.user_editions(request.user)] if wanted else []
        if value == "now":
            shown = [a.pk for home in homes for slot in home.values() for a in slot.articles]
            return queryset.filter(pk__in=shown)
        if value == "pinned":
            return queryset.filter(pk__in=HomePin.objects.live().values("article"))
        if value == "lead":
            return queryset.filter(pk__in=[a.pk for home in homes for a in home[LEAD].articles])
        return queryset
