"""The search form: a text query plus filters, validated by django-filter.

A value that does not validate (an unknown section id, a date that is not a date)
becomes a form error shown on the page; the other filters still apply.
"""

import django_filters
from django import forms
from taggit.models import Tag

from articles.models import Article, Author, Region, Section
from articles.search import MAX_QUERY_LENGTH
from public.selectors import section_tree


class ArticleSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Search news…", "maxlength": MAX_QUERY_LENGTH}),
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.order_by("path"), method="filter_section", empty_label="All sections"
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        field_name="regions",
        label="Region",
        empty_label="All regions",
    )
    author = django_filters.ModelChoiceFilter(
        queryset=Author.objects.all(),
        to_field_name="slug",
        field_name="bylines__author",
        label="Author",
        widget=forms.TextInput(attrs={"placeholder": "author-slug"}),
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        field_name="tags",
        label="Tag",
        widget=forms.TextInput(attrs={"placeholder": "tag-slug"}),
    )
    format = django_filters.ChoiceFilter(choices=Article.Format.choices, empty_label="Any format")
    date_from = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__lte", label="To", widget=forms.DateInput(attrs={"type": "date"})
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
        self.form.fields["section"].queryset = Section.objects.select_related("parent").order_by("path")

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
