"""factory_boy factories for the content model.

They never count on the rows of the seed migration (``articles/migrations/0002``):
sections, regions and roles are fetched by their natural key and created when missing,
so a database emptied by a transactional test's flush still serves every test. With the
seed present they return the seeded rows, whose names and menu order tests may check.
"""

import importlib
import io
from datetime import timedelta

import factory
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Author, BreakingItem, Byline, Image, Region, Section


def image_bytes(width=1600, height=900, color=(200, 40, 40), fmt="JPEG"):
    """A real image file, encoded by Pillow."""
    buf = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buf, fmt)
    return buf.getvalue()


def image_upload(name="photo.jpg", **kwargs):
    fmt = kwargs.pop("fmt", "JPEG")
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(name, image_bytes(fmt=fmt, **kwargs), content_type=content_type)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("edition", "path")

    edition = "en"
    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}/{o.slug}" if o.parent else o.slug)
    parent = None


def section(path, edition="en"):
    """The section at ``path`` ("news/politics") of ``edition`` and its parents, each got
    or created by its path; a created section is named after its slug ("arts-culture" ->
    "Arts Culture")."""
    node = None
    for slug in path.split("/"):
        node = SectionFactory(slug=slug, name=slug.replace("-", " ").title(), parent=node, edition=edition)
    return node


class RegionFactory(factory.django.DjangoModelFactory):
    """``RegionFactory(slug="mena", name="MENA")`` is the seeded region when it exists."""

    class Meta:
        model = Region
        django_get_or_create = ("edition", "slug")

    edition = "en"
    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer Number{n}")
    bio = "Covers the region."


def house_author():
    """The house byline "Al Mayadeen English" (an organisation), got or created by slug."""
    author, _ = Author.objects.get_or_create(
        slug="al-mayadeen-english",
        defaults={
            "name": "Al Mayadeen English",
            "is_organisation": True,
            "bio": "The newsroom of Al Mayadeen English.",
        },
    )
    return author


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(image_upload)
    alt_text = "A meeting at the Kremlin"
    caption = "Leaders meet in Moscow."
    credit = "AP"


def politics():
    return section("news/politics")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Talks resume in Moscow, day {n}")
    section = factory.LazyFunction(politics)
    standfirst = "Leaders meet again as the talks go on."
    body = "<p>The talks resumed on Tuesday morning.</p><p>Both sides spoke of progress.</p>"
    source = "Agencies"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted or []):
            Byline.objects.create(article=self, author=author, position=position)


class BreakingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakingItem

    text = factory.Sequence(lambda n: f"Breaking line number {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))


# The seed migration's role rules, read from the migrations themselves so they cannot drift
# (0006 renamed two models, and with them their permission codenames).
_seed = importlib.import_module("articles.migrations.0002_seed_structure")
_renames = importlib.import_module("articles.migrations.0006_names_and_hero_credit").RENAMED_MODELS
_editor_loses = importlib.import_module("articles.migrations.0012_least_privilege").EDITOR_LOSES
_corrections = importlib.import_module("articles.migrations.0015_corrections")


def _current_codename(codename):
    action, _, model = codename.partition("_")
    return f"{action}_{_renames.get(model, model)}"


def _role_permissions(name):
    if name == "Writer":
        return [
            Permission.objects.get(content_type__app_label=app, codename=_current_codename(codename))
            for app, codename in _seed.WRITER_PERMS
        ] + list(
            Permission.objects.filter(
                content_type__app_label="articles", codename__in=_corrections.WRITER_CORRECTION_PERMS
            )
        )
    if name == "Editor":  # as the migrations: content, not static pages (articles 0012), and the wire desk
        permissions = Permission.objects.filter(
            content_type__app_label__in=["articles", "taggit", "flatpages", "redirects", "ingest"]
        )
        for app_label, model in _editor_loses:
            permissions = permissions.exclude(content_type__app_label=app_label, content_type__model=model)
        return permissions
    return Permission.objects.all()  # Administrator


def role(name):
    """The ``Group`` of an editorial role (Writer, Editor, Administrator) with the seed
    migration's permissions: the seeded group, or a new one when a flush removed it.
    Raises ``ValueError`` for another name."""
    if name not in ("Writer", "Editor", "Administrator"):
        raise ValueError(f"no such role: {name!r} (Writer, Editor or Administrator)")
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(_role_permissions(name))
    return group


# --- public pages (appended for the public-site tests) ----------------------------


def warm_site_chrome():
    """Fill the cached site-wide fragments (menu, regions, ticker, Most Read) and the
    boxes pages share (Most Read, each top section's Read Next: ``public.boxes``), as
    earlier requests would: page query budgets count one page's own queries."""
    from public import boxes, caching, selectors

    caching.cache_timeout()
    tree = selectors.section_tree()
    selectors.menu_regions()
    selectors.live_breaking_items()
    selectors.most_read(5)
    shared = [("most-read", str(boxes.MOST_READ_BLOCK)), ("read-next", "home")]
    caching.box_blocks(shared + [("read-next", str(node.id)) for node in tree.by_id.values() if node.parent_id is None])


def parse_html(response):
    import lxml.html

    return lxml.html.fromstring(response.content.decode())


def jsonld(response):
    """The JSON-LD objects of a page, by @type."""
    import json

    doc = parse_html(response)
    return {
        data["@type"]: data for data in (json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]'))
    }
