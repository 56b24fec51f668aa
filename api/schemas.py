"""The shapes of the API (v1), documented in the OpenAPI document with an example each.

Field names are stable within v1: fields may be added, never renamed or removed.
Times are UTC ISO 8601 with an offset; URLs are absolute.
"""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, ConfigDict, Field

T = "2026-11-30T06:00:00Z"
SITE = "https://english.almayadeen.net"


_RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d{1,6})?)?([Zz]|[+-]\d\d:\d\d)")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _shaped(pattern, what):
    """A validator letting through only strings of ``pattern``: pydantic alone would also
    read 0 or "0.5" as a Unix time, which is not what the document promises."""

    def check(value):
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"not {what}")
        return value

    return BeforeValidator(check)


# Input times: RFC 3339 with an offset ("2026-11-30T06:00:00Z"); input days: "2026-11-30".
def _in_utc(moment):
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
        raise ValueError("out of range") from exc


# In UTC from here on: RFC 3339 allows offsets up to ±23:59, PostgreSQL only ±15:59.
InstantIn = Annotated[
    AwareDatetime,
    _shaped(_RFC3339, "an RFC 3339 time with an offset"),
    AfterValidator(_in_utc),
]
DayIn = Annotated[date, _shaped(_DAY, "a day as YYYY-MM-DD")]


# Input text never holds NUL: PostgreSQL refuses it in any text, and the text policy
# (articles.text_policy) has no place for it. Said in the document, so clients know.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, Field(pattern=NO_NUL)]


def example(**values):
    """A schema's ``model_config`` carrying one example (OpenAPI ``examples``)."""
    return ConfigDict(json_schema_extra={"examples": [values]})


class ProblemOut(Schema):
    """RFC 9457 problem details: every error of this API."""

    model_config = example(
        type="about:blank", title="Not Found", status=404, detail="No published article 42.", instance="/api/v1/..."
    )
    type: str = Field(description="A URI naming the problem; `about:blank` when the status says it all.")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict] | None = Field(None, description="For invalid input: one entry per invalid parameter.")


class SectionRef(Schema):
    model_config = example(id=3, name="Politics", path="news/politics", url=f"{SITE}/news/politics")
    id: int
    name: str
    path: str = Field(description="The slug chain, e.g. `news/politics`.")
    url: str


class RegionOut(Schema):
    model_config = example(id=7, name="Palestine", slug="palestine", url=f"{SITE}/region/palestine")
    id: int
    name: str
    slug: str
    url: str


class TagOut(Schema):
    model_config = example(id=12, name="Syria", slug="syria", url=f"{SITE}/tag/syria")
    id: int
    name: str
    slug: str
    url: str


class RenditionOut(Schema):
    model_config = example(ratio="16x9", width=1200, height=675, url=f"{SITE}/media/renditions/ab/cd-1200.webp")
    ratio: Literal["16x9", "4x3", "1x1", "full"] = Field(description="Crop ratio; `full` is the whole picture.")
    width: int
    height: int
    url: str


class ImageOut(Schema):
    model_config = example(
        alt="Putin during a meeting with al-Assad at the Kremlin.",
        caption="Putin during a meeting with al-Assad at the Kremlin.",
        credit="AP",
        width=1600,
        height=900,
        renditions=[{"ratio": "16x9", "width": 1200, "height": 675, "url": f"{SITE}/media/r/1200.webp"}],
    )
    alt: str
    caption: str
    credit: str
    width: int = Field(description="Pixels of the picture as displayed (upright).")
    height: int
    renditions: list[RenditionOut] = Field(description="Every rendition, smallest first within each ratio.")


class AuthorRef(Schema):
    model_config = example(
        id=5, name="Al Mayadeen English", slug="al-mayadeen-english", role="", url=f"{SITE}/author/x"
    )
    id: int
    name: str
    slug: str
    role: str
    url: str


