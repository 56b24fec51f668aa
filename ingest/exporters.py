"""Export everything editorial as JSON Lines plus the original image files.

The layout (``OUT/articles.jsonl``, ``authors.jsonl``, ``sections.jsonl``,
``regions.jsonl``, ``tags.jsonl``, ``breaking.jsonl``, ``redirects.jsonl``, ``media/``,
``manifest.json``)
is what ``import_articles OUT`` reads back: an export imported into an empty
database and exported again gives the same files.
"""

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from taggit.models import Tag

from articles import frontpage
from articles.models import (
    Article,
    Author,
    BreakingItem,
    Byline,
    Correction,
    GalleryItem,
    LiveUpdate,
    Redirect,
    Region,
    RelatedArticle,
    Section,
)
from articles.models.redirect import stored_path

FORMAT_NAME = "newsroom-export"
FORMAT_VERSION = 1


@dataclass
class ExportResult:
    out_dir: Path
    counts: dict = field(default_factory=dict)
    media_files: int = 0

    def summary(self):
        parts = ", ".join(f"{n} {kind}" for kind, n in self.counts.items())
        return f"Exported {parts}, {self.media_files} media files to {self.out_dir}"


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


class _Media:
    """Copies each stored image file once into OUT/media/, under its storage name."""

    def __init__(self, out_dir):
        self.root = out_dir / "media"
        self.copied = set()

    def image(self, image, **extra):
        if image is None:
            return None
        name = image.file.name
        if name not in self.copied:
            target = self.root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with image.file.storage.open(name, "rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            self.copied.add(name)
        return {
            "file": name,
            "alt": image.alt_text,
            "caption": image.caption,
            "credit": image.credit,
            "focal_x": image.focal_x,
            "focal_y": image.focal_y,
            **extra,
        }


def _write_lines(path, rows):
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
            n += 1
    return n


def article_rows(articles, media):
    """One dict per article (streamed from the database in chunks)."""
    queryset = (
        articles.select_related("section", "hero_image", "social_image")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk")),
            "tags",
            "regions",
            Prefetch(
                "related_links",
                queryset=RelatedArticle.objects.select_related("to_article__section").order_by("position", "pk"),
            ),
            Prefetch("gallery_items", queryset=GalleryItem.objects.select_related("image").order_by("position", "pk")),
            # A deleted update stays in the desk's history, not in exports: imported
            # again, it would be shown to readers.
            Prefetch(
                "live_updates",
                queryset=LiveUpdate.objects.visible().select_related("image").order_by("posted_at", "pk"),
            ),
            Prefetch("corrections", queryset=Correction.objects.order_by("created_at", "pk")),
        )
        .order_by("section__path", "slug")
    )
    # The lead and top stories' pins as the format's home_position numbers them (1–7).
    home_positions = frontpage.top_positions()
    for a in queryset.iterator(chunk_size=500):
        url = Article.url_for(a.section.path, a.slug, a.edition)
        yield {
            "url": url,
            "edition": a.edition,
            "translation_group": str(a.translation_group) if a.translation_group else "",
            "external_id": a.external_id or url,
            "slug": a.slug,
            "section": a.section.path,
            "headline": a.headline,
            "standfirst": a.standfirst,
            "body_html": a.body,
            "format": a.format,
            "status": a.status,
            "published_at": _iso(a.published_at),
            "updated_at": _iso(a.revised_at),  # the export key stays "updated_at"
            "authors": [b.author.name for b in a.bylines.all()],
            "source": a.source,
            "tags": sorted((t.name for t in a.tags.all()), key=str.casefold),
            "regions": sorted(r.name for r in a.regions.all()),
            "hero_image": media.image(a.hero_image),
            "hero_caption": a.hero_caption,
            "hero_credit": a.hero_credit,
            "kicker": a.kicker,
            "seo_title": a.seo_title,
            "seo_description": a.seo_description,
            "social_image": media.image(a.social_image),
            "related": [related_row(r) for r in a.related_links.all()],
            "gallery": [media.image(g.image, item_caption=g.caption) for g in a.gallery_items.all()],
            "live_updates": [live_update_row(u, media) for u in a.live_updates.all()],
            "corrections": [correction_row(c) for c in a.corrections.all()],
            "video_url": a.video_url,
            "language": a.language,
            "home_position": home_positions.get(a.pk),
            "word_count": a.word_count,
            "reading_time": a.reading_time,
        }


def live_update_row(update, media):
    """A live update as the export keeps it (who posted it is an account, not content)."""
    return {
        "posted_at": _iso(update.posted_at),
        "title": update.title,
        "body": update.body,
        "key_event": update.key_event,
        "pinned": update.pinned,
        "embed_url": update.embed_url,
        "image": media.image(update.image),
    }


