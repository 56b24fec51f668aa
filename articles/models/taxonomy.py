"""Sections (a tree), regions (flat) and authors."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify


class SectionQuerySet(models.QuerySet):
    def menu(self):
        """Top-level sections shown in the main menu, in menu order."""
        return self.filter(parent__isnull=True, show_in_menu=True).order_by("position", "name")


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    parent = models.ForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.PROTECT)
    # The slug chain ("news/politics"), kept on save so a URL resolves in one query.
    path = models.CharField(max_length=255, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in menus, lowest first.")
    show_in_menu = models.BooleanField(default=True)
    description = models.TextField(blank=True, help_text="Shown on the section page and in its meta description.")

    objects = SectionQuerySet.as_manager()

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
        from articles.redirects import leave_redirect

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
