"""Sections (a tree, and ``SectionTree``: the whole tree in memory), regions (flat),
authors, and the name keys that keep tag, author and section names unique ignoring case."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils.text import slugify
from taggit.managers import _TaggableManager
from taggit.models import Tag

from articles import editions
from articles.redirects import leave_redirect
from articles.slugs import MESSAGE as SLUG_MESSAGE
from articles.slugs import one_segment_q, validate_url_segment
from articles.text_policy import name_key


def edition_field(help_text="The edition this belongs to."):
    """The ``edition`` field of content models: a code of ``settings.EDITIONS``
    (``articles.editions``), the default edition's by default; existing rows of a
    one-edition install are that edition's."""
    return models.CharField(
        max_length=8,
        choices=editions.choices,
        default=editions.default_code,
        validators=[editions.validate_code],
        help_text=help_text,
    )


class NameKeyed(models.Model):
    """A model whose ``name`` is unique ignoring case, in every script, on SQLite and
    PostgreSQL alike: the database keeps ``name_key`` (``text_policy.name_key`` of the
    name, stored on every save) unique under the subclass's named constraints.

    Forms see the rule too: the key is excluded from a form (it is not editable), so
    ``validate_constraints`` computes it from the name and checks it whenever the name
    is checked, and the admin shows the constraint's message instead of a 500.
    """

    name_key = models.TextField(editable=False, default="", help_text="The name, case-folded: unique.")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        self.name_key = name_key(self.name)
        if exclude and "name" not in exclude:
            exclude = set(exclude) - {"name_key"}
        super().validate_constraints(exclude=exclude)


def refuse_edition_change(row, field="edition"):
    """Raise ``ValidationError`` (on ``field``) when ``row``, a saved Section or Region,
    is given another edition than the one it was created in: its sub-sections, its
    articles and the URLs readers hold stay in the old edition, so the tree would break.
    A new row (no pk) chooses freely. One query."""
    if row.pk is None or row._state.adding:
        return
    stored = type(row).objects.filter(pk=row.pk).values_list("edition", flat=True).first()
    if stored is not None and stored != row.edition:
        raise ValidationError(
            {
                field: f"The edition of an existing {row._meta.verbose_name} cannot change "
                f"(it is {stored}): create one in the other edition instead."
            }
        )