def correction_row(notice):
    """A correction, clarification or update note, proposed or published (who wrote and
    published it are accounts, not content)."""
    return {
        "kind": notice.kind,
        "text": notice.text,
        "status": notice.status,
        "created_at": _iso(notice.created_at),
        "published_at": _iso(notice.published_at),
    }


def related_row(entry):
    """A related entry as the export keeps it: the linked story's headline and our path, or
    for an entry still waiting for its story, the headline and URL its page gave (an import
    of the export keeps it waiting, and links it when the story arrives)."""
    if entry.to_article_id:
        return {"headline": entry.to_article.headline, "url": entry.to_article.get_absolute_url()}
    return {"headline": entry.headline, "url": entry.url}


def author_rows(media):
    for author in Author.objects.select_related("photo").order_by("name"):
        yield {
            "name": author.name,
            "slug": author.slug,
            "is_organisation": author.is_organisation,
            "role": author.role,
            "bio": author.bio,
            "email": author.email,
            "x_handle": author.x_handle,
            "website": author.website,
            "photo": media.image(author.photo),
        }


def section_rows():
    # Parents before children within each edition: a path sorts after its parent's.
    for s in Section.objects.order_by("path", "edition"):
        yield {
            "edition": s.edition,
            "path": s.path,
            "name": s.name,
            "position": s.position,
            "show_in_menu": s.show_in_menu,
            "description": s.description,
        }


def region_rows():
    for r in Region.objects.order_by("position", "name"):
        yield {
            "edition": r.edition,
            "name": r.name,
            "slug": r.slug,
            "position": r.position,
            "show_in_menu": r.show_in_menu,
        }


def tag_rows():
    for t in Tag.objects.order_by("name"):
        yield {"name": t.name, "slug": t.slug}


def breaking_rows():
    items = BreakingItem.objects.select_related("article__section").order_by("position", "starts_at", "text")
    for b in items:
        yield {
            "edition": b.edition,
            "text": b.text,
            "url": b.url,
            "article_url": b.article.get_absolute_url() if b.article_id else "",
            "attribution": b.attribution,
            "starts_at": _iso(b.starts_at),
            "ends_at": _iso(b.ends_at),
            "position": b.position,
            "external_id": b.external_id or f"breaking:{b.pk}",
        }


def redirect_rows(articles=None):
    """The site's redirects (``Redirect`` of ``settings.SITE_ID``) as {old_path, new_path},
    paths as stored (IRIs). ``articles`` (a filtered export's queryset) keeps only those
    that lead to one of them: the rest would send readers to pages the export leaves out."""
    redirects = Redirect.objects.filter(site_id=settings.SITE_ID).order_by("old_path")
    keep = None
    if articles is not None:
        keep = {stored_path(a.get_absolute_url()) for a in articles.select_related("section")}
    for r in redirects.iterator(chunk_size=1000):
        if keep is None or r.new_path in keep:
            yield {"old_path": r.old_path, "new_path": r.new_path}


def export(out_dir, *, since=None, section=None):
    """Write the export into ``out_dir`` (created if missing); return an ExportResult.

    ``since`` keeps articles published or updated at or after that time; ``section``
    (a Section) keeps articles of that section and the sections below it.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    media = _Media(out_dir)
    articles = Article.objects.all()
    if since is not None:
        articles = articles.filter(Q(published_at__gte=since) | Q(revised_at__gte=since))
    if section is not None:
        articles = articles.filter(section_id__in=section.descendant_ids())
    result = ExportResult(out_dir=out_dir)
    result.counts["articles"] = _write_lines(out_dir / "articles.jsonl", article_rows(articles, media))
    result.counts["authors"] = _write_lines(out_dir / "authors.jsonl", author_rows(media))
    result.counts["sections"] = _write_lines(out_dir / "sections.jsonl", section_rows())
    result.counts["regions"] = _write_lines(out_dir / "regions.jsonl", region_rows())
    result.counts["tags"] = _write_lines(out_dir / "tags.jsonl", tag_rows())
    result.counts["breaking"] = _write_lines(out_dir / "breaking.jsonl", breaking_rows())
    filtered = since is not None or section is not None
    result.counts["redirects"] = _write_lines(
        out_dir / "redirects.jsonl", redirect_rows(articles if filtered else None)
    )
    result.media_files = len(media.copied)
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": timezone.localtime().isoformat(),
        "counts": {**result.counts, "media": result.media_files},
        "filters": {"since": since.isoformat() if since else None, "section": section.path if section else None},
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return result
