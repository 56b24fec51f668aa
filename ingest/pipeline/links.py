"""Links between articles: related lists of imported articles, ticker items' articles.

A link names its target by URL (our path or the source URL) or by headline. An imported
page's related list is kept whole, in the page's order: an entry whose story is in the
database is linked at once; the others are stored waiting (``RelatedArticle`` without
``to_article``, with the page's headline and URL) and are linked when a later import,
or a later record of the same run, brings their story (``RelatedLinks.arrived``).
"""

import string
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Upper

from articles import editions
from articles.models import Article, RelatedArticle

ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
# Articles whose waiting entries the run's notes count; beyond this many the notes stop
# counting (the entries are stored all the same).
MAX_NOTED_ARTICLES = 10_000


def find_article(url="", headline=""):
    """The id of the article a link names: by URL or identity, else by headline; or None."""
    if url:
        hit = Article.objects.filter(external_id=url).values_list("pk", flat=True).first()
        if hit:
            return hit
        path = urlsplit(url).path
        # Our own path names the edition by its prefix ("/ar/…"; none: the default edition).
        edition = editions.from_path(path)
        path = path.strip("/").removeprefix(f"{edition.prefix}/") if edition.prefix else path.strip("/")
        if "/" in path:
            section_path, slug = path.rsplit("/", 1)
            hit = (
                Article.objects.filter(section__path=section_path, slug=slug, edition=edition.code)
                .values_list("pk", flat=True)
                .first()
            )
            if hit:
                return hit
    if headline:
        return (
            Article.objects.filter(headline__iexact=headline)
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
    return None


def addresses(article):
    """Every address a related entry may give for ``article``: its identity (the source
    URL of an imported page), its path on this site and that path under ``SITE_URL``."""
    path = article.get_absolute_url()
    return {article.external_id, path, urljoin(settings.SITE_URL + "/", path.lstrip("/"))} - {""}


class RelatedLinks:
    """Writes imported articles' related lists as ``RelatedArticle`` rows, linked or waiting,
    and links the waiting rows of earlier articles when their story is written.

    ``links`` are PreparedLink objects (``headline``, ``url``); a link's position in its
    list is its position on the page.
    """

    def __init__(self):
        self.waiting = {}  # article id -> origin: written this run with waiting entries

    def link(self, article_id, links, origin):
        """Write ``links`` as the related list of ``article_id`` (which has none now); the
        number linked to a story. A link to the article itself, or a second link to the
        same story, is left out."""
        rows, targets = [], set()
        for position, link in enumerate(links):
            target = find_article(link.url, link.headline)
            if target == article_id or (target and target in targets):
                continue
            targets.add(target)
            rows.append(
                RelatedArticle(
                    from_article_id=article_id,
                    to_article_id=target,
                    position=position,
                    headline=link.headline,
                    url=link.url,
                )
            )
        RelatedArticle.objects.bulk_create(rows)
        linked = sum(1 for row in rows if row.to_article_id)
        if linked < len(rows) and len(self.waiting) < MAX_NOTED_ARTICLES:
            self.waiting[article_id] = origin
        return linked

    def retry(self, article_id, origin):
        """Link the waiting entries of an unchanged article to the stories the database holds
        now (brought by other means than an import); the number linked."""
        linked = 0
        taken = set(
            RelatedArticle.objects.filter(from_article_id=article_id, to_article__isnull=False).values_list(
                "to_article_id", flat=True
            )
        )
        for row in RelatedArticle.objects.filter(from_article_id=article_id, to_article__isnull=True):
            target = find_article(row.url, row.headline)
            if target and target != article_id and target not in taken:
                row.to_article_id = target
                row.save(update_fields=["to_article"])
                taken.add(target)
                linked += 1
        if linked and len(self.waiting) < MAX_NOTED_ARTICLES:
            self.waiting[article_id] = origin
        return linked

    def arrived(self, articles):
        """Link the waiting entries that name any of ``articles`` (just written) by one of
        its ``addresses`` or, failing that, by its headline (any case); one query to find
        them. An entry of an article that links that story already is dropped."""
        by_address, by_headline = {}, {}
        for article in articles:
            for address in addresses(article):
                by_address[address] = article.pk
            by_headline.setdefault(article.headline.casefold(), article.pk)
        if not by_address:
            return
        # The headlines as the database's UPPER() gives them: every letter on PostgreSQL,
        # ASCII letters only on SQLite; plain parameters (an expression each costs a compile).
        headlines = set()
        for article in articles:
            headlines |= {article.headline.upper(), article.headline.translate(ASCII_UPPER)}
        waiting = (
            RelatedArticle.objects.alias(key=Upper("headline"))
            .filter(to_article__isnull=True)
            .filter((Q(url__in=list(by_address)) & ~Q(url="")) | (Q(key__in=list(headlines)) & ~Q(headline="")))
        )
        rows = list(waiting.order_by("from_article_id", "position"))
        taken = defaultdict(set)
        for from_id, to_id in RelatedArticle.objects.filter(
            from_article_id__in={row.from_article_id for row in rows}, to_article__isnull=False
        ).values_list("from_article_id", "to_article_id"):
            taken[from_id].add(to_id)
        for row in rows:
            target = by_address.get(row.url) or by_headline.get(row.headline.casefold())
            if target is None or target == row.from_article_id:
                continue
            if target in taken[row.from_article_id]:
                row.delete()  # the list links that story already
                continue
            row.to_article_id = target
            row.save(update_fields=["to_article"])
            taken[row.from_article_id].add(target)

    def mark(self):
        """A point to roll the noted articles back to (``forget_since``) when a savepoint fails."""
        return len(self.waiting)

    def forget_since(self, mark):
        for article_id in list(self.waiting)[mark:]:
            del self.waiting[article_id]

    def notes(self):
        """One note per article of this run whose related list still waits for stories, in
        the order they were written."""
        counts = dict(
            RelatedArticle.objects.filter(from_article_id__in=list(self.waiting), to_article__isnull=True)
            .values("from_article_id")
            .annotate(n=Count("pk"))
            .values_list("from_article_id", "n")
        )
        return [
            f"{origin}: {counts[article_id]} related link(s) point to articles not in the database yet; "
            "they are linked when a later import brings those articles"
            for article_id, origin in self.waiting.items()
            if counts.get(article_id)
        ]
