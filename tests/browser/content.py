"""A small newsroom's worth of published content, so every public page type has
something real to show: each article format, bylines, tags, regions, images."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from articles import editions
from articles.models import Article, Correction, GalleryItem, LiveUpdate
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    ImageFactory,
    RegionFactory,
    image_upload,
    section,
)

# A paragraph long enough to wrap many times in the article column, for the
# line-length measurement.
LONG_PARAGRAPH = (
    "The Syrian President Bashar al-Assad had a meeting with his Russian counterpart in Moscow, "
    "where both sides discussed the progress made in the political process and the return of "
    "refugees, as well as the reconstruction of the infrastructure damaged during the long years "
    "of war. Officials said the talks lasted for more than two hours and covered trade, energy "
    "supplies and the situation in the north of the country, where a fragile ceasefire has held "
    "for several months despite repeated violations reported by observers on the ground."
)
BODY = (
    f"<p>{LONG_PARAGRAPH}</p>"
    "<h2>What was agreed</h2>"
    "<p>Both sides published <a href='https://example.org/statement'>a joint statement</a> after the meeting.</p>"
    "<ul><li>A ceasefire in the north</li><li>Prisoner exchanges</li></ul>"
    "<h3>Reactions</h3>"
    f"<p>{LONG_PARAGRAPH}</p>"
    "<blockquote class='twitter-tweet'><p>Talks in Moscow today.</p>— Foreign Ministry (@mfa) 14 Sep 2021</blockquote>"
)


@dataclass
class Newsroom:
    standard: Article
    video: Article
    gallery: Article
    infograph: Article
    live: Article
    tag_slug: str
    author_slug: str
    edition: str = "en"

    @property
    def prefix(self):
        """The edition's URL prefix ("" for the default edition, "/ar" for Arabic)."""
        home = editions.reverse("public:home", edition=self.edition)
        return home.rstrip("/")

    def formats(self):
        return {
            "standard": self.standard,
            "video": self.video,
            "gallery": self.gallery,
            "infograph": self.infograph,
            "live": self.live,
        }


def build_newsroom(edition="en"):
    """The newsroom in ``edition`` (a code): its sections, region, ticker and stories."""
    now = timezone.now()
    lina = AuthorFactory(name="Lina Haddad", role="Political analyst")
    omar = AuthorFactory(name="Omar Aziz")
    hero = ImageFactory(
        file=image_upload("kremlin.jpg", width=1600, height=900, color=(40, 80, 140)),
        alt_text="Two presidents shake hands in a gilded hall",
        caption="The presidents at the Kremlin.",
    )
    standard = ArticleFactory(
        headline="Putin: Joint Efforts Defeated Extremism in Syria",
        standfirst="On an unannounced visit, the Syrian president meets his Russian counterpart in Moscow.",
        body=BODY,
        hero_image=hero,
        section=section(edition=edition, path="news/politics"),
        source="Al Mayadeen",
        published_at=now - timedelta(minutes=30),
        authors=[lina, omar],
    )
    standard.tags.add("Syria", "Russia")
    Correction.objects.create(
        article=standard,
        text="An earlier version of this story said the talks lasted one hour. They lasted more than two.",
        status=Correction.Status.PUBLISHED,
        published_at=now - timedelta(minutes=10),
    )
    standard.regions.add(RegionFactory(slug="west-asia", name="West Asia", edition=edition))
    video = ArticleFactory(
        headline="Explained: how the ceasefire lines were drawn",
        format=Article.Format.VIDEO,
        video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        hero_image=ImageFactory(alt_text="A map of the ceasefire lines"),
        section=section(edition=edition, path="videos/explainers"),
        published_at=now - timedelta(hours=2),
        authors=[omar],
    )
    video.tags.add("Syria")
    gallery = ArticleFactory(
        headline="In pictures: the harbour reopens",
        format=Article.Format.GALLERY,
        hero_image=ImageFactory(alt_text="Ships in the harbour at dawn"),
        section=section(edition=edition, path="in-pictures"),
        published_at=now - timedelta(hours=3),
        authors=[lina],
    )
    for position, (alt, caption) in enumerate(
        [("Cranes over the docks", "Cranes resume work."), ("A ferry leaves port", "The first ferry in weeks.")]
    ):
        GalleryItem.objects.create(
            article=gallery,
            image=ImageFactory(alt_text=alt, caption=caption, file=image_upload(color=(20 * position, 120, 90))),
            position=position,
        )
    infograph = ArticleFactory(
        headline="Infograph: a decade of grain exports",
        format=Article.Format.INFOGRAPH,
        hero_image=ImageFactory(
            alt_text="Bar chart of grain exports per year, rising from 2 to 9 million tonnes",
            file=image_upload("chart.png", width=800, height=1400, color=(240, 240, 230), fmt="PNG"),
        ),
        section=section(edition=edition, path="infographs"),
        published_at=now - timedelta(hours=4),
        authors=[lina],
    )
    live = ArticleFactory(
        headline="Live: election day across the region",
        format=Article.Format.LIVE,
        section=section(edition=edition, path="live"),
        published_at=now - timedelta(hours=5),
        authors=[omar],
    )
    for minutes, title, flags in (
        (50, "Polls open", {"key_event": True}),
        (35, "How to follow the count", {"pinned": True}),
        (20, "Turnout passes 30%", {"key_event": True}),
        (10, "", {}),
    ):
        LiveUpdate.objects.create(
            article=live,
            posted_at=now - timedelta(minutes=minutes),
            title=title,
            body=f"<p>{title or 'Queues are reported in the north'}, officials say.</p>",
            **flags,
        )
    # Enough other stories for the home page's blocks and a second page of listings.
    for n, path in enumerate(["news/politics", "news/economy", "articles/opinion", "articles/analysis"] * 3):
        ArticleFactory(
            headline=f"Story {n} from {path.split('/')[-1]}: ministers meet on trade",
            section=section(edition=edition, path=path),
            hero_image=hero if n % 2 else None,
            published_at=now - timedelta(hours=6 + n),
            authors=[lina],
        )
    # A ticker that rotates: short and long lines (a long one wraps on a phone).
    for minutes, text, attribution in [
        (9, "Ceasefire talks resume in Moscow", "Al Mayadeen's correspondent"),
        (8, "Explosions heard near the port of Latakia, residents report; no casualties so far", ""),
        (
            7,
            "The foreign ministers of Russia, Iran and Türkiye say the next round of talks on the "
            "constitutional committee will be held in Geneva before the end of the month, after "
            "consultations with the United Nations envoy and the delegations of both sides",
            "Agencies",
        ),
    ]:
        BreakingItemFactory(
            text=text, attribution=attribution, starts_at=now - timedelta(minutes=minutes), edition=edition
        )
    return Newsroom(standard, video, gallery, infograph, live, tag_slug="syria", author_slug=lina.slug, edition=edition)


def public_pages(newsroom):
    """Every public page type, by name: the URL a reader would open."""
    p = newsroom.prefix  # the edition's: "" or "/ar"
    return {
        "home": f"{p}/",
        "section": f"{p}/news/politics",
        "article": newsroom.standard.get_absolute_url(),
        "tag": f"{p}/tag/{newsroom.tag_slug}",
        "author": f"{p}/author/{newsroom.author_slug}",
        "search": f"{p}/search?q=ceasefire",
        "flatpage": f"{p}/about-us",
        "live": newsroom.live.get_absolute_url(),
        "corrections": f"{p}/corrections",
        "404": f"{p}/news/politics/no-such-story",
    }
