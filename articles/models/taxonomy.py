"""Sections (a tree, and ``SectionTree``: the whole tree in memory), regions (flat) and authors."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify

from articles.redirects import leave_redirect


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    parent = models.ForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.PROTECT)
    # The slug chain ("news/politics"), kept on save so a URL resolves in one query.
    path = models.CharField(max_length=255, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in menus, lowest first.")
    show_in_menu = models.BooleanField(default=True)
    description = models.TextField(blank=True, help_text="Shown on the section page and in its meta description.")

    class Meta:
        ordering = ["path"]
        constraints = [
            # Two sections under one parent cannot share a slug: the URL would be ambiguous.
            models.UniqueConstraint(fields=["parent", "slug"], name="section_unique_slug_per_parent"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(parent__isnull=True), name="section_unique_top_slug"
            ),
        ]

    def __str__(self):
        return self.path.replace("/", " › ") if self.path else self.name

    def compute_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        old_path = self.path
        self.path = self.compute_path()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._redirect_published(old_path)
                for child in self.children.all():
                    child.save()

    def _redirect_published(self, old_path):
        """Every published article of this section keeps its old URL as a 301."""
        for slug in self.articles.published().values_list("slug", flat=True):
            leave_redirect(
                reverse("public:article", kwargs={"section_path": old_path, "slug": slug}),
                reverse("public:article", kwargs={"section_path": self.path, "slug": slug}),
            )
        leave_redirect(
            reverse("public:section", kwargs={"path": old_path}),
            reverse("public:section", kwargs={"path": self.path}),
        )

    def get_absolute_url(self):
        return reverse("public:section", kwargs={"path": self.path})

    @property
    def depth(self):
        return self.path.count("/")

    def descendant_ids(self):
        """Ids of this section and every section below it (one query per level)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Section.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


@dataclass
class SectionNode:
    """One section of a ``SectionTree``: plain data, cacheable, no queries."""

    id: int
    name: str
    slug: str
    path: str
    parent_id: int | None
    show_in_menu: bool
    description: str
    children: list = field(default_factory=list)

    def get_absolute_url(self):
        return Section(path=self.path).get_absolute_url()

    @property
    def menu_children(self):
        return [c for c in self.children if c.show_in_menu]


@dataclass
class SectionTree:
    """The whole section tree in memory: menus, breadcrumbs and descendant ids
    without a query per section (a newsroom has tens of sections, not thousands)."""

    by_id: dict
    by_path: dict
    roots: list

    @classmethod
    def load(cls):
        nodes = [
            SectionNode(s.pk, s.name, s.slug, s.path, s.parent_id, s.show_in_menu, s.description)
            for s in Section.objects.order_by("position", "name")
        ]
        by_id = {n.id: n for n in nodes}
        roots = []
        for n in nodes:
            parent = by_id.get(n.parent_id)
            (parent.children if parent else roots).append(n)
        return cls(by_id, {n.path: n for n in nodes}, roots)

    def descendant_ids(self, node):
        """Ids of ``node`` and every section below it, no query."""
        ids, stack = [], [node]
        while stack:
            current = stack.pop()
            ids.append(current.id)
            stack.extend(current.children)
        return ids

    def ancestors(self, node):
        """``node`` and its parents, top first (for breadcrumbs)."""
        chain = []
        while node:
            chain.append(node)
            node = self.by_id.get(node.parent_id)
        return chain[::-1]

    def top(self, node):
        """The top-level section above ``node`` (or ``node`` itself)."""
        return self.ancestors(node)[0]

    @property
    def menu(self):
        """Top-level sections shown in the main menu, in menu order."""
        return [n for n in self.roots if n.show_in_menu]


class Region(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField(default=0)
    show_in_menu = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:region", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    is_organisation = models.BooleanField(
        default=False, help_text="A house byline such as “Al Mayadeen English”, not a person."
    )
    role = models.CharField(
        max_length=200, blank=True, help_text="Title shown with the byline, e.g. “Political analyst”."
    )
    bio = models.TextField(blank=True)
    photo = models.ForeignKey("articles.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField(blank=True)
    x_handle = models.CharField("X handle", max_length=50, blank=True, help_text="Without the @.")
    website = models.URLField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff login of this author, if they write in the admin.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # Import matches authors by name case-insensitively; keep names unique that way.
            models.UniqueConstraint(models.functions.Lower("name"), name="author_unique_name_ci"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:author", kwargs={"slug": self.slug})


def unique_slug(model, text, max_length=60, **scope):
    """A unicode slug from ``text`` not yet used by ``model`` within ``scope``."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"
    slug, n = base, 2
    while model._default_manager.filter(slug=slug, **scope).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug
