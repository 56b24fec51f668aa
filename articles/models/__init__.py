from articles.models.article import (
    Article,
    ArticleQuerySet,
    Byline,
    DailyReadCount,
    GalleryItem,
    LiveUpdate,
    MostRead,
    RelatedArticle,
    TaggedArticle,
)
from articles.models.breaking import BreakingItem
from articles.models.correction import Correction
from articles.models.editing import Autosave, EditingSession
from articles.models.frontpage import FrontPage, HomePin
from articles.models.media import Image
from articles.models.redirect import Redirect
from articles.models.taxonomy import Author, Region, Section, SectionNode, SectionTree, TagNameKey

__all__ = [
    "Article",
    "Byline",
    "ArticleQuerySet",
    "DailyReadCount",
    "Author",
    "Autosave",
    "BreakingItem",
    "Correction",
    "FrontPage",
    "HomePin",
    "EditingSession",
    "GalleryItem",
    "Image",
    "LiveUpdate",
    "MostRead",
    "Redirect",
    "Region",
    "RelatedArticle",
    "Section",
    "SectionNode",
    "SectionTree",
    "TagNameKey",
    "TaggedArticle",
]
