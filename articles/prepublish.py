"""Pre-publish checks: what an editor is warned about before a story goes out.

Each check names something a published story should have (a byline, a hero image with
alt text, a headline that fits, a standfirst, tags, a body long enough to be a story).
They are warnings, never rules: an editor may publish anyway after reading them (the
change form's "Publish anyway"), and a writer saving a draft or sending it for review
is never checked at all (``articles.admin.forms.ArticleAdminForm``).

The limits come from the newsroom desk issue: headlines over 110 characters are cut in
search results and on cards; under 80 words a page is a stub, not a story.
"""

from dataclasses import dataclass

from articles.text_policy import derive_body

HEADLINE_MAX_CHARS = 110
BODY_MIN_WORDS = 80


@dataclass(frozen=True)
class Candidate:
    """What would be published: the article's text fields, its hero image (an ``Image``
    or None), and how many bylines and tags it would carry."""

    headline: str
    standfirst: str
    body: str
    hero_image: object
    byline_count: int
    tag_count: int

    @classmethod
    def of_article(cls, article):
        """The stored ``article`` as a candidate (two count queries for a saved one)."""
        saved = article.pk is not None
        return cls(
            headline=article.headline,
            standfirst=article.standfirst,
            body=article.body,
            hero_image=article.hero_image if article.hero_image_id else None,
            byline_count=article.bylines.count() if saved else 0,
            tag_count=article.tags.count() if saved else 0,
        )


@dataclass(frozen=True)
class CheckResult:
    """One line of the checklist: ``label`` names the check, ``problem`` is "" when it
    passes, else what is wrong, said so an editor can act on it."""

    code: str
    label: str
    problem: str

    @property
    def passed(self):
        return not self.problem


def run_checks(candidate):
    """Every check on ``candidate``, in the order the form lists them: [CheckResult]."""
    hero = candidate.hero_image
    headline = " ".join(candidate.headline.split())
    words = derive_body(candidate.body).word_count
    return [
        CheckResult("byline", "Byline", "" if candidate.byline_count else "No byline: add at least one author."),
        CheckResult(
            "hero_image",
            "Hero image with alt text",
            "No hero image."
            if hero is None
            else ("The hero image has no alt text." if not (hero.alt_text or "").strip() else ""),
        ),
        CheckResult(
            "headline_length",
            f"Headline of at most {HEADLINE_MAX_CHARS} characters",
            f"The headline has {len(headline)} characters (more than {HEADLINE_MAX_CHARS})."
            if len(headline) > HEADLINE_MAX_CHARS
            else "",
        ),
        CheckResult("standfirst", "Standfirst", "" if candidate.standfirst.strip() else "No standfirst."),
        CheckResult("tags", "Tags", "" if candidate.tag_count else "No tags."),
        CheckResult(
            "body_length",
            f"Body of at least {BODY_MIN_WORDS} words",
            f"The body has {words} word{'s' if words != 1 else ''} (fewer than {BODY_MIN_WORDS})."
            if words < BODY_MIN_WORDS
            else "",
        ),
    ]


def warnings(candidate):
    """The failed checks of ``candidate`` ([CheckResult], empty when all pass)."""
    return [result for result in run_checks(candidate) if not result.passed]
