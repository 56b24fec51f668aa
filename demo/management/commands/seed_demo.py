"""Fill the site with deterministic demo content: every section, region and format,
the ticker, authors, tags and Most Read counts. Idempotent: items carry external ids
("demo:<n>") and a second run creates nothing new."""

import io
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

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
)

DEMO_CREDIT = "Al Mayadeen demo photo"
ARTICLES_PER_LEAF = 14  # ~24 sections with articles → a few hundred articles

PLACES = [
    ("Gaza", "palestine"),
    ("the West Bank", "palestine"),
    ("Beirut", "mena"),
    ("Damascus", "mena"),
    ("Sanaa", "mena"),
    ("Baghdad", "west-asia"),
    ("Tehran", "west-asia"),
    ("Caracas", "latin-america"),
    ("Havana", "latin-america"),
    ("Moscow", "europe"),
    ("Brussels", "europe"),
    ("Beijing", "asia"),
    ("New Delhi", "asia"),
    ("Jakarta", "asia-pacific"),
    ("Manila", "asia-pacific"),
    ("Nairobi", "africa"),
    ("Niamey", "africa"),
    ("Washington", "us-canada"),
    ("Ottawa", "us-canada"),
    ("Cairo", "africa"),
]
TOPICS = {
    "politics": [
        "Talks on ceasefire resume in {p}",
        "Officials in {p} reject new sanctions package",
        "Parliament in {p} votes on emergency measures",
        "Envoys meet in {p} as tensions rise",
        "Protesters gather in {p} against foreign bases",
    ],
    "economy": [
        "Fuel prices climb in {p} as supply tightens",
        "Central bank in {p} holds rates steady",
        "Trade corridor through {p} opens to freight",
        "Wheat imports to {p} hit a five-year low",
    ],
    "sports": [
        "{p} side reaches regional cup final",
        "Marathon in {p} draws record field",
        "Football federation in {p} names new coach",
    ],
    "arts-culture": [
        "Film festival in {p} opens with Palestinian drama",
        "Old city of {p} restores its souk",
        "Poets from {p} gather for annual reading",
    ],
    "health": [
        "Hospitals in {p} warn of medicine shortages",
        "Vaccination drive reaches villages near {p}",
        "Doctors in {p} treat wounded after overnight strikes",
    ],
    "miscellaneous": ["Flooding disrupts traffic across {p}", "Heatwave grips {p} for a fifth day"],
    "technology": ["Start-ups in {p} bet on local satellite internet", "{p} launches national data centre"],
    "environment": ["Drought threatens harvest around {p}", "Oil spill off {p} reaches fishing grounds"],
    "opinion": ["Why the siege of {p} is a test for the world", "The quiet war on {p}'s economy"],
    "analysis": ["What the vote in {p} means for the region", "Behind the new alliance taking shape in {p}"],
    "blog": ["Notes from a week in {p}", "A letter from {p}"],
    "features": ["The last bakers of {p}", "Growing up between checkpoints near {p}"],
    "videos": [
        "Watch: scenes from {p} after the strikes",
        "Explained: the road to {p}",
        "On the ground in {p}",
        "Interview: voices from {p}",
    ],
    "infographs": ["In numbers: the toll in {p}", "Mapped: who controls what around {p}"],
    "in-pictures": ["In pictures: daily life in {p}", "In pictures: {p} rebuilds"],
    "live": ["Live: the latest from {p}", "Live updates: crisis in {p}"],
}
TAGS = [
    "Syria",
    "Russia",
    "Gaza",
    "Palestine",
    "Lebanon",
    "Iran",
    "Yemen",
    "Iraq",
    "Venezuela",
    "Cuba",
    "China",
    "Sanctions",
    "Oil",
    "Ukraine",
    "NATO",
    "United Nations",
    "Climate",
    "Football",
    "Elections",
    "Health",
    "Refugees",
    "Trade",
    "Resistance",
    "Diplomacy",
]
PERSONS = [
    ("Leila Haddad", "Political correspondent"),
    ("Omar Khalil", "Economy editor"),
    ("Sofia Marquez", "Latin America correspondent"),
    ("Karim Nassar", "Senior analyst"),
    ("Maya Saad", "Culture writer"),
    ("Ali Rida", "Video producer"),
    ("Nour Fares", "Health reporter"),
    ("Daniel Ortega Ruiz", "Opinion contributor"),
]
HOUSE = ("Al Mayadeen English", "al-mayadeen-english")
SENTENCES = [
    "Officials said the talks would continue later in the week, with both delegations expected to return.",
    "Residents described a tense night, with power cuts across several neighbourhoods.",
    "The foreign ministry called the measures illegal and said they would only deepen the crisis.",
    "Analysts say the move reflects a wider shift in the balance of power in the region.",
    "Aid agencies warned that supplies of fuel and medicine are running dangerously low.",
    "The statement came hours after a meeting between the two leaders in the capital.",
    "Local journalists reported that several roads remained closed on Tuesday morning.",
    "According to figures released by the health ministry, the number of wounded continued to rise.",
    "The government said it would present a new plan to parliament before the end of the month.",
    "Speaking to Al Mayadeen, a senior official said the door to negotiations remains open.",
    "Prices of basic goods have nearly doubled since the beginning of the year.",
    "Observers noted that the decision was taken without consulting neighbouring countries.",
    "Thousands took part in the march, carrying flags and pictures of those killed.",
    "The United Nations called on all parties to protect civilians and allow access for aid.",
]
BREAKING = [
    "CNN says Trump has not yet decided how to proceed and is still assessing the risks of a wider campaign.",
    "Venezuelan Foreign Minister: We reaffirm our commitment to Bolivarian diplomacy for peace.",
    "An Israeli drone attacked a vehicle in the town of Toul, Nabatieh District",
    "Barrack: Damascus will now actively assist us in confronting the remnants of ISIS",
    "Israeli media: Herzog received an official request to consider a pardon for Netanyahu",
    "Maduro: The comprehensive defense command must be activated in the early hours of this morning",
    "UN Secretary-General calls for an immediate humanitarian pause in Gaza",
    "Yemeni Armed Forces announce a new operation in the Red Sea",
    "Iranian Foreign Minister arrives in Beirut on a regional tour",
    "Oil prices rise above $80 a barrel after new supply cuts",
]
VIDEO_URLS = [
    "https://www.youtube.com/watch?v=M7lc1UVf-VE",
    "https://vimeo.com/76979871",
    "https://youtu.be/aqz-KE-bpKQ",
]
PALETTE = [(200, 16, 46), (22, 62, 112), (34, 110, 74), (140, 84, 20), (74, 44, 120), (30, 30, 30), (10, 110, 130)]