class AuthorOut(AuthorRef):
    model_config = example(
        id=5,
        name="Al Mayadeen English",
        slug="al-mayadeen-english",
        role="",
        url=f"{SITE}/author/al-mayadeen-english",
        bio="",
        is_organisation=True,
        x_handle="MayadeenEnglish",
        website="",
        photo=None,
    )
    bio: str
    is_organisation: bool
    x_handle: str
    website: str
    photo: ImageOut | None


ARTICLE_CARD_EXAMPLE = {
    "id": 42,
    "url": f"{SITE}/news/politics/putin-joint-efforts",
    "api_url": f"{SITE}/api/v1/articles/42",
    "headline": "Putin: Joint Efforts Defeated Extremism in Syria",
    "standfirst": "On an unannounced visit, Russian President Vladimir Putin holds a meeting with…",
    "section": {"id": 3, "name": "Politics", "path": "news/politics", "url": f"{SITE}/news/politics"},
    "format": "standard",
    "authors": [],
    "regions": [],
    "tags": [],
    "source": "Al Mayadeen",
    "edition": "en",
    "language": "en",
    "published_at": "2021-09-14T06:39:00Z",
    "updated_at": None,
    "changed_at": "2021-09-14T06:39:00Z",
    "reading_time": 3,
    "hero_image": None,
}


class ArticleCard(Schema):
    """An article in a list."""

    model_config = ConfigDict(json_schema_extra={"examples": [ARTICLE_CARD_EXAMPLE]})
    id: int
    url: str = Field(description="The public page.")
    api_url: str = Field(description="This article in the API.")
    headline: str
    standfirst: str
    section: SectionRef
    format: Literal["standard", "video", "gallery", "infograph", "live"]
    authors: list[AuthorRef] = Field(description="In byline order.")
    regions: list[RegionOut]
    tags: list[TagOut]
    source: str
    edition: str = Field(description="The edition (code) the article is published in: en, ar, es.")
    language: str
    published_at: datetime = Field(description="First publication.")
    updated_at: datetime | None = Field(description="Last substantive update (shown as “Updated”); null if none.")
    changed_at: datetime = Field(
        description="When readers last saw it change: its last save or its publication, whichever is later. "
        "`updated_since` filters on it."
    )
    reading_time: int = Field(description="Minutes.")
    hero_image: ImageOut | None


class RelatedRef(Schema):
    model_config = example(id=40, headline="Related story", url=f"{SITE}/news/x", api_url=f"{SITE}/api/v1/articles/40")
    id: int
    headline: str
    url: str
    api_url: str


class ParagraphBlock(Schema):
    model_config = example(
        type="paragraph", html="The <strong>Syrian</strong> President…", text="The Syrian President…"
    )
    type: Literal["paragraph"]
    html: str = Field(description="Sanitised inline HTML (a, strong, em, …).")
    text: str


class HeadingBlock(Schema):
    model_config = example(type="heading", level=2, text="Background")
    type: Literal["heading"]
    level: int = Field(ge=2, le=4)
    text: str


class QuoteBlock(Schema):
    model_config = example(type="quote", html="<p>We will…</p>", text="We will…", cite=None)
    type: Literal["quote"]
    html: str
    text: str
    cite: str | None


class ListItem(Schema):
    model_config = example(html="First <em>point</em>", text="First point")
    html: str
    text: str


class ListBlock(Schema):
    model_config = example(type="list", ordered=False, items=[{"html": "One", "text": "One"}])
    type: Literal["list"]
    ordered: bool
    items: list[ListItem]


class LibraryImageOut(ImageOut):
    model_config = example(id=12, **ImageOut.model_config["json_schema_extra"]["examples"][0])
    id: int


