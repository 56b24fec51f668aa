"""factory_boy factories for the content model."""

import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, ArticleAuthor, Author, BreakingItem, Image, Region, Section


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
        django_get_or_create = ("path",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}/{o.slug}" if o.parent else o.slug)
    parent = None


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer Number{n}")
    bio = "Covers the region."


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(image_upload)
    alt_text = "A meeting at the Kremlin"
    caption = "Leaders meet in Moscow."
    credit = "AP"


def politics():
    return Section.objects.get(path="news/politics")


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
            ArticleAuthor.objects.create(article=self, author=author, position=position)


class BreakingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakingItem

    text = factory.Sequence(lambda n: f"Breaking line number {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))


# --- public pages (appended for the public-site tests) ----------------------------


def warm_site_chrome():
    """Fill the cached site-wide fragments (menu, regions, ticker, Most Read), as any
    earlier request would: page query budgets count one page's own queries."""
    from public import selectors
    from public.caching import cache_timeout

    cache_timeout()
    selectors.section_tree()
    selectors.menu_regions()
    selectors.ticker_items()
    selectors.most_read(5)


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
