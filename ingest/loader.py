"""The loader: runs parsed records through the import pipeline (``ingest.pipeline``).

Every format parser hands its records here, so the rules live once:

- identity: ``Article.external_id`` (the source URL, our own export's id, or a stable
  key from section + headline + publication time; a page without a URL whose headline
  changed is found by section, time and unchanged standfirst or body);
- change detection: ``Article.import_hash``, the hash of the prepared article, compared
  before any other work, so an unchanged article costs one shared query per chunk;
- atomicity: each article goes through vocabulary, media and write inside its own
  savepoint; records are committed in chunks, so an interrupted run loses at most the
  open chunk and never half an article; re-running completes the job;
- the new plain articles of a chunk (a given slug, no images) are tried as one batch
  first; if the database refuses any of them, each is written on its own;
- a dry run is the real run inside one transaction that is rolled back at the end, so
  it reports what the real run would (a slug collision, a duplicate, a link made), and
  writes no file (images are checked, not stored: ``media.stand_in``);
- ``create_only`` (the wire intake) writes new articles only: an existing one is never
  updated, whatever the record says.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Article
from articles.text_policy import clean_body
from ingest.pipeline import breaking, media, pages, redirects
from ingest.pipeline.links import RelatedLinks
from ingest.pipeline.prepare import headline_free_key, prepare_article
from ingest.pipeline.vocabulary import Vocabulary
from ingest.pipeline.write import ArticleWrite, ArticleWriter, explain_refusal
from ingest.records import (
    ArticleRecord,
    AuthorRecord,
    BreakingRecord,
    Failure,
    ImportFailure,
    NoteRecord,
    PageRecord,
    RedirectRecord,
    RegionRecord,
    SectionRecord,
    TagRecord,
)

# The text shortcuts are the pipeline's; named here too for the tests that hold them to the model.
__all__ = ["ImportFailure", "ImportOptions", "ImportResult", "Loader"]

CHUNK_SIZE = 200
ACTIONS = ("created", "updated", "unchanged", "failed")


@dataclass
class ImportOptions:
    default_section: str = ""  # --section: for records whose section is missing or unknown
    edition: str = ""  # --edition: of records that name none (their URL's prefix, else the default)
    source: str = ""  # --source: source line for records that carry none
    status: str = ""  # --status: overrides the records' status
    dry_run: bool = False
    tz: object = None  # zone of naive dates in the sources (parsers use it)
    # WordPress exports (ingest.formats.wxr.WXROptions has the meanings)
    category_map: dict = field(default_factory=dict)  # --map-category SLUG=PATH
    page_map: dict = field(default_factory=dict)  # --map-page SLUG=URL
    media_dir: object = None  # --media-dir
    fetch_media: bool = False  # --fetch-media
    # Never touch an article that exists: its identity seen again is "unchanged", whatever
    # the record holds (the wire intake: an editor may be working on the story).
    create_only: bool = False


@dataclass
class ImportResult:
    """What a run did: counts per kind and action, the failures with their reasons."""

    counts: dict = field(default_factory=lambda: {})
    failures: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def add(self, kind, action):
        self.counts.setdefault(kind, Counter())[action] += 1

    def total(self, action):
        return sum(c[action] for c in self.counts.values())

    created = property(lambda self: self.total("created"))
    updated = property(lambda self: self.total("updated"))
    unchanged = property(lambda self: self.total("unchanged"))
    failed = property(lambda self: self.total("failed"))

    def summary(self):
        """One line: created / updated / unchanged / failed, then the split by kind."""
        totals = ", ".join(f"{self.total(a)} {a}" for a in ACTIONS)
        kinds = "; ".join(f"{kind}: " + "/".join(str(c[a]) for a in ACTIONS) for kind, c in sorted(self.counts.items()))
        line = f"{totals}" + (f" ({kinds})" if kinds else "") + f" in {self.seconds:.1f}s"
        return ("Dry run, nothing written: " if self.dry_run else "") + line


class Loader:
    """Writes records; call ``load(items)`` with records and Failures, then ``finish()``.

    ``report(kind, action, origin, label, reason=None)`` hears of every item as it is
    done. Raises ImportFailure at construction for an unknown ``--section``.
    """

    def __init__(self, options=None, report=None):
        self.options = options or ImportOptions()
        self.result = ImportResult(dry_run=self.options.dry_run)
        self.report = report or (lambda kind, action, origin, label, reason=None: None)
        self.t0 = time.perf_counter()
        self.vocabulary = Vocabulary(self.options.edition)
        self.links = RelatedLinks()
        self.writer = ArticleWriter(self.links)
        # external_id -> import_hash of every article this run wrote: "earlier in this
        # run" is decided here, never from timestamps, which another run importing at the
        # same time moves too.
        self.seen = {}
        # A dry run checks images but stores no file: no rollback takes a file back.
        self.store_image = media.stand_in if self.options.dry_run else media.store
        self.in_run = False
        if self.options.default_section and self.options.default_section.strip("/") not in self.vocabulary.sections:
            raise ImportFailure(f"--section {self.options.default_section!r} is not a section path")
        for category, path in self.options.category_map.items():
            if path.strip("/") not in self.vocabulary.sections:
                raise ImportFailure(f"--map-category {category}={path}: {path!r} is not a section path")

    # --- bookkeeping ----------------------------------------------------------

    def _outcome(self, kind, action, origin, label, reason=None):
        self.result.add(kind, action)
        if action == "failed":
            self.result.failures.append(Failure(origin, reason, kind))
        self.report(kind, action, origin, label, reason)

    def _outcome_written(self, origin, article, action):
        if article.is_scheduled:
            when = timezone.localtime(article.published_at)
            self.result.notes.append(f"{origin}: scheduled for {when:%Y-%m-%d %H:%M}")
        self._outcome("article", action, origin, article.get_absolute_url())

    def run(self, items):
        """``load(items)`` then ``finish()``; a dry run does both inside a transaction that is
        rolled back, so its result is the real run's and nothing stays written."""
        if not self.options.dry_run:
            self.load(items)
            return self.finish()
        with transaction.atomic():
            self.in_run = True
            try:
                self.load(items)
                result = self.finish()
            finally:
                self.in_run = False
                transaction.set_rollback(True)
        return result

    def load(self, items):
        """Consume ``items`` (records and Failures) lazily; articles go in chunks of CHUNK_SIZE.

        Anything else (sections, authors, ...) is written at once, after the articles read
        before it, so an export's sections exist before the articles that use them. A dry
        run goes through ``run()``, which rolls it back (RuntimeError otherwise).
        """
        if self.options.dry_run and not self.in_run:
            raise RuntimeError("a dry run goes through Loader.run(), which rolls it back")
        chunk = []
        for item in items:
            if isinstance(item, ArticleRecord | Failure):
                chunk.append(item)
                if len(chunk) >= CHUNK_SIZE:
                    self._load_chunk(chunk)
                    chunk = []
                continue
            if chunk:
                self._load_chunk(chunk)
                chunk = []
            self._other(item)
        if chunk:
            self._load_chunk(chunk)

    def finish(self):
        """Note the related lists still waiting for their stories; return the result."""
        self.result.notes.extend(self.links.notes())
        self.result.seconds = time.perf_counter() - self.t0
        return self.result

    # --- articles -------------------------------------------------------------

    def _load_chunk(self, chunk):
        prepared = {}
        for record in chunk:
            if isinstance(record, ArticleRecord):
                self.result.notes.extend(f"{record.origin}: {note}" for note in record.notes)
                try:
                    prepared[id(record)] = prepare_article(record, self.options, self.vocabulary)
                except ImportFailure as exc:
                    prepared[id(record)] = exc
        good = [p for p in prepared.values() if not isinstance(p, ImportFailure)]
        existing = self._existing([p.external_id for p in good])
        existing.update(self._reheadlined([p for p in good if p.external_id not in existing], good))
        # One transaction per chunk, one savepoint per article (or per batch) inside it.
        with transaction.atomic():
            done = set(map(id, self._write_batch(self._batch_candidates(chunk, prepared, existing), existing)))
            for item in chunk:
                if id(item) in done:
                    continue
                if isinstance(item, Failure):
                    self._outcome(item.kind, "failed", item.origin, "", item.reason)
                else:
                    self._article(item, prepared[id(item)], existing)

    @staticmethod
    def _existing(external_ids):
        """external_id -> (pk, import_hash, last_saved_at, number of related entries waiting
        for their story), one query."""
        if not external_ids:
            return {}
        rows = (
            Article.objects.filter(external_id__in=external_ids)
            .annotate(n_waiting=Count("related_links", filter=Q(related_links__to_article__isnull=True)))
            .values_list("external_id", "pk", "import_hash", "last_saved_at", "n_waiting")
        )
        return {row[0]: row[1:] for row in rows}

    @staticmethod
    def _reheadlined(misses, chunk):
        """external_id -> the _existing() row of the article a page without a URL became
        before it was re-headlined: its identity is a key with the headline in it
        (``prepare.headline_free_key``), so the new headline misses it. The article of the
        same section and publication minute with the same standfirst or body is that story,
        when there is exactly one such (and no page of this chunk names it itself)."""
        prefixes = {p.external_id: headline_free_key(p.external_id) for p in misses}
        prefixes = {external_id: prefix for external_id, prefix in prefixes.items() if prefix}
        if not prefixes:
            return {}
        wanted = Q()
        for prefix in set(prefixes.values()):
            wanted |= Q(external_id__startswith=prefix)
        in_chunk = {p.external_id for p in chunk}
        rows = (
            Article.objects.filter(wanted)
            .exclude(external_id__in=in_chunk)
            .annotate(n_waiting=Count("related_links", filter=Q(related_links__to_article__isnull=True)))
            .values_list("external_id", "pk", "import_hash", "last_saved_at", "n_waiting", "standfirst", "body")
        )
        candidates = {}
        for row in rows:
            candidates.setdefault(headline_free_key(row[0]), []).append(row)
        found = {}
        for p in misses:
            if p.external_id not in prefixes:
                continue
            body = clean_body(p.body)
            same = [
                row
                for row in candidates.get(prefixes[p.external_id], [])
                if (p.standfirst and row[5] == p.standfirst) or (p.body and row[6] == body)
            ]
            if len(same) == 1:
                found[p.external_id] = same[0][1:5]
        return found

    def _batch_candidates(self, chunk, prepared, existing):
        """New articles that can go in one batch: a given slug, nothing but text and names
        (an image file that fails would sink the whole batch)."""
        seen, out = set(), []
        for item in chunk:
            p = prepared.get(id(item))
            if (
                p is not None
                and not isinstance(p, ImportFailure)
                and p.external_id not in existing
                and p.external_id not in seen
                and p.slug
                and not (p.hero_image or p.gallery or p.live_updates or p.body_images or p.social_image)
            ):
                seen.add(p.external_id)
                out.append((item, p))
        return out

    def _resolve(self, prepared, pk, staged):
        """Stages 2 and 3: the names the article uses as ids, its images as stored Images."""
        return ArticleWrite(
            prepared=prepared,
            pk=pk,
            author_ids=[self._author_id(name, staged) for name in prepared.authors],
            tag_ids=[self._tag_id(name, staged) for name in prepared.tags],
            hero_image=self.store_image(prepared.hero_image) if prepared.hero_image else None,
            social_image=self.store_image(prepared.social_image) if prepared.social_image else None,
            gallery_images=[self.store_image(g.image) for g in prepared.gallery],
            body_images={src: self.store_image(image) for src, image in prepared.body_images},
            live_update_images=[self.store_image(u.image) if u.image else None for u in prepared.live_updates],
        )

    # The vocabulary stage's lookups, one call per name (tests fail one to check atomicity).
    def _author_id(self, name, staged):
        return self.vocabulary.author_id(name, staged)

    def _tag_id(self, name, staged, slug=""):
        return self.vocabulary.tag_id(name, staged, slug)

    def _write_batch(self, creates, existing):
        """Write the batch candidates (record, PreparedArticle) in one savepoint. Returns the
        records written; an empty list when the database refused any of them, and the
        caller then writes them one at a time."""
        if not creates:
            return []
        staged, mark = {}, self.links.mark()
        try:
            with transaction.atomic():
                articles = self.writer.write([self._resolve(p, None, staged) for _, p in creates])
        except (DatabaseError, ImportFailure):
            self.links.forget_since(mark)
            return []
        self.vocabulary.keep(staged)
        for article, (record, p) in zip(articles, creates, strict=True):
            existing[p.external_id] = (article.pk, p.import_hash, timezone.now(), 0)
            self.seen[p.external_id] = p.import_hash
            self._outcome_written(record.origin, article, "created")
        return [record for record, _ in creates]

    def _article(self, record, prepared, existing, *, retried=False):
        origin = record.origin
        if isinstance(prepared, ImportFailure):
            self._outcome("article", "failed", origin, record.headline[:80], str(prepared))
            return
        label = prepared.label
        found = existing.get(prepared.external_id)
        earlier = self.seen.get(prepared.external_id)
        if earlier is not None and earlier != prepared.import_hash:
            reason = (
                f"duplicate: the article {prepared.external_id!r} came earlier in this run with other content; "
                "the first one is kept"
            )
            self._outcome("article", "failed", origin, label, reason)
            return
        if found and self.options.create_only:
            self._outcome("article", "unchanged", origin, label)
            return
        if found:
            pk, old_hash, last_saved_at, n_waiting = found
            if old_hash == prepared.import_hash:
                added = self.links.retry(pk, origin) if n_waiting else 0
                self._outcome("article", "updated" if added else "unchanged", origin, label)
                return
        staged, mark = {}, self.links.mark()
        try:
            with transaction.atomic():
                (article,) = self.writer.write([self._resolve(prepared, found[0] if found else None, staged)])
        except ImportFailure as exc:
            self.links.forget_since(mark)
            self._outcome("article", "failed", origin, label, str(exc))
            return
        except IntegrityError as exc:
            self.links.forget_since(mark)
            if not retried:
                # Another run committed this article, or a name it uses, after this run
                # looked: look again and write against what is there now.
                existing.update(self._existing([prepared.external_id]))
                self._article(record, prepared, existing, retried=True)
                return
            self._outcome("article", "failed", origin, label, explain_refusal(exc, prepared))
            return
        except DatabaseError as exc:  # a value the database refuses
            self.links.forget_since(mark)
            self._outcome("article", "failed", origin, label, explain_refusal(exc, prepared))
            return
        self.vocabulary.keep(staged)
        existing[prepared.external_id] = (article.pk, prepared.import_hash, timezone.now(), 0)
        self.seen[prepared.external_id] = prepared.import_hash
        self._outcome_written(origin, article, "updated" if found else "created")

    # --- everything that is not an article ------------------------------------

    def _other(self, record):
        """Write a ticker, vocabulary, page or redirect record in its own savepoint; a note
        goes to the run's notes."""
        if isinstance(record, NoteRecord):
            self.result.notes.append(f"{record.origin}: {record.text}")
            return
        vocabulary = self.vocabulary
        handler = {
            BreakingRecord: lambda r, staged: breaking.write_breaking(
                r, tz=self.options.tz, edition=self.vocabulary.edition_of(r)
            ),
            AuthorRecord: lambda r, staged: vocabulary.write_author(r, staged, store_image=self.store_image),
            SectionRecord: vocabulary.write_section,
            RegionRecord: vocabulary.write_region,
            TagRecord: vocabulary.write_tag,
            PageRecord: lambda r, staged: pages.write_page(r),
            RedirectRecord: lambda r, staged: redirects.write_redirect(r),
        }[type(record)]
        staged = {}
        try:
            try:
                with transaction.atomic():
                    action, label = handler(record, staged)
            except IntegrityError:
                # Another run created the same row after this one looked: once more, as an update.
                staged = {}
                with transaction.atomic():
                    action, label = handler(record, staged)
        except ImportFailure as exc:
            self._outcome(record.kind, "failed", record.origin, "", str(exc))
            return
        except DatabaseError as exc:
            self._outcome(record.kind, "failed", record.origin, "", f"the database refused it ({str(exc)[:200]})")
            return
        if action is None:  # left out on purpose: ``label`` says why
            self.result.notes.append(f"{record.origin}: {label}")
            return
        vocabulary.keep(staged)
        self._outcome(record.kind, action, record.origin, label)
