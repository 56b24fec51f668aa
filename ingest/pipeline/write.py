"""Stage 4, the one write path: prepared articles, their names and images resolved, into rows.

``ArticleWriter.write`` saves each article with ``Article.save()`` (the model computes
what is derived, keeps redirects and versions) and then its relations. For a batch of
new articles with given slugs it inserts the rows in one statement instead: the same
fields, derived by ``Article.compute_derived()`` as save() does, and announces the batch
with one ``articles.signals.content_changed`` (bulk_create sends no post_save).

Atomicity is the caller's: ``write`` runs inside the caller's savepoint, so a failure
anywhere leaves nothing of the articles it was given.
"""

import html
from dataclasses import dataclass, field

from articles.models import Article, Byline, Correction, GalleryItem, Image, LiveUpdate, TaggedArticle
from articles.models.article import own_related_only
from articles.models.redirect import stored_path
from articles.redirects import held_message, held_paths, leave_redirect
from articles.signals import content_changed
from ingest.pipeline.links import RelatedLinks
from ingest.pipeline.prepare import PreparedArticle
from ingest.records import ImportFailure


@dataclass(slots=True)
class ArticleWrite:
    """A prepared article with what it names resolved: everything the write path needs.

    ``pk`` is the existing article's id (None: a new article); ``author_ids`` are in
    byline order; ``gallery_images`` match ``prepared.gallery`` one for one, and
    ``live_update_images`` (an Image or None each) ``prepared.live_updates``.
    """

    prepared: PreparedArticle
    pk: int | None
    author_ids: list[int]
    tag_ids: list[int]
    hero_image: Image | None
    gallery_images: list[Image]
    body_images: dict[str, Image] = field(default_factory=dict)  # src in the body -> stored copy
    live_update_images: list[Image | None] = field(default_factory=list)
    social_image: Image | None = None


