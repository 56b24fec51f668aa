"""The demo content of ``manage.py seed_demo``: a plan of articles made from the story
templates of ``demo.stories`` and the drawn pictures of ``demo.pictures``, then written
to the database.

The plan depends only on the section tree (created by a migration) and ``per_leaf``, so
every run plans the same headlines, bodies and pictures; the write skips what exists
(articles by ``external_id`` ``"demo:<n>"``, pictures by file name, authors by name,
breaking items by ``external_id``), so a second run creates nothing.
"""

import random
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from articles import editions, frontpage
from articles.models import (
    Article,
    Author,
    BreakingItem,
    Byline,
    DailyReadCount,
    GalleryItem,
    Image,
    LiveUpdate,
    Region,
    RelatedArticle,
    Section,
    TaggedArticle,
)
from articles.signals import content_changed
from demo import pictures, stories

DEMO_CREDIT = "Al Mayadeen demo illustration"
ARTICLES_PER_LEAF = 14  # 20 leaf sections → 280 articles
# Variants drawn per scene kind: more of the kinds many stories use.
VARIANTS = {
    "skyline": 6,
    "harbour": 3,
    "parliament": 3,
    "desert-road": 3,
    "stadium": 3,
    "refinery": 3,
    "market": 4,
    "chart": 3,
    "podium": 3,
    "hospital": 2,
    "wheat-field": 3,
    "data-centre": 2,
}
GALLERY_SIZE = 5
NUMBER_WORDS = ["three", "four", "five", "six", "seven", "eight", "nine"]
PICTURE_NAME = re.compile(r"demo-(?P<kind>[a-z-]+)-(?P<variant>\d+)(_\w+)?\.jpg$")

PERSONS = [
    ("Leila Haddad", "Political correspondent"),
    ("Omar Khalil", "Economy editor"),
    ("Sofia Marquez", "Latin America correspondent"),
    ("Karim Nassar", "Senior analyst"),
    ("Maya Saad", "Culture writer"),
    ("Ali Rida", "Video producer"),
    ("Nour Fares", "Health reporter"),
    ("Daniel Ruiz", "Opinion contributor"),
]
HOUSE = ("Al Mayadeen English", "al-mayadeen-english")
# Who usually writes a beat (index into PERSONS); others share the rest.
WRITER_OF_BEAT = {
    "politics": 0,
    "economy": 1,
    "analysis": 3,
    "culture": 4,
    "video": 5,
    "health": 6,
    "opinion": 7,
}
VIDEO_URLS = [
    "https://www.youtube.com/watch?v=M7lc1UVf-VE",
    "https://vimeo.com/76979871",
    "https://youtu.be/aqz-KE-bpKQ",
]
FORMAT_OF_TOP = {
    "videos": Article.Format.VIDEO,
    "infographs": Article.Format.INFOGRAPH,
    "in-pictures": Article.Format.GALLERY,
    "live": Article.Format.LIVE,
}


@dataclass
class SeedResult:
    """What one run created: kind ("articles", "images"...) → count."""

    created: dict = field(default_factory=dict)

    def add(self, kind, n=1):
        self.created[kind] = self.created.get(kind, 0) + n


@dataclass(frozen=True)
class PlannedArticle:
    """One demo article before it is written: ``n`` (its ``external_id`` is
    ``demo:<n>``; lower is newer), where it goes, its words, and its pictures as
    (kind, variant) keys of ``VARIANTS``."""

    n: int
    section: Section
    beat: str
    place: stories.Place
    headline: str
    standfirst: str
    body: str
    tags: tuple
    hero: tuple
    gallery: tuple = ()
    live_updates: tuple = ()


class _PicturePicker:
    """Which variant of a scene kind an article gets: not one of the pictures the last
    articles of its top section or of the whole site show (they stand side by side on the
    home page), else the variant unused longest."""

    def __init__(self):
        self.last_used, self.recent_site, self.recent_top = {}, deque(maxlen=6), defaultdict(lambda: deque(maxlen=4))

    def __call__(self, kind, top, n):
        def cost(variant):
            key = (kind, variant)
            return (key in self.recent_top[top], key in self.recent_site, self.last_used.get(key, -1))

        key = (kind, min(range(VARIANTS[kind]), key=cost))
        self.last_used[key] = n
        self.recent_site.append(key)
        self.recent_top[top].append(key)
        return key


def _numbers(rng):
    """The figures one article quotes, by slot; small counts in words, as copy writes them."""
    return {
        "few": rng.choice(NUMBER_WORDS),
        "seats": rng.randint(12, 60),
        "dozens": rng.randint(12, 48),
        "pct": rng.randint(8, 35),
        "k": rng.randint(2, 30),
        "temp": rng.randint(41, 48),
        "turnout": rng.randint(52, 78),
        "nth": rng.choice(stories.ORDINALS),
    }


