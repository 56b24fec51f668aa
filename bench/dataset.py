"""Deterministic benchmark data: N published articles across every section, each with
4 tags, an author, one or two regions and a hero image; read counters for the last 7 days (Zipf: a few
stories read a lot, most a little, about 2.8 rows per article as a real week gives) and
a live breaking ticker. Used by bench/http, bench/scale and bench/writeload.

Run inside Django (``python bench/dataset.py N``) against whatever DATABASE_URL says.
Rows are written in bulk (the derived fields are computed exactly as ``save()`` does),
so 100 000 articles take a minute or two rather than an hour.
"""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

WORDS = [
    "government",
    "minister",
    "talks",
    "ceasefire",
    "sanctions",
    "economy",
    "election",
    "parliament",
    "protest",
    "border",
    "agreement",
    "security",
    "council",
    "summit",
    "oil",
    "gas",
    "prices",
    "inflation",
    "currency",
    "strike",
    "drone",
    "army",
    "resistance",
    "occupation",
    "refugees",
    "hospital",
    "aid",
    "convoy",
    "negotiations",
    "delegation",
    "president",
    "statement",
    "spokesperson",
    "region",
    "capital",
    "crisis",
    "reform",
    "budget",
    "trade",
    "exports",
    "ports",
    "shipping",
    "court",
    "ruling",
    "vote",
    "coalition",
    "opposition",
    "campaign",
    "infrastructure",
    "water",
    "electricity",
    "drought",
]
PLACES = [
    "Syria",
    "Lebanon",
    "Gaza",
    "Yemen",
    "Iran",
    "Iraq",
    "Russia",
    "China",
    "Venezuela",
    "Cuba",
    "Egypt",
    "Jordan",
    "Turkey",
    "Sudan",
]
TAGS = [f"{p}" for p in PLACES] + [f"{w.title()} {p}" for w in WORDS[:46] for p in PLACES[:1]]


def _vocabulary(size=4000):
    """Real words first, then pronounceable made-up ones, with Zipf weights: like real
    text, a few words are everywhere and most are rare (a 50-word vocabulary would make
    every query match every article, which no archive does)."""
    rng = random.Random(7)
    syllables = "ba ka ra ma sa ta la na da ri mi ki zu to po ve lo an el or um is".split()
    made_up = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)}
    vocab = WORDS + sorted(made_up - set(WORDS))[: size - len(WORDS)]
    rng.shuffle(vocab)
    weights, total = [], 0.0
    for rank in range(1, len(vocab) + 1):
        total += 1 / rank
        weights.append(total)
    return vocab, weights


VOCAB, CUM_WEIGHTS = _vocabulary()


def sentence(rng, n=14):
    words = rng.choices(VOCAB, cum_weights=CUM_WEIGHTS, k=n)
    words[rng.randrange(n)] = rng.choice(PLACES)
    return " ".join(words).capitalize() + "."