class ImageBlock(Schema):
    model_config = example(
        type="image", url=f"{SITE}/media/x.webp", alt="A map", caption="", width=800, height=450, image=None
    )
    type: Literal["image"]
    url: str
    alt: str
    caption: str
    width: int | None
    height: int | None
    image: LibraryImageOut | None = Field(
        description="The library image this is, as the library holds it now (its renditions and credit); "
        "null for an image given by address."
    )


class EmbedBlock(Schema):
    model_config = example(
        type="embed",
        provider="x",
        url="https://x.com/mfa_russia/status/1",
        html='<blockquote class="twitter-tweet">…</blockquote>',
        text="…",
        frame=None,
    )
    type: Literal["embed"]
    provider: str = Field(description="youtube, x or telegram.")
    url: str
    html: str
    text: str
    frame: str | None = Field(
        description="The provider's embed address, to load only when the reader asks; null for a quoted tweet."
    )


class TableCell(Schema):
    model_config = example(html="Gaza", text="Gaza", header=False, colspan=1, rowspan=1)
    html: str
    text: str
    header: bool
    colspan: int
    rowspan: int


class TableBlock(Schema):
    model_config = example(
        type="table",
        caption="Aid trucks a day",
        head=[[{"html": "Crossing", "text": "Crossing", "header": True, "colspan": 1, "rowspan": 1}]],
        rows=[[{"html": "Rafah", "text": "Rafah", "header": False, "colspan": 1, "rowspan": 1}]],
    )
    type: Literal["table"]
    caption: str
    head: list[list[TableCell]] = Field(description="Rows of the table's head.")
    rows: list[list[TableCell]]


class RelatedBlock(Schema):
    model_config = example(type="related", articles=[RelatedRef.model_config["json_schema_extra"]["examples"][0]])
    type: Literal["related"]
    articles: list[RelatedRef]


class HtmlBlock(Schema):
    model_config = example(type="html", html="<hr>")
    type: Literal["html"]
    html: str


Block = Annotated[
    ParagraphBlock
    | HeadingBlock
    | QuoteBlock
    | ListBlock
    | ImageBlock
    | EmbedBlock
    | TableBlock
    | RelatedBlock
    | HtmlBlock,
    Field(discriminator="type"),
]


class GalleryItemOut(Schema):
    model_config = example(
        caption="Crowds in the square", image=ImageOut.model_config["json_schema_extra"]["examples"][0]
    )
    caption: str
    image: ImageOut


class CorrectionRef(Schema):
    """A published notice as its article shows it."""

    model_config = example(
        id=5,
        kind="correction",
        text="An earlier version gave the wrong date for the talks.",
        published_at=T,
        url=f"{SITE}/news/politics/talks-resume#correction-5",
    )
    id: int
    kind: Literal["correction", "clarification", "update"]
    text: str = Field(description="Plain text, as readers read it.")
    published_at: datetime
    url: str = Field(description="The notice on its article's page.")


class ArticleOut(ArticleCard):
    """An article with everything its page shows."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **ARTICLE_CARD_EXAMPLE,
                    "status": "published",
                    "version": 3,
                    "body_html": "<p>The Syrian President…</p>",
                    "blocks": [{"type": "paragraph", "html": "The Syrian President…", "text": "The Syrian President…"}],
                    "word_count": 450,
                    "video_url": "",
                    "gallery": [],
                    "related": [],
                    "corrections": [CorrectionRef.model_config["json_schema_extra"]["examples"][0]],
                }
            ]
        }
    )
    status: Literal["draft", "in_review", "published", "unpublished"] = Field(
        description="Always `published` outside previews."
    )
    published_at: datetime | None = Field(description="First publication; null only for a draft in a preview.")
    version: int = Field(description="Bumped on every save; the write API's `ETag`/`If-Match` is this number.")
    body_html: str = Field(description="The body as sanitised HTML.")
    blocks: list[Block] = Field(description="The body as typed blocks, with the Related News box in place.")
    word_count: int
    video_url: str
    gallery: list[GalleryItemOut]
    related: list[RelatedRef]
    corrections: list[CorrectionRef] = Field(
        description="Published corrections, clarifications and update notes, oldest first (as on the page)."
    )


def page_of(item_schema, name, item_example):
    """A cursor page schema of ``item_schema``."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {"items": list[item_schema], "next": str | None},
            "model_config": example(items=[item_example], next=None),
            "__doc__": "One page of a list; `next` is the absolute URL of the next page (null on the last).",
        },
    )