class ArticleWriter:
    """Writes ArticleWrites; related lists go to ``links`` (linked now, or waiting for their story)."""

    def __init__(self, links: RelatedLinks):
        self.links = links

    def write(self, items):
        """Write ``items`` (ArticleWrites) with their relations; the Article objects, in order.

        Raises ImportFailure (slug taken by another article, or held by a redirect) or DatabaseError (a
        constraint); the caller's savepoint then rolls back every item.
        """
        # Each imported story's own Related suggestions, not its neighbours' (an archive
        # would forget them over and over): ``manage.py refresh_related`` does those.
        with own_related_only():
            return self._write(items)

    def _write(self, items):
        self._check_addresses_free(items)
        bulk = len(items) > 1 and all(item.pk is None and item.prepared.slug for item in items)
        articles = self._insert(items) if bulk else [self._save(item) for item in items]
        pairs = list(zip(articles, items, strict=True))
        self._relations(pairs)
        # Stored by save() or when the tags were written; a bulk-inserted untagged story
        # still has none (one query each).
        Article.objects.filter(
            pk__in=[a.pk for a in articles], suggested_related__isnull=True
        ).refresh_suggested_related()
        for article, item in pairs:
            self._gallery_and_live_updates(article, item)
            self._old_paths(article, item.prepared)
            if item.prepared.related:
                self.links.link(article.pk, item.prepared.related, item.prepared.origin)
        # Entries of earlier pages that waited for these stories (by URL or headline).
        self.links.arrived(articles)
        if bulk:
            content_changed.send(sender=Article, instances=articles)  # what the skipped save() signals would have said
        return articles

    @staticmethod
    def _check_addresses_free(items):
        """Raise ImportFailure when an item's given address is held by a redirect (the old
        URL of a story that moved, or a page gone): importing there would shadow the 301.
        The article's own old address is free to take back. One query for the items."""
        wanted = [
            (item, Article.url_for(item.prepared.section.path, item.prepared.slug, item.prepared.section.edition))
            for item in items
            if item.prepared.slug
        ]
        held = held_paths(path for _, path in wanted)
        for item, path in wanted:
            new_path = held.get(stored_path(path))
            if new_path is None:
                continue
            own = None
            if item.pk:
                section_id, slug = Article.objects.filter(pk=item.pk).values_list("section_id", "slug").get()
                own = stored_path(Article.path_for(section_id, slug))
            if new_path != own:
                raise ImportFailure(f"address held by a redirect: {held_message(path, new_path)}")

    def _save(self, item):
        p = item.prepared
        article = Article.objects.get(pk=item.pk) if item.pk else Article(external_id=p.external_id)
        if p.slug:
            if item.pk and Article.objects.filter(section=p.section, slug=p.slug).exclude(pk=item.pk).exists():
                url = Article.url_for(p.section.path, p.slug, p.section.edition)
                raise ImportFailure(f"slug collision: {url} already belongs to another article")
            article.slug = p.slug
        elif article.section_id != p.section.pk:
            article.slug = ""  # derived from the headline, unique in the new section
        _fill(article, item)
        article.save()
        if item.pk:  # an update replaces every relation
            article.bylines.all().delete()
            TaggedArticle.objects.filter(content_object=article).delete()
            article.regions.clear()
            article.related_links.all().delete()
            article.gallery_items.all().delete()
            article.live_updates.all().delete()
            article.corrections.all().delete()
        return article

    @staticmethod
    def _insert(items):
        articles = []
        for item in items:
            article = Article(external_id=item.prepared.external_id, slug=item.prepared.slug)
            _fill(article, item)
            article.compute_derived()  # what save() computes; the text policy skips no-op sanitising
            article.note_first_publication()
            articles.append(article)
        return Article.objects.bulk_create(articles)

    @staticmethod
    def _relations(pairs):
        """Bylines, tags and regions of freshly written articles, one INSERT per kind."""
        bylines, tagged, regions = [], [], []
        for article, item in pairs:
            bylines += [
                Byline(article_id=article.pk, author_id=author_id, position=n)
                for n, author_id in enumerate(item.author_ids)
            ]
            tagged += [TaggedArticle(content_object_id=article.pk, tag_id=tag_id) for tag_id in item.tag_ids]
            regions += [Article.regions.through(article_id=article.pk, region_id=r) for r in item.prepared.regions]
        Byline.objects.bulk_create(bylines)
        TaggedArticle.objects.bulk_create(tagged)
        # bulk_create sends no signals: the names search indexes are written here.
        Article.objects.filter(pk__in=[article.pk for article, _ in pairs]).refresh_search_extra()
        if regions:
            Article.regions.through.objects.bulk_create(regions)

    @staticmethod
    def _old_paths(article, prepared):
        """The source site's permalinks answer 301 to a published article (a draft has no
        page to send readers to yet). Raises ImportFailure for a permalink a redirect
        already sends elsewhere: repointing it would hijack another story's old links."""
        if article.status != Article.Status.PUBLISHED:
            return
        new_path = article.get_absolute_url()
        held = held_paths(prepared.old_paths)
        for old_path in prepared.old_paths:
            if stored_path(old_path) == stored_path(new_path):
                continue
            target = held.get(stored_path(old_path))
            if target is not None and target != stored_path(new_path):
                raise ImportFailure(f"old permalink held by a redirect: {held_message(old_path, target)}")
            leave_redirect(old_path, new_path)

    @staticmethod
    def _gallery_and_live_updates(article, item):
        for n, (image, entry) in enumerate(zip(item.gallery_images, item.prepared.gallery, strict=True)):
            GalleryItem.objects.create(article=article, image=image, caption=entry.caption, position=n)
        images = item.live_update_images or [None] * len(item.prepared.live_updates)
        for update, image in zip(item.prepared.live_updates, images, strict=True):
            if update.posted_at:  # save(), not bulk_create: the live-update sanitiser runs in save()
                LiveUpdate.objects.create(
                    article=article,
                    posted_at=update.posted_at,
                    title=update.title,
                    body=update.body,
                    key_event=update.key_event,
                    pinned=update.pinned,
                    embed_url=update.embed_url,
                    image=image,
                )
        # Who proposed and published a notice is not exported (accounts are not content).
        for c in item.prepared.corrections:  # save(): the text policy cleans the text (articles.signals)
            Correction.objects.create(
                article=article,
                kind=c.kind,
                text=c.text,
                status=c.status,
                created_at=c.created_at or article.published_at or article.created_at,
                published_at=c.published_at,
            )


def _fill(article, item):
    """Copy a prepared article onto ``article`` (everything but identity, slug and relations)."""
    p = item.prepared
    article.section = p.section
    # The bulk insert sends no save(): the edition and group are set here (Article.sync_edition).
    article.edition = p.section.edition
    article.translation_group = p.translation_group
    for name in (
        "headline",
        "standfirst",
        "body",
        "format",
        "status",
        "source",
        "hero_caption",
        "hero_credit",
        "video_url",
        "kicker",
        "seo_title",
        "seo_description",
    ):
        setattr(article, name, getattr(p, name))
    article.language = p.language
    article.home_position = p.home_position
    article.published_at = p.published_at
    article.revised_at = p.revised_at
    article.hero_image = item.hero_image
    article.social_image = item.social_image
    if item.body_images:
        article.body = _point_at_stored(p.body, item.body_images)
    article.import_hash = p.import_hash


def _point_at_stored(body, images):
    """``body`` with each ``<img src>`` of ``images`` (src -> Image) pointing at the stored copy."""
    for src, image in images.items():
        url = html.escape(image.file.url, quote=True)
        body = body.replace(f'src="{src}"', f'src="{url}"').replace(f"src='{src}'", f'src="{url}"')
    return body


def explain_refusal(exc, prepared):
    """The operator's reason for a DatabaseError raised while writing ``prepared``."""
    text = str(exc).lower()
    if "slug" in text or "unique_slug_per_section" in text:
        url = Article.url_for(prepared.section.path, prepared.slug, prepared.section.edition)
        return (
            f"slug collision: {url} already belongs to another article "
            "(the source URL must stay as it is, so this one is not imported)"
        )
    if "external_id" in text:
        return f"duplicate: another record in this run has the identity {prepared.external_id!r}"
    return f"the database refused the article ({str(exc)[:200]})"