def _fill(template, slots):
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def _choose_stories(slug, count, used_headlines, place_uses):
    """``count`` (story, place, slots) picks for the section ``slug``: templates in
    turn, each with the place (fitting its traits) used least so far across the site,
    skipping any headline already taken. ``slots`` fill the templates (place, actor,
    numbers). Raises ValueError when the templates cannot give ``count`` distinct
    headlines."""
    templates = stories.STORIES[slug]
    order = list(stories.PLACES)
    random.Random(f"places:{slug}").shuffle(order)
    picks, taken = [], set()
    for turn in range(count * len(templates)):
        if len(picks) == count:
            break
        story = templates[turn % len(templates)]
        candidates = sorted((p for p in order if story.fits(p)), key=lambda p: place_uses[p.city])
        numbers = _numbers(random.Random(f"numbers:{slug}:{len(picks)}"))
        for place in candidates:
            actor = story.actors[len(picks) % len(story.actors)]
            # Numbers in a headline would let one place repeat a template with other
            # figures: a template, place and actor make one story, once.
            key = (story.headline, place.city, actor)
            slots = {"city": place.city, "country": place.country, "adj": place.adj, "actor": actor, "fm": place.fm}
            slots.update(numbers)
            headline = _fill(story.headline, slots)
            if key in taken or headline in used_headlines:
                continue
            taken.add(key)
            used_headlines.add(headline)
            place_uses[place.city] += 1
            picks.append((story, place, slots))
            break
    if len(picks) < count:
        raise ValueError(f"The templates of {slug!r} give only {len(picks)} distinct headlines, {count} wanted.")
    return picks


def _body(beat, story, slots, rng):
    """The body HTML: the story's lede, then paragraphs of its beat around a sub-heading;
    hard news adds a quote, context and a closing line; an infograph explains its chart.

    Each paragraph after the lede draws its own figures, so one number never stands for
    two things in one article.
    """
    if beat == "infograph":
        return f"<p>{_fill(story.lede, slots)}</p>" + "".join(b.format(**slots) for b in stories.INFOGRAPH_BODY)
    pool = stories.PARAGRAPHS[beat]
    if beat in stories.HARD_NEWS:
        chosen = rng.sample(pool, 5)
        first = [*chosen[:2], rng.choice(stories.QUOTES)]
        second = [rng.choice(stories.CONTEXT), *chosen[2:], rng.choice(stories.CLOSINGS)]
    else:
        # Features, columns and blogs read in their pool's order: a subset, kept in order.
        size = 2 if beat in ("video", "gallery") else len(pool) - 1
        chosen = [pool[i] for i in sorted(rng.sample(range(len(pool)), size))]
        middle = (len(chosen) + 1) // 2
        first, second = chosen[:middle], chosen[middle:]
    html = [f"<p>{_fill(story.lede, slots)}</p>"]
    html += [f"<p>{_fill(p, {**slots, **_numbers(rng)})}</p>" for p in first]
    html.append(f"<h2>{rng.choice(stories.SUBHEADS[beat])}</h2>")
    html += [f"<p>{_fill(p, {**slots, **_numbers(rng)})}</p>" for p in second]
    return "".join(html)


def plan_articles(leaves, per_leaf=ARTICLES_PER_LEAF):
    """The demo articles for the leaf sections ``leaves`` (in path order), ``per_leaf``
    each, as ``PlannedArticle``s ordered by ``n``: the same list on every run.

    Articles alternate between sections (n = k × len(leaves) + section index), so the
    newest stories on the home page come from every part of the site.
    """
    used_headlines, place_uses = set(), Counter()
    choices = {s.slug: _choose_stories(s.slug, per_leaf, used_headlines, place_uses) for s in leaves}
    plan, story_uses, pick = [], Counter(), _PicturePicker()
    for k in range(per_leaf):
        for index, section in enumerate(leaves):
            n = k * len(leaves) + index
            story, place, slots = choices[section.slug][k]
            rng = random.Random(f"article:{section.slug}:{k}")
            beat = story.beat or stories.BEAT_OF_SECTION[section.slug]
            kind = story.kinds[story_uses[story.headline] % len(story.kinds)]
            story_uses[story.headline] += 1
            hero = pick(kind, section.path.split("/")[0], n)
            gallery, updates = (), ()
            if section.slug == "in-pictures":
                # The hero first, then the story's kinds in turn, each in a new variant.
                start = story.kinds.index(kind)
                kinds = story.kinds[start:] + story.kinds[:start]
                turns = ((gk, (hero[1] + r) % VARIANTS[gk]) for r in range(max(VARIANTS.values())) for gk in kinds)
                gallery = tuple(dict.fromkeys(turns))[:GALLERY_SIZE]
            if section.slug == "live":
                # The opening post, then five of the others in their order.
                posts = stories.LIVE_UPDATES[story.updates]
                chosen = [posts[i] for i in [0, *sorted(rng.sample(range(1, len(posts)), 5))]]
                updates = tuple((_fill(t, slots) if t else "", _fill(b, slots)) for t, b in chosen)
            plan.append(
                PlannedArticle(
                    n=n,
                    section=section,
                    beat=beat,
                    place=place,
                    headline=_fill(story.headline, slots),
                    standfirst=_fill(story.standfirst, slots),
                    body=_body(beat, story, slots, rng),
                    tags=(place.tag, *story.tags),
                    hero=hero,
                    gallery=gallery,
                    live_updates=updates,
                )
            )
    return plan