def generate(n, batch=1000, seed=42, stdout=sys.stdout):
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone
    from PIL import Image as PILImage
    from taggit.models import Tag

    from articles.models import Article, Author, Byline, Image, Region, Section, TaggedArticle

    rng = random.Random(seed)
    started = time.perf_counter()
    sections = list(Section.objects.all())
    regions = list(Region.objects.order_by("pk"))
    ArticleRegion = Article.regions.through
    authors = [Author.objects.get_or_create(name=f"Bench Author {i}")[0] for i in range(24)]
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})[0] for name in TAGS]
    # A few real images with real renditions; each article gets its own Image row
    # sharing those files (as a newsroom's photo library reuses agency pictures).
    prototypes = []
    for i in range(8):
        import io

        buf = io.BytesIO()
        PILImage.new("RGB", (1600, 900), (40 + i * 25, 60, 120 - i * 10)).save(buf, "JPEG", quality=80)
        img = Image(alt_text=f"Bench picture {i}", caption=f"Caption {i}", credit="Bench")
        img.file.save(f"bench-{i}.jpg", ContentFile(buf.getvalue()), save=True)
        prototypes.append(img)
    now = timezone.now()
    made = Article.objects.filter(external_id__startswith="bench:").count()
    grown = made < n
    while made < n:
        size = min(batch, n - made)
        with transaction.atomic():
            images = Image.objects.bulk_create(
                [
                    Image(
                        file=p.file.name,
                        alt_text=p.alt_text,
                        caption=p.caption,
                        credit=p.credit,
                        width=p.width,
                        height=p.height,
                        renditions=p.renditions,
                        rendered_from=p.file.name,
                    )
                    for p in (prototypes[(made + i) % len(prototypes)] for i in range(size))
                ]
            )
            articles = []
            for i in range(size):
                k = made + i
                headline = f"{sentence(rng, 8)[:-1]} ({k})"
                article = Article(
                    headline=headline,
                    slug=f"bench-article-{k}",
                    section=sections[k % len(sections)],
                    standfirst=sentence(rng, 25),
                    body="".join(f"<p>{sentence(rng, 100)}</p>" for _ in range(6)),
                    source="Agencies",
                    hero_image=images[i],
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=k * 7 + 5),
                    external_id=f"bench:{k}",
                )
                article.compute_derived()
                articles.append(article)
            # Tags drawn in the same order as ever (same data for the same seed); the
            # stored tag list and search names are set before the insert, so the search
            # index trigger runs once per row (PostgreSQL folds and stems every body).
            picked = [rng.sample(tags, 4) for _ in articles]
            for i, (article, its_tags) in enumerate(zip(articles, picked, strict=True)):
                author = authors[(made + i) % len(authors)]
                article.tag_list = [[t.pk, t.name, t.slug] for t in its_tags]
                article.search_extra = "\n".join([author.name, *sorted(t.name for t in its_tags)])
            articles = Article.objects.bulk_create(articles)
            Byline.objects.bulk_create(
                [
                    Byline(article=a, author=authors[(made + i) % len(authors)], position=0)
                    for i, a in enumerate(articles)
                ]
            )
            if regions:
                ArticleRegion.objects.bulk_create(
                    [
                        ArticleRegion(article_id=a.pk, region_id=regions[(made + i + j * 3) % len(regions)].pk)
                        for i, a in enumerate(articles)
                        for j in range(1 + ((made + i) % 3 == 0))
                    ]
                )
            TaggedArticle.objects.bulk_create(
                [
                    TaggedArticle(content_object=a, tag=t)
                    for a, its_tags in zip(articles, picked, strict=True)
                    for t in its_tags
                ]
            )
            # What signals would have derived, checked: rewrites only rows whose search
            # names differ (the database's collation orders tag names), none as a rule.
            Article.objects.filter(pk__in=[a.pk for a in articles]).refresh_search_extra()
        made += size
        stdout.write(f"\r   {made}/{n} articles ({time.perf_counter() - started:.0f} s)")
        stdout.flush()
    stdout.write("\n")
    # Related suggestions as save() stores them, once every article is in (a batch's
    # stories rank the older ones of later batches too): one query per article.
    refreshed = Article.objects.filter(external_id__startswith="bench:").published()
    if grown:
        refreshed.refresh_suggested_related()
    else:
        refreshed.filter(suggested_related__isnull=True).refresh_suggested_related()
    stdout.write(f"   related suggestions stored ({time.perf_counter() - started:.0f} s)\n")
    add_reads_and_ticker(rng, now)


def add_reads_and_ticker(rng, now, read_rows=5600, ticker_items=10):
    """Read counters (``read_rows`` rows over the last 7 days, Zipf over the 2 000 newest
    articles: the 5 600 of issue 13) and ``ticker_items`` live breaking items, unless the
    database has them already; then Most Read ranked as the timer would."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, BreakingItem, DailyReadCount, MostRead

    if not DailyReadCount.objects.exists():
        ids = list(Article.objects.published().newest_first().values_list("pk", flat=True)[:2000])
        weights = [1 / rank for rank in range(1, len(ids) + 1)]
        today = timezone.localdate()
        rows = {}
        while len(rows) < min(read_rows, len(ids) * 7):
            article_id = rng.choices(ids, weights=weights)[0]
            day = today - timedelta(days=rng.randrange(7))
            rows[(article_id, day)] = rows.get((article_id, day), 0) + rng.randint(1, 400)
        DailyReadCount.objects.bulk_create(
            [DailyReadCount(article_id=a, day=d, reads=n) for (a, d), n in rows.items()], batch_size=1000
        )
    if not BreakingItem.objects.exists():
        for i in range(ticker_items):
            BreakingItem.objects.create(
                text=f"Bench breaking line {i}: {sentence(rng, 10)}", starts_at=now - timedelta(minutes=5 * i)
            )
    MostRead.objects.refresh()


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