ArticlePage = page_of(ArticleCard, "ArticlePage", ARTICLE_CARD_EXAMPLE)
TagPage = page_of(TagOut, "TagPage", TagOut.model_config["json_schema_extra"]["examples"][0])
AuthorPage = page_of(AuthorOut, "AuthorPage", AuthorOut.model_config["json_schema_extra"]["examples"][0])


class SectionNodeOut(Schema):
    model_config = example(
        id=1,
        name="News",
        slug="news",
        path="news",
        url=f"{SITE}/news",
        description="",
        show_in_menu=True,
        children=[],
    )
    id: int
    name: str
    slug: str
    path: str
    url: str
    description: str
    show_in_menu: bool
    children: list["SectionNodeOut"]


class MenuEntry(Schema):
    model_config = example(name="News", url=f"{SITE}/news", children=[{"name": "Politics", "url": f"{SITE}/news/p"}])
    name: str
    url: str
    children: list["MenuEntry"] = []


class MenusOut(Schema):
    model_config = example(
        main=[{"name": "News", "url": f"{SITE}/news", "children": []}],
        regions=[{"name": "Palestine", "url": f"{SITE}/region/palestine", "children": []}],
    )
    main: list[MenuEntry] = Field(description="The main menu: top sections and their sub-menus, in menu order.")
    regions: list[MenuEntry] = Field(description="The region bar.")


class BreakingOut(Schema):
    model_config = example(
        id=9,
        text="Israeli strikes on southern Lebanon",
        attribution="Al Mayadeen's correspondent",
        link=f"{SITE}/news/x",
        article_id=None,
        starts_at=T,
        ends_at=None,
    )
    id: int
    text: str
    attribution: str
    link: str | None = Field(description="Absolute URL of the linked story or page, if any.")
    article_id: int | None = Field(description="The linked article, when it is published.")
    starts_at: datetime
    ends_at: datetime | None


class LiveUpdateOut(Schema):
    """One update of a live blog, with what its card on the live page shows."""

    model_config = example(
        id=77,
        article_id=42,
        posted_at=T,
        title="Key event",
        body_html="<p>…</p>",
        blocks=[],
        key_event=True,
        pinned=False,
        image=None,
        embed_url="https://www.youtube.com/watch?v=abc",
        posted_by="Zeinab Ahmad",
    )
    id: int
    article_id: int
    posted_at: datetime
    title: str
    body_html: str
    blocks: list[Block]
    key_event: bool = Field(description="Listed in the page's “Key events” summary.")
    pinned: bool = Field(description="Shown above the newest updates on the page.")
    image: ImageOut | None
    embed_url: str | None = Field(description="A video or link shown under the update, if any.")
    posted_by: str | None = Field(description="The reporter's name, when the page shows one.")


class LiveUpdatePage(Schema):
    """Updates after the cursor, oldest first; poll ``next`` (always given) for newer ones."""

    model_config = example(items=[LiveUpdateOut.model_config["json_schema_extra"]["examples"][0]], next="…")
    items: list[LiveUpdateOut]
    next: str = Field(description="Poll this URL for updates posted after the last one here.")


class CorrectionOut(CorrectionRef):
    """A published notice in the list of every notice (``/corrections`` on the site)."""

    model_config = example(
        **CorrectionRef.model_config["json_schema_extra"]["examples"][0],
        article=RelatedRef.model_config["json_schema_extra"]["examples"][0],
    )
    article: RelatedRef


