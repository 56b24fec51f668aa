"""List filters of the article changelist."""

from django.contrib import admin


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
