"""Links between articles: related links of imported articles, ticker items' articles.

A link names its target by URL (our path or the source URL) or by headline. A related
link whose target is not in the database yet may point forward within the run; it is
kept aside and tried again when the run ends (``RelatedLinks.resolve_pending``).
"""

from collections import Counter
from urllib.parse import urlsplit

from django.db import transaction

from articles.models import Article, RelatedArticle

# Forward references (a related article later in the same run) are retried at the end;
# beyond this many the rest wait for the next run, which retries them anyway.
MAX_PENDING_LINKS = 10_000


def find_article(url="", headline=""):
    """The id of the article a link names: by URL or identity, else by headline; or None."""
    if url:
        hit = Article.objects.filter(external_id=url).values_list("pk", flat=True).first()
        if hit:
            return hit
        path = urlsplit(url).path.strip("/")
        if "/" in path:
            section_path, slug = path.rsplit("/", 1)
            hit = Article.objects.filter(section__path=section_path, slug=slug).values_list("pk", flat=True).first()
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


class RelatedLinks:
    """Writes ``RelatedArticle`` rows for written articles and remembers the unresolved ones.

    ``links`` are PreparedLink objects (``headline``, ``url``); a link's position in its
    list is its position on the page.
    """

    def __init__(self):
        self.pending = []  # (article id, position, link, origin)

    def link(self, article_id, links, origin):
        """Link ``article_id`` to every target found; the number of links added."""
        added = 0
        for position, link in enumerate(links):
            target = find_article(link.url, link.headline)
            if target and target != article_id:
                _, made = RelatedArticle.objects.get_or_create(
                    from_article_id=article_id, to_article_id=target, defaults={"position": position}
                )
                added += made
            elif len(self.pending) < MAX_PENDING_LINKS:
                self.pending.append((article_id, position, link, origin))
        return added

    def retry(self, article_id, links, n_related, origin):
        """An unchanged article whose related links were not all found last time: try again."""
        if n_related >= len(links):
            return 0
        with transaction.atomic():
            return self.link(article_id, links, origin)

    def mark(self):
        """A point to roll the pending list back to (``forget_since``) when a savepoint fails."""
        return len(self.pending)

    def forget_since(self, mark):
        del self.pending[mark:]

    def resolve_pending(self):
        """Link what pointed forward within the run; notes (one per origin) for what is still missing."""
        pending, self.pending = self.pending, []
        if not pending:
            return []
        unresolved = Counter()
        with transaction.atomic():
            for article_id, position, link, origin in pending:
                target = find_article(link.url, link.headline)
                if target and target != article_id:
                    RelatedArticle.objects.get_or_create(
                        from_article_id=article_id, to_article_id=target, defaults={"position": position}
                    )
                else:
                    unresolved[origin] += 1
        return [
            f"{origin}: {n} related link(s) point to articles not in the database yet; "
            "they are linked when a later import brings those articles"
            for origin, n in unresolved.items()
        ]