def _pictures(result):
    """Every (kind, variant) of ``VARIANTS`` → its ``Image``, drawing only those not stored
    yet (found by the kind and variant in their file name)."""
    stored = {}
    for pk, name in Image.objects.filter(credit=DEMO_CREDIT).values_list("pk", "file"):
        match = PICTURE_NAME.search(name or "")
        if match:
            stored.setdefault((match["kind"], int(match["variant"])), pk)
    images = {i.pk: i for i in Image.objects.filter(pk__in=stored.values())}
    out = {}
    for kind, count in VARIANTS.items():
        for variant in range(count):
            if (kind, variant) in stored:
                out[kind, variant] = images[stored[kind, variant]]
                continue
            picture = pictures.draw_scene(kind, variant)
            image = Image(alt_text=picture.alt_text, caption=picture.caption, credit=DEMO_CREDIT)
            image.file.save(picture.file_name, ContentFile(picture.jpeg), save=False)
            image.save()
            out[kind, variant] = image
            result.add("images")
    return out


def _authors(result):
    authors = []
    for i, (name, role) in enumerate(PERSONS):
        author = Author.objects.filter(name=name).first()
        if author is None:
            photo = Image(alt_text=f"Portrait of {name}", caption=f"Portrait of {name}.", credit=DEMO_CREDIT)
            photo.file.save(f"author-{i}.jpg", ContentFile(pictures.draw_portrait(i)), save=False)
            photo.save()
            author = Author.objects.create(
                name=name,
                role=role,
                photo=photo,
                bio=f"{name} is {role.lower()} at Al Mayadeen English, reporting on the region since 2015.",
                x_handle=name.split()[0].lower() + "_am",
            )
            result.add("authors")
        authors.append(author)
    house, _ = Author.objects.get_or_create(
        slug=HOUSE[1], defaults={"name": HOUSE[0], "is_organisation": True, "bio": "The newsroom."}
    )
    return authors, house