CORRECTION_EXAMPLE = CorrectionOut.model_config["json_schema_extra"]["examples"][0]
CorrectionPage = page_of(CorrectionOut, "CorrectionPage", CORRECTION_EXAMPLE)


class MostReadOut(Schema):
    model_config = example(items=[ARTICLE_CARD_EXAMPLE])
    items: list[ArticleCard]


# --- write ---------------------------------------------------------------------------


class ArticleIn(Schema):
    """A new article (a draft unless the key's user may publish and asks to)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "headline": "Talks resume in Doha",
                    "standfirst": "Delegations meet for a third round.",
                    "body_html": "<p>Delegations met on Monday…</p>",
                    "section": "news/politics",
                    "authors": ["al-mayadeen-english"],
                    "tags": ["Qatar"],
                    "regions": ["mena"],
                    "format": "standard",
                    "status": "draft",
                }
            ]
        },
    )
    headline: Text = Field(min_length=1, max_length=300)
    standfirst: Text = ""
    body_html: Text = Field("", description="Sanitised on save, whatever is sent.")
    section: Text = Field(description="Section path, e.g. `news/politics`.", max_length=255)
    slug: Text = Field("", max_length=255, description="Empty: made from the headline.")
    authors: list[Text] = Field([], description="Author slugs, in byline order.")
    tags: list[Text] = Field([], description="Tag names.")
    regions: list[Text] = Field([], description="Region slugs.")
    format: Literal["standard", "video", "gallery", "infograph", "live"] = "standard"
    source: Text = Field("", max_length=200)
    video_url: Text = Field("", max_length=200)
    status: Literal["draft", "in_review", "published", "unpublished"] = "draft"
    published_at: InstantIn | None = Field(None, description="Publishing with a future time schedules it.")


class ArticlePatch(Schema):
    """Changes to an article: only the fields sent change."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"headline": "Talks resume in Doha (updated)"}]}
    )
    headline: Text | None = Field(None, min_length=1, max_length=300)
    standfirst: Text | None = None
    body_html: Text | None = None
    section: Text | None = Field(None, max_length=255)
    slug: Text | None = Field(None, max_length=255)
    authors: list[Text] | None = None
    tags: list[Text] | None = None
    regions: list[Text] | None = None
    format: Literal["standard", "video", "gallery", "infograph", "live"] | None = None
    source: Text | None = Field(None, max_length=200)
    video_url: Text | None = Field(None, max_length=200)
    status: Literal["draft", "in_review", "published", "unpublished"] | None = None
    published_at: InstantIn | None = None
    substantive_update: bool = Field(False, description="Marks the change “Updated” for readers, as in the admin.")


class LiveUpdateIn(Schema):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"title": "Ceasefire announced", "body_html": "<p>…</p>"}]}
    )
    title: Text = Field("", max_length=300)
    body_html: Text = Field(min_length=1)


class CorrectionIn(Schema):
    """A new notice, under the admin's rules: a writer's is a proposal; an editor's is
    published at once unless sent as ``proposed``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"kind": "correction", "text": "The talks began on Monday.", "status": "proposed"}]
        },
    )
    kind: Literal["correction", "clarification", "update"] = "correction"
    text: Text = Field(min_length=1, description="Plain text, as readers will read it.")
    status: Literal["proposed", "published"] | None = Field(
        None, description="Absent: published for an editor's key, proposed for a writer's (as in the admin)."
    )


class NoticeOut(Schema):
    """A notice as the newsroom sees it (proposed or published): the write API's answer."""

    model_config = example(
        id=5,
        article_id=42,
        kind="correction",
        text="An earlier version gave the wrong date.",
        status="proposed",
        created_at=T,
        published_at=None,
    )
    id: int
    article_id: int
    kind: Literal["correction", "clarification", "update"]
    text: str
    status: Literal["proposed", "published"]
    created_at: datetime
    published_at: datetime | None