class Section(NameKeyed):
    # Each edition has its own tree; a sub-section is in its parent's edition (``save``).
    edition = edition_field("The edition whose menu this section is in. A sub-section is in its parent's edition.")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True, validators=[validate_url_segment])
    parent = models.ForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.PROTECT)
    # The slug chain ("news/politics"), kept on save so a URL resolves in one query;
    # unique within an edition (section_unique_path_per_edition).
    path = models.CharField(max_length=255, editable=False)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in menus, lowest first.")
    show_in_menu = models.BooleanField(default=True)
    description = models.TextField(blank=True, help_text="Shown on the section page and in its meta description.")

    class Meta:
        ordering = ["path"]
        constraints = [
            # Two sections under one parent cannot share a slug: the URL would be ambiguous.
            models.UniqueConstraint(fields=["parent", "slug"], name="section_unique_slug_per_parent"),
            models.UniqueConstraint(
                fields=["edition", "slug"], condition=models.Q(parent__isnull=True), name="section_unique_top_slug"
            ),
            # A URL path names one section of an edition (the section/article resolver).
            models.UniqueConstraint(fields=["edition", "path"], name="section_unique_path_per_edition"),
            # Two sections of one name under one parent are one menu entry shown twice.
            models.UniqueConstraint(
                fields=["parent", "name_key"],
                name="section_unique_name_per_parent",
                violation_error_message="This parent has a section of this name already (ignoring case).",
            ),
            models.UniqueConstraint(
                fields=["edition", "name_key"],
                condition=models.Q(parent__isnull=True),
                name="section_unique_top_name",
                violation_error_message="A top-level section of this name exists already (ignoring case).",
            ),
            # One path segment: a "/" in a slug would make the path name another section.
            models.CheckConstraint(
                condition=one_segment_q(), name="section_slug_one_segment", violation_error_message=SLUG_MESSAGE
            ),
        ]

    def __str__(self):
        return self.path.replace("/", " › ") if self.path else self.name

    def compute_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def clean(self):
        """Refuse a parent in another edition than this existing section's
        (``refuse_edition_change``): a form error on ``parent``, not a failed save."""
        super().clean()
        if self.parent_id and self.pk:
            moved = Section(pk=self.pk, edition=self.parent.edition)
            moved._state.adding = False
            refuse_edition_change(moved, field="parent")

    def save(self, *args, **kwargs):
        """Derive slug, edition (a parent's) and path; a path change re-paths the
        sub-sections and leaves redirects. Raises ``ValidationError`` when an existing
        section would change edition (``refuse_edition_change``)."""
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        if self.parent_id:
            self.edition = self.parent.edition
        refuse_edition_change(self)
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
        edition = editions.get(self.edition)
        for slug in self.articles.published().values_list("slug", flat=True):
            leave_redirect(
                edition.reverse("public:article", kwargs={"section_path": old_path, "slug": slug}),
                edition.reverse("public:article", kwargs={"section_path": self.path, "slug": slug}),
            )
        leave_redirect(
            edition.reverse("public:section", kwargs={"path": old_path}),
            edition.reverse("public:section", kwargs={"path": self.path}),
        )

    def get_absolute_url(self):
        return editions.reverse("public:section", kwargs={"path": self.path}, edition=self.edition)

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
    edition: str = field(default_factory=editions.default_code)
    children: list = field(default_factory=list)

    def get_absolute_url(self):
        return Section(path=self.path, edition=self.edition).get_absolute_url()

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
    def load(cls, edition=None):
        """The tree of ``edition`` (a code; default: the active edition, ``editions.current``)."""
        code = edition or editions.current().code
        nodes = [
            SectionNode(s.pk, s.name, s.slug, s.path, s.parent_id, s.show_in_menu, s.description, s.edition)
            for s in Section.objects.filter(edition=code).order_by("position", "name")
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


class Region(NameKeyed):
    # Each edition has its own region bar, named in its language.
    edition = edition_field("The edition whose region bar this region is in.")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True, validators=[validate_url_segment])
    position = models.PositiveSmallIntegerField(default=0)
    show_in_menu = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            # /region/<slug> of an edition names one region.
            models.UniqueConstraint(fields=["edition", "slug"], name="region_unique_slug_per_edition"),
            # The region bar would show "MENA" and "Mena" as two places.
            models.UniqueConstraint(
                fields=["edition", "name_key"],
                name="region_unique_name_key",
                violation_error_message="A region of this name exists already (ignoring case).",
            ),
            # Reversed into /region/<slug> by the region bar of every page.
            models.CheckConstraint(
                condition=one_segment_q(), name="region_slug_one_segment", violation_error_message=SLUG_MESSAGE
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return editions.reverse("public:region", kwargs={"slug": self.slug}, edition=self.edition)

    def save(self, *args, **kwargs):
        refuse_edition_change(self)  # its articles' region links are that edition's
        super().save(*args, **kwargs)


class Author(NameKeyed):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True, validators=[validate_url_segment])
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
            # Bylines name authors (the importer, the admin): one author per name, any case.
            models.UniqueConstraint(
                fields=["name_key"],
                name="author_unique_name_key",
                violation_error_message="An author of this name exists already (ignoring case).",
            ),
            # Reversed into /author/<slug> by every byline.
            models.CheckConstraint(
                condition=one_segment_q(), name="author_slug_one_segment", violation_error_message=SLUG_MESSAGE
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The author's page in the active edition: authors are shared by every edition,
        and a reader of one sees the author's stories of that edition."""
        return editions.reverse("public:author", kwargs={"slug": self.slug})


def unique_slug(model, text, max_length=60, taken=None, **scope):
    """A unicode slug from ``text`` not yet used by ``model`` within ``scope``, nor
    refused by ``taken`` (a callable: slug -> bool) when given."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"
    slug, n = base, 2
    while model._default_manager.filter(slug=slug, **scope).exists() or (taken and taken(slug)):
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug


# --- tags ----------------------------------------------------------------------------


class TagNameKey(models.Model):
    """The name key (``text_policy.name_key``) of a taggit ``Tag``, one row per tag.

    taggit's table is not ours to add a column to, and its case-insensitive mode
    compares with ``name__iexact``, which SQLite folds for ASCII letters only: "Ägypten"
    and "ägypten" were two tags. The key is written when a tag is saved (below) and is
    unique in the database; tags given by name are found by it (``tag_for_name``).
    """

    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, primary_key=True, related_name="name_key")
    key = models.TextField()

    class Meta:
        constraints = [
            # Tag names are unique ignoring case, in every script (the tag of a name).
            models.UniqueConstraint(fields=["key"], name="tag_unique_name_key"),
        ]

    def __str__(self):
        return self.key


def tag_named(name):
    """The Tag whose name is ``name`` ignoring case (any script), or None. One query."""
    return Tag.objects.filter(name_key__key=name_key(name)).first()


def tag_for_name(name):
    """The Tag named ``name`` ignoring case, created (with the name as given, made plain
    text) when there is none; None for a name with no text in it."""
    if not name_key(name):
        return None
    tag = tag_named(name)
    if tag is None:
        try:
            with transaction.atomic():
                tag = Tag.objects.create(name=name)
        except IntegrityError:
            tag = tag_named(name)  # created meanwhile, by another request
            if tag is None:
                raise
    return tag


@receiver(pre_save, sender=Tag, dispatch_uid="tag_name_free_ignoring_case")
def _refuse_a_taken_tag_name(sender, instance, **kwargs):
    # Before the row is written: taggit's save() retries an IntegrityError with another
    # slug, and a refusal raised after the insert would leave the tag without its key.
    taken = TagNameKey.objects.filter(key=name_key(instance.name))
    if instance.pk is not None:
        taken = taken.exclude(tag_id=instance.pk)
    if taken.exists():
        raise IntegrityError(f"tag_unique_name_key: a tag named {instance.name!r} (ignoring case) exists already")


@receiver(post_save, sender=Tag, dispatch_uid="tag_name_key_stored")
def _store_the_tag_name_key(sender, instance, **kwargs):
    TagNameKey.objects.update_or_create(tag=instance, defaults={"key": name_key(instance.name)})


class TaggableManager(_TaggableManager):
    """taggit's manager of an article's tags (``article.tags``), finding tags given by name
    by their name key (``tag_for_name``) instead of taggit's ``name__iexact``: adding
    "ägypten" to an article uses the tag "Ägypten", on SQLite too."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        tags = [tag_for_name(t) if isinstance(t, str) else t for t in tags]
        return super()._to_tag_model_instances([t for t in tags if t is not None], tag_kwargs)