@dataclass
class SeedResult:
    created: dict = field(default_factory=dict)

    def add(self, kind, n=1):
        self.created[kind] = self.created.get(kind, 0) + n


def demo_picture(index, width=1600, height=900):
    """A distinct, newsy-looking abstract picture (gradient, skyline, sun), as JPEG bytes."""
    rng = random.Random(index)
    top = PALETTE[index % len(PALETTE)]
    bottom = tuple(max(0, c - 90) for c in top)
    img = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    sun_x = rng.randint(200, width - 200)
    draw.ellipse([sun_x - 110, 140, sun_x + 110, 360], fill=(250, 220, 170))
    x = 0
    while x < width:
        w, h = rng.randint(60, 160), rng.randint(120, 480)
        draw.rectangle([x, height - h, x + w, height], fill=(20, 20, 24))
        for wy in range(height - h + 20, height - 20, 36):
            for wx in range(x + 12, x + w - 12, 28):
                if rng.random() < 0.35:
                    draw.rectangle([wx, wy, wx + 10, wy + 16], fill=(250, 210, 120))
        x += w + rng.randint(0, 20)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82)
    return buf.getvalue()


def demo_portrait(index):
    img = PILImage.new("RGB", (600, 600), PALETTE[(index + 3) % len(PALETTE)])
    draw = ImageDraw.Draw(img)
    draw.ellipse([200, 110, 400, 310], fill=(235, 200, 170))
    draw.ellipse([110, 330, 490, 760], fill=(40, 40, 48))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _image(caption, alt, make, name):
    existing = Image.objects.filter(credit=DEMO_CREDIT, caption=caption).first()
    if existing:
        return existing, False
    image = Image(alt_text=alt, caption=caption, credit=DEMO_CREDIT)
    image.file.save(name, ContentFile(make()), save=False)
    image.save()
    return image, True