def seed_demo(per_leaf=ARTICLES_PER_LEAF):
    """Create the demo content that is not there yet; return a ``SeedResult``.

    One transaction: an interrupted run leaves nothing half made.
    """
    result = SeedResult()
    now = timezone.now()
    with transaction.atomic():
        images = _pictures(result)
        authors, house = _authors(result)
        # The generated stories are the default edition's; demo.editions writes the others'.
        regions = {r.slug: r for r in Region.objects.filter(edition=editions.default_code())}
        leaves = [
            s
            for s in Section.objects.filter(edition=editions.default_code()).order_by("path")
            if not s.children.exists()
        ]
        plan = plan_articles(leaves, per_leaf)
        existing = set(Article.objects.filter(external_id__startswith="demo:").values_list("external_id", flat=True))
        rows = _Rows()
        made = {}
        for item in plan:
            if f"demo:{item.n}" not in existing:
                made[item.n] = _write_article(item, now, images, authors, house, rows)
                result.add("articles")
        rows.write(regions)
        # Editors' choices and explicit related links, only for new articles.
        for n, article in made.items():
            if n < 7:
                frontpage.place_in_top(article, n + 1)
            if n % 5 == 0 and n + 60 in made and n + 90 in made:
                for pos, other in enumerate((made[n + 60], made[n + 90])):
                    RelatedArticle.objects.get_or_create(
                        from_article=article, to_article=other, defaults={"position": pos}
                    )

        ids = dict(Article.objects.filter(external_id__startswith="demo:").values_list("external_id", "pk"))
        today = timezone.localdate()
        # Reads spread over the last week, as Most Read (7 days) and the dashboard's chart
        # of the week's reads show them; a third of the stories were read today.
        for n in range(0, 120, 3):
            pk = ids.get(f"demo:{n}")
            if pk:
                day = today - timedelta(days=(n // 3) % 7 if n % 9 else 0)
                _, created = DailyReadCount.objects.get_or_create(
                    article_id=pk, day=day, defaults={"reads": 1000 - ((n * 37) % 997)}
                )
                result.add("view counts", created)

        # A breaking line links to the newest demo story of its section and city, if any.
        newest = {}
        for item in plan:
            newest.setdefault((item.section.slug, item.place.city), item.n)
        for i, line in enumerate(stories.BREAKING):
            n = newest.get(line.link)
            _, created = BreakingItem.objects.get_or_create(
                external_id=f"demo:breaking:{i}",
                defaults={
                    "text": line.text,
                    "attribution": line.attribution,
                    "starts_at": now - timedelta(minutes=6 * i + 1),
                    "article_id": ids.get(f"demo:{n}") if n is not None else None,
                },
            )
            result.add("breaking items", created)
    return result


@dataclass
class _Rows:
    """The rows around new articles (bylines, tags, regions), inserted in one batch per
    table after the articles: one query each instead of several per article. Their
    post_save and m2m_changed signals are not sent (bulk_create), so ``write`` refreshes
    the articles' ``search_extra`` and sends the one ``content_changed`` they would have
    sent, as the importer's batches do."""

    bylines: list = field(default_factory=list)
    tags: list = field(default_factory=list)  # (article, tag name)
    regions: list = field(default_factory=list)  # (article, region slug)

    def write(self, regions):
        Byline.objects.bulk_create(self.bylines)
        tags = {}
        for name in dict.fromkeys(name for _, name in self.tags):
            # Tags compare case-insensitively (TAGGIT_CASE_INSENSITIVE): reuse "gaza" for "Gaza".
            tags[name] = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        TaggedArticle.objects.bulk_create(
            [TaggedArticle(content_object=article, tag=tags[name]) for article, name in self.tags]
        )
        Through = Article.regions.through
        Through.objects.bulk_create(
            [Through(article=article, region=regions[slug]) for article, slug in self.regions if slug in regions]
        )
        # bulk_create sends no post_save either: without this the demo's stories could
        # not be found by their authors' or tags' names (articles.search).
        articles = {row.article_id for row in self.bylines} | {article.pk for article, _ in self.tags}
        Article.objects.filter(pk__in=articles).refresh_search_extra()
        content_changed.send(sender=Article)


def _write_article(item, now, images, authors, house, rows):
    rng = random.Random(f"write:{item.n}")
    top = item.section.path.split("/")[0]
    fmt = FORMAT_OF_TOP.get(top, Article.Format.STANDARD)
    if item.n % 4 == 0:
        byline = [house]
    elif item.beat in WRITER_OF_BEAT and item.n % 3:
        byline = [authors[WRITER_OF_BEAT[item.beat]]]
    elif item.place.region == "latin-america":
        byline = [authors[2]]
    else:  # the generalists: not the Latin America correspondent
        byline = rng.sample([a for i, a in enumerate(authors) if i != 2], 2 if item.n % 7 == 0 else 1)
    own_words = item.beat in ("opinion", "analysis", "blog", "features")
    published = now - timedelta(minutes=37 * item.n + rng.randint(0, 20))
    article = Article.objects.create(
        headline=item.headline,
        section=item.section,
        standfirst=item.standfirst,
        body=item.body,
        source="Al Mayadeen English" if own_words else rng.choice(["Al Mayadeen", "Agencies", "Al Mayadeen English"]),
        hero_image=images[item.hero],
        format=fmt,
        video_url=VIDEO_URLS[item.n % len(VIDEO_URLS)] if fmt == Article.Format.VIDEO else "",
        status=Article.Status.PUBLISHED,
        published_at=published,
        revised_at=published + timedelta(hours=2) if item.n % 6 == 0 else None,
        external_id=f"demo:{item.n}",
    )
    rows.bylines += [Byline(article=article, author=a, position=i) for i, a in enumerate(byline)]
    rows.tags += [(article, name) for name in item.tags]
    rows.regions.append((article, item.place.region))
    for position, key in enumerate(item.gallery):
        GalleryItem.objects.create(article=article, image=images[key], position=position)
    for i, (title, body) in enumerate(item.live_updates):
        LiveUpdate.objects.create(
            article=article, posted_at=published + timedelta(minutes=15 * i), title=title, body=f"<p>{body}</p>"
        )
    return article
