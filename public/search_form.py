"""The search form: a text query plus filters, validated by django-filter.

Authors and tags are typed by name (any case; a slug works too, for old links), with
suggestions from ``public:search_suggest``. A value that does not validate (an unknown
author, a section id that is no section, a date that is not a date) becomes a form
error shown on the page, and the page lists no results: results that ignore a filter
the reader asked for would be wrong answers.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag

from articles import editions
from articles.models import Article, Author, Region, Section
from articles.search import MAX_QUERY_LENGTH
from public.selectors import section_tree


class NameChoiceField(forms.ModelChoiceField):
    """A model choice typed as its ``name`` (case-insensitive, spaces collapsed) or its
    ``slug``; anything else is an error naming the value ("No author named “x”.")."""

    # What the error message calls each kind of name, in the reader's language.
    KIND_NAMES = {"author": _("author"), "tag": _("tag")}

    def __init__(self, *args, kind="item", **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = " ".join(str(value).split())
        ProhibitNullCharactersValidator()(value)  # PostgreSQL refuses NUL in a query
        # An exact-case name first: taggit allows "Syria" and "syria" as two tags.
        matches = self.queryset.filter(Q(name__iexact=value) | Q(slug=value)).order_by("pk")
        match = next((m for m in matches if m.name == value), None) or matches.first()
        if match is None:
            raise ValidationError(
                _("No %(kind)s named “%(value)s”."),
                code="invalid_choice",
                params={"kind": self.KIND_NAMES.get(self.kind, self.kind), "value": value},
            )
        return match


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NameChoiceField


NAME_PLACEHOLDERS = {"author": _("Author name"), "tag": _("Tag name")}


def _name_input(kind):
    # The datalist is filled by static/js/site.js from the suggest endpoint.
    return forms.TextInput(
        attrs={
            "list": f"{kind}-names",
            "autocomplete": "off",
            "placeholder": NAME_PLACEHOLDERS[kind],
            "data-suggest": lazy(editions.reverse, str)("public:search_suggest"),  # the active edition's
            "data-kind": kind,
        }
    )


class ArticleSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=pgettext_lazy("label", "Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Search news…"), "maxlength": MAX_QUERY_LENGTH}
        ),
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.order_by("path"),
        method="filter_section",
        label=_("Section"),
        empty_label=_("All sections"),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        field_name="regions",
        label=_("Region"),
        empty_label=_("All regions"),
    )
    author = NameChoiceFilter(
        queryset=Author.objects.all(),
        field_name="bylines__author",
        label=_("Author"),
        kind="author",
        widget=_name_input("author"),
    )
    tag = NameChoiceFilter(
        queryset=Tag.objects.all(), field_name="tags", label=_("Tag"), kind="tag", widget=_name_input("tag")
    )
    format = django_filters.ChoiceFilter(choices=Article.Format.choices, label=_("Format"), empty_label=_("Any format"))
    date_from = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "News › Politics" reads better in a menu than the raw path.
        self.form.fields["section"].label_from_instance = lambda s: (
            f"{s.parent.name} › {s.name}" if s.parent_id else s.name
        )
        # The edition's own sections and regions only (articles.editions).
        code = editions.current().code
        self.form.fields["section"].queryset = (
            Section.objects.filter(edition=code).select_related("parent").order_by("path")
        )
        self.form.fields["region"].queryset = Region.objects.filter(edition=code)

    def filter_text(self, queryset, name, value):
        return queryset  # searched last, in filter_queryset

    def filter_section(self, queryset, name, value):
        tree = section_tree()
        return queryset.in_sections(tree.descendant_ids(tree.by_id[value.pk]))

    def filter_queryset(self, queryset):
        """Every other filter first, the text query last.

        Search ranks within the newest ``SEARCH_WINDOW`` matches of the queryset it is
        given: narrowed first by section, region, author, tag, format and dates, an
        archive story a date range selects is found however many newer stories share
        its words. A blank query does not narrow: the filters alone decide.
        """
        queryset = super().filter_queryset(queryset)
        text = self.form.cleaned_data.get("q")
        return queryset.search(text) if text else queryset

    @property
    def has_query(self):
        return self.is_bound and any(self.data.get(name) for name in self.filters)

    @property
    def has_filters(self):
        """Whether any filter besides the text query is set (the empty state suggests
        removing one)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters if name != "q")