def seed_demo(article_count_per_leaf=ARTICLES_PER_LEAF):
    """Create the demo content that is not there yet; return what was created."""
    result = SeedResult()
    now = timezone.now()
    with transaction.atomic():
        pictures = []
        for i in range(8):
            place = PLACES[i * 2][0]
            image, created = _image(
                f"A view over {place} at dusk.",
                f"Skyline of {place} at dusk",
                lambda i=i: demo_picture(i),
                f"demo-{i}.jpg",
            )
            pictures.append(image)
            result.add("images", created)

        authors = []
        for i, (name, role) in enumerate(PERSONS):
            author = Author.objects.filter(name=name).first()
            if author is None:
                photo, _ = _image(
                    f"Portrait of {name}.", f"Portrait of {name}", lambda i=i: demo_portrait(i), f"author-{i}.jpg"
                )
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

        regions = {r.slug: r for r in Region.objects.all()}
        leaves = [s for s in Section.objects.order_by("path") if not s.children.exists()]
        existing = set(Article.objects.filter(external_id__startswith="demo:").values_list("external_id", flat=True))
        plan = [(section, k) for k in range(article_count_per_leaf) for section in leaves]
        made = {}
        for n, (section, k) in enumerate(plan):
            external_id = f"demo:{n}"
            if external_id in existing:
                continue
            article = _make_article(n, section, k, now, pictures, authors, house, regions)
            made[n] = article
            result.add("articles")
        # Editors' choices and explicit related links, only for new articles.
        for n, article in made.items():
            if n < 7:
                Article.objects.filter(pk=article.pk).update(home_position=n + 1)
            if n % 5 == 0 and n + 60 in made and n + 90 in made:
                for pos, other in enumerate((made[n + 60], made[n + 90])):
                    RelatedArticle.objects.get_or_create(
                        from_article=article, to_article=other, defaults={"position": pos}
                    )

        ids = dict(Article.objects.filter(external_id__startswith="demo:").values_list("external_id", "pk"))
        today = timezone.localdate()
        for n in range(0, 120, 3):
            pk = ids.get(f"demo:{n}")
            if pk:
                _, created = DailyReadCount.objects.get_or_create(
                    article_id=pk, day=today, defaults={"reads": 1000 - ((n * 37) % 997)}
                )
                result.add("view counts", created)

        for i, text in enumerate(BREAKING):
            _, created = BreakingItem.objects.get_or_create(
                external_id=f"demo:breaking:{i}",
                defaults={
                    "text": text,
                    "starts_at": now - timedelta(minutes=7 * i + 1),
                    "article_id": ids.get(f"demo:{i * 3}") if i % 3 == 0 else None,
                    "attribution": "Al Mayadeen's correspondent" if i == 2 else "",
                },
            )
            result.add("breaking items", created)
    return result


def _make_article(n, section, k, now, pictures, authors, house, regions):
    rng = random.Random(n)
    top = section.path.split("/")[0]
    key = section.slug if section.slug in TOPICS else top
    templates = TOPICS.get(key) or TOPICS["politics"]
    place, region_slug = PLACES[(n * 7 + k) % len(PLACES)]
    headline = templates[k % len(templates)].format(p=place)
    headline = headline[0].upper() + headline[1:] + ("" if k < len(templates) else f" ({k // len(templates) + 1})")
    fmt = {
        "videos": Article.Format.VIDEO,
        "infographs": Article.Format.INFOGRAPH,
        "in-pictures": Article.Format.GALLERY,
        "live": Article.Format.LIVE,
    }.get(top, Article.Format.STANDARD)
    paragraphs = ["<p>" + " ".join(rng.sample(SENTENCES, 3)) + "</p>" for _ in range(rng.randint(4, 8))]
    paragraphs.insert(2, f"<h2>What happens next in {place}</h2>")
    byline = [house] if n % 4 == 0 else rng.sample(authors, 2 if n % 7 == 0 else 1)
    published = now - timedelta(minutes=37 * n + rng.randint(0, 20))
    article = Article.objects.create(
        headline=headline,
        section=section,
        standfirst=f"{rng.choice(SENTENCES)} Our correspondent in {place} reports.",
        body="".join(paragraphs),
        source=rng.choice(["Al Mayadeen", "Agencies", "Al Mayadeen English"]),
        hero_image=pictures[n % len(pictures)],
        hero_caption=f"{place}, {published:%B %Y}." if n % 3 else "",
        format=fmt,
        video_url=VIDEO_URLS[n % len(VIDEO_URLS)] if fmt == Article.Format.VIDEO else "",
        status=Article.Status.PUBLISHED,
        published_at=published,
        revised_at=published + timedelta(hours=2) if n % 6 == 0 else None,
        external_id=f"demo:{n}",
    )
    for position, author in enumerate(byline):
        Byline.objects.create(article=article, author=author, position=position)
    article.tags.add(*rng.sample(TAGS, 3))
    if region_slug in regions:
        article.regions.add(regions[region_slug])
    if fmt == Article.Format.GALLERY:
        for position in range(5):
            GalleryItem.objects.create(
                article=article,
                image=pictures[(n + position) % len(pictures)],
                caption=f"{place}: picture {position + 1} of the day.",
                position=position,
            )
    if fmt == Article.Format.LIVE:
        for i in range(6):
            LiveUpdate.objects.create(
                article=article,
                posted_at=published + timedelta(minutes=15 * i),
                title=f"Update {i + 1}" if i % 2 else "",
                body=f"<p>{rng.choice(SENTENCES)}</p>",
            )
    return article


class Command(BaseCommand):
    help = "Fill the site with deterministic demo content (safe to run again: creates only what is missing)."

    def handle(self, *args, **options):
        result = seed_demo()
        if not result.created or not any(result.created.values()):
            self.stdout.write("Demo content already present: nothing to do.")
            return
        summary = ", ".join(f"{count} {kind}" for kind, count in result.created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Demo content created: {summary}."))
