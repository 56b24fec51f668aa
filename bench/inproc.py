"""In-process measurements: SQL queries and render time per page (Django test client,
full middleware stack, production settings, page caching as configured).

    python bench/inproc.py urls                # the bench targets, one line
    python bench/inproc.py measure --n 200     # queries and render times of every page
        # type (PAGES), warm (fragments cached as configured) and cold (the shared cache
        # emptied before each request)
    python bench/inproc.py search --n 200      # search p50/p95 over varied queries
    python bench/inproc.py cold --base http://127.0.0.1:8000 --n 50 [--mode empty]
        # every cache cold: each request to a running server (same settings) the first
        # after a change to that page (--mode empty: after the shared cache was emptied),
        # one request at a time; prints median ms per page
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


# What ``measure`` covers: every public page type a reader (or a crawler) is served.
PAGES = (
    "article",
    "home",
    "section",
    "tag",
    "author",
    "authors",
    "region",
    "search",
    "corrections",
    "rss",
    "sitemap",
    "sitemap-articles",
    "sitemap-tags",
    "sitemap-news",
)


def target_article():
    """The article page measured: the newest story of news/politics."""
    from articles.models import Article

    return Article.objects.published().filter(section__path="news/politics").newest_first().first()


def targets():
    """Page name -> URL of one page of each type (``PAGES``, plus ``static``), picked in
    the bench data: the busiest tag, author and region, so a listing's cost grows with
    the archive if anything does."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db.models import Count
    from taggit.models import Tag

    from articles.editions import reverse
    from articles.models import Author, Byline, Region, TaggedArticle

    article = target_article()
    section = article.section
    busiest_tag = TaggedArticle.objects.values("tag_id").annotate(n=Count("*")).order_by("-n", "tag_id")[:1]
    tag = Tag.objects.get(pk=busiest_tag[0]["tag_id"])
    busiest_author = Byline.objects.values("author_id").annotate(n=Count("*")).order_by("-n", "author_id")[:1]
    author = Author.objects.get(pk=busiest_author[0]["author_id"])
    region = Region.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n", "slug").first()
    urls = {
        "article": article.get_absolute_url(),
        "home": reverse("public:home"),
        "section": section.get_absolute_url(),
        "tag": reverse("public:tag", kwargs={"slug": tag.slug}),
        "author": reverse("public:author", kwargs={"slug": author.slug}),
        "authors": reverse("public:authors"),
        "search": reverse("public:search") + "?q=sanctions+syria",
        "corrections": reverse("public:corrections"),
        "rss": reverse("public:rss_latest"),
        "sitemap": reverse("public:sitemap_index"),
        "sitemap-articles": reverse("public:sitemap", kwargs={"section": "articles"}),
        "sitemap-tags": reverse("public:sitemap", kwargs={"section": "tags"}),
        "sitemap-news": reverse("public:sitemap_news"),
        "static": staticfiles_storage.url("css/site.css"),
    }
    if region is not None:
        urls["region"] = reverse("public:region", kwargs={"slug": region.slug})
    return urls


def timed(client, url, n, cold=False):
    """Median and p95 ms of ``n`` requests to ``url``; with ``cold`` the shared cache is
    emptied before each one (not timed), so every fragment is rendered anew: new version
    tokens are made, so the per-process layer misses too."""
    from django.core.cache import cache

    times = []
    for _ in range(n):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 2),
        "n": n,
        "bytes": len(response.content),
    }


def count_queries(client, url, cold=False):
    """SQL queries of one request to ``url``: after a warming request (per-process caches:
    menus, ticker), or with ``cold`` right after the shared cache was emptied."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, HTTP_HOST="127.0.0.1")
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, HTTP_HOST="127.0.0.1")
    return len(ctx.captured_queries)


def _change(name, article):
    """A change to page ``name`` as the newsroom makes one, through the ORM (so its
    signals invalidate what it touches in the shared cache, as an editor's save does):
    the article page's story edited; for home and section, the newest story re-timed by
    a microsecond (a placement change: it touches what a publish touches — home, its
    sections up the tree, its tags, authors, feeds)."""
    from datetime import timedelta

    from articles.models import Article

    if name == "article":
        article.save()
        return
    newest = Article.objects.published().filter(section=article.section).newest_first().first()
    step = timedelta(microseconds=1 if newest.pk % 2 else -1)
    newest.published_at += step
    newest.save()


def cold(base, urls, n, mode="change"):
    """Median ms of ``n`` requests per page to the server at ``base`` (same settings, so
    the same shared cache), one at a time, each the first after:

    - ``mode="change"``: a change to that page (``_change``): what the issue calls every
      cache cold, the first request after a change to that page. What the change did not
      touch (other stories' cards, the chrome) stays cached, as on a real site;
    - ``mode="empty"``: the shared cache emptied: every version token, fragment, clock
      and page gone, so the request rebuilds all it shows. The per-process layer in the
      workers holds fragments under version tokens only, and emptied tokens are made
      anew, so it misses too."""
    import urllib.request

    from django.core.cache import cache

    article = target_article()
    result = {}
    for name in ("article", "home", "section"):
        times = []
        for _ in range(n):
            if mode == "empty":
                cache.clear()
            else:
                _change(name, article)
            started = time.perf_counter()
            with urllib.request.urlopen(base + urls[name]) as response:
                response.read()
                assert response.status == 200, (name, response.status)
            times.append((time.perf_counter() - started) * 1000)
        result[name] = {"median_ms": round(statistics.median(times), 2), "n": n}
    return result


def main():
    import django

    django.setup()
    from django.test import Client

    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["urls", "measure", "search", "cold"])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--base", help="cold: the running server's address")
    parser.add_argument("--mode", choices=["change", "empty"], default="change", help="cold: after what")
    parser.add_argument("--json")
    args = parser.parse_args()
    client = Client()
    urls = targets()
    if args.what == "urls":
        print(" ".join(urls[k] for k in ("article", "home", "section", "search", "static")))
        return
    result = {}
    if args.what == "cold":
        result = cold(args.base, urls, args.n, args.mode)
    elif args.what == "measure":
        for name in PAGES:
            if name not in urls:
                continue
            result[name] = {"url": urls[name]}
            for mode in ("warm", "cold"):
                cold_run = mode == "cold"
                result[name][mode] = {
                    "queries": count_queries(client, urls[name], cold=cold_run),
                    **timed(client, urls[name], args.n, cold=cold_run),
                }
            warm, cold_ = result[name]["warm"], result[name]["cold"]
            print(
                f"   {name:16} warm {warm['median_ms']:7.2f} ms ({warm['queries']:2d} q)  "
                f"cold {cold_['median_ms']:7.2f} ms ({cold_['queries']:2d} q)  {warm['bytes']:7d} bytes  {urls[name]}"
            )
    else:
        from articles.models import Article

        words = [
            "sanctions",
            "syria",
            '"security council"',
            "ceasefire -gaza",
            "oil prices",
            "parliament vote",
            "drone",
            "refugees hospital",
            "inflation currency",
            "border agreement",
        ]
        times = []
        for i in range(args.n):
            q = words[i % len(words)]
            started = time.perf_counter()
            list(Article.objects.published().search(q).for_listing()[:20])
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        result["fts"] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
            "n": args.n,
        }
        print(
            f"   search (first page of 20, varied queries): p50 {result['fts']['p50_ms']} ms, p95 {result['fts']['p95_ms']} ms"
        )
    if args.what == "cold":
        print(json.dumps(result))
        return
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
