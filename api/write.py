"""The write API for newsroom tools: drafts, edits and live updates, under the admin's rules.

The operations share paths with the read API (``api.read.router``: one router per path
in django-ninja). A key of scope ``write`` acts as its user, and the admin's workflow decides what that
user may do (``articles.workflow``): a writer's key creates and edits drafts and sends
them for review, but cannot publish, schedule, or touch a published article; an
editor's key can. An edit must carry ``If-Match`` with the article's ETag
(``"v<version>"``): the admin's edit-conflict rule (``articles.admin.forms.StoredState``,
the row locked while it is compared), so a tool never overwrites a save it has not
seen (412; 428 without ``If-Match``). Every change is a django-reversion revision and an
admin log entry, as an admin save is.
"""

import reversion
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Status

from api import present
from api.http import Problem
from api.keys import write_key
from api.read import detail_data, router
from api.schemas import (
    ArticleIn,
    ArticleOut,
    ArticlePatch,
    CorrectionIn,
    LiveUpdateIn,
    LiveUpdateOut,
    NoticeOut,
    ProblemOut,
)
from articles import workflow
from articles.admin.desk import ADD_CORRECTION
from articles.admin.forms import StoredState
from articles.models import Article, Author, Byline, Correction, LiveUpdate, Region, Section
from articles.text_policy import clean_body, html_to_text

WRITE_ERRORS = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    429: ProblemOut,
}


def etag(article):
    """The write ETag of ``article``: its version (bumped by every save)."""
    return f'"v{article.version}"'


def forbidden(detail):
    return Problem(403, "Not allowed by the workflow", detail, code="workflow")


def _invalid(detail, errors=None):
    return Problem(400, "Invalid article", detail, code="invalid-article", **({"errors": errors} if errors else {}))


def _lookup(model, field, values, what):
    found = {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": values})}
    missing = [v for v in values if v not in found]
    if missing:
        raise _invalid(f"No {what}: {', '.join(missing)}.")
    return [found[v] for v in values]


def _apply(article, data, user, stored_status):
    """Set the fields sent in ``data`` (a dict) on ``article``, under the workflow of ``user``;
    returns the relations to write after the save (authors, regions, tags or None)."""
    if "section" in data:
        section = Section.objects.filter(path=data["section"].strip("/")).first()
        if section is None:
            raise _invalid("No section at that path.")
        article.section = section
    for name in ("headline", "standfirst", "slug", "format", "source", "video_url"):
        if data.get(name) is not None:
            setattr(article, name, data[name])
    if data.get("body_html") is not None:
        article.body = data["body_html"]  # sanitised by Article.save()
    if not workflow.can_publish(user):
        if data.get("published_at") is not None:
            raise forbidden("Only editors can publish or schedule: leave published_at out.")
    elif "published_at" in data:
        article.published_at = data["published_at"]
    if data.get("status") is not None:
        status = Article.Status(data["status"])
        if status not in workflow.allowed_statuses(user, stored_status):
            raise forbidden(f"This key's user may not set the status “{status}”.")
        if status == Article.Status.PUBLISHED:
            workflow.publish(article)  # no time: now; a future one: scheduled
        article.status = status
    relations = {}
    if data.get("authors") is not None:
        relations["authors"] = _lookup(Author, "slug", data["authors"], "author with the slug")
    if data.get("regions") is not None:
        relations["regions"] = _lookup(Region, "slug", data["regions"], "region with the slug")
    if data.get("tags") is not None:
        relations["tags"] = [t.strip() for t in data["tags"] if t.strip()]
    return relations


def _save(article, relations, user, old_status, message):
    """Validate and save ``article`` with its relations as ``user``: one revision, one log entry."""
    try:
        article.full_clean(exclude=["slug"] if not article.slug else None)
    except ValidationError as exc:
        errors = [{"parameter": k, "message": " ".join(v)} for k, v in exc.message_dict.items()]
        raise _invalid("The article does not validate.", errors) from exc
    article.last_edited_by = user
    try:
        with transaction.atomic(), reversion.create_revision():
            article.save()
            if "authors" in relations:
                article.bylines.all().delete()
                Byline.objects.bulk_create(
                    Byline(article=article, author=a, position=i) for i, a in enumerate(relations["authors"])
                )
                Article.objects.filter(pk=article.pk).refresh_search_extra()
            if "regions" in relations:
                article.regions.set(relations["regions"])
            if "tags" in relations:
                article.tags.set(relations["tags"])
            comment = workflow.transition_message(old_status, article) or message
            reversion.set_user(user)
            reversion.set_comment(comment)
            LogEntry.objects.log_actions(
                user.pk, [article], ADDITION if old_status is None else CHANGE, change_message=comment
            )
    except IntegrityError as exc:  # a race past full_clean (two tools, one slug)
        raise Problem(409, "Conflict", "Another article took that address meanwhile.", code="conflict") from exc


def _answer(response, article, status=200):
    response["ETag"] = etag(article)
    fresh = Article.objects.for_detail().get(pk=article.pk)
    return Status(status, detail_data(fresh))


@router.post(
    "/articles", response={201: ArticleOut, **WRITE_ERRORS}, url_name="create_article", auth=write_key, tags=["write"]
)
def create_article(request: HttpRequest, response: HttpResponse, payload: ArticleIn):
    """Create an article: a draft, unless the key's user may publish and asks to."""
    user = request.auth.user
    if not user.has_perm("articles.add_article"):
        raise forbidden("This key's user may not create articles.")
    # Hers from now on (articles.workflow.owns): a writer edits the stories she created.
    article = Article(language="en", created_by=user)
    relations = _apply(article, payload.model_dump(), user, None)
    if article.section_id is None:
        raise _invalid("A section is required.")
    _save(article, relations, user, None, "Created through the API.")
    response["Location"] = present.api_url("preview_article", article_id=article.pk)
    return _answer(response, article, 201)


@router.patch(
    "/articles/{article_id}",
    response={200: ArticleOut, 412: ProblemOut, 428: ProblemOut, **WRITE_ERRORS},
    url_name="update_article",
    auth=write_key,
    tags=["write"],
)
def update_article(
    request: HttpRequest,
    response: HttpResponse,
    article_id: int,
    payload: ArticlePatch,
    if_match: str = Header(
        ...,
        alias="If-Match",
        pattern=r"\S",  # blank is as good as missing: 428
        description="The article's ETag, `\"v<version>\"` (a write answer's ETag).",
    ),
):
    """Change the fields sent. Refused (412) when the article was saved since the version in
    `If-Match`, and (428) without `If-Match`."""
    user = request.auth.user
    if not if_match.strip():  # sent empty: as good as missing (a missing one: api.main)
        raise Problem(428, "If-Match required", "Send the article's ETag as If-Match.", code="no-if-match")
    if not user.has_perm("articles.change_article"):
        raise forbidden("This key's user may not change articles.")
    with transaction.atomic():
        article = Article.objects.filter(pk=article_id).select_related("section").first()
        if article is None:
            raise Problem(404, "Not Found", f"No article {article_id}.")
        stored = StoredState.load(article_id, lock=True)
        sent = if_match.strip().removeprefix("W/")
        if sent != f'"v{stored.version}"':
            raise Problem(
                412,
                "Edit conflict",
                f"The article was saved since (now version {stored.version}): reload it and apply the changes again.",
                code="edit-conflict",
                headers={"ETag": f'"v{stored.version}"'},
            )
        if not workflow.can_edit(user, article):
            raise forbidden("This key's user may not change a published article; ask an editor.")
        data = payload.model_dump(exclude_unset=True)
        relations = _apply(article, data, user, stored.status)
        if data.get("substantive_update"):
            article.revised_at = timezone.now()
        _save(article, relations, user, stored.status, "Changed through the API.")
    return _answer(response, article)


@router.post(
    "/articles/{article_id}/live-updates",
    response={201: LiveUpdateOut, **WRITE_ERRORS},
    url_name="post_live_update",
    auth=write_key,
    tags=["write"],
)
def post_live_update(request: HttpRequest, article_id: int, payload: LiveUpdateIn):
    """Post an update to a live article (format `live`), as the live desk does in the admin."""
    user = request.auth.user
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise Problem(404, "Not Found", f"No article {article_id}.")
    if article.format != Article.Format.LIVE:
        raise Problem(409, "Not a live article", "Live updates go to articles of format `live`.", code="not-live")
    if not workflow.can_edit(user, article) or not user.has_perm("articles.change_article"):
        raise forbidden("This key's user may not change this article; ask an editor.")
    body = clean_body(payload.body_html)
    if not html_to_text(body).strip():
        raise _invalid("The body has no text once sanitised.")
    update = LiveUpdate(article=article, title=payload.title, body=body)
    try:
        update.full_clean(exclude=["article"])
    except ValidationError as exc:
        errors = [{"parameter": k, "message": " ".join(v)} for k, v in exc.message_dict.items()]
        raise _invalid("The update does not validate.", errors) from exc
    update.save()
    return Status(201, present.live_update(update))


def _article_for_notices(user, article_id, permission):
    """The article ``article_id`` when ``user`` may view it and holds ``permission``: the
    admin's notices page rule (``ArticleDeskViews._article_for``). 404 / 403 otherwise."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise Problem(404, "Not Found", f"No article {article_id}.")
    may_view = user.has_perm("articles.view_article") or user.has_perm("articles.change_article")
    if not (may_view and workflow.can_view(user, article) and user.has_perm(permission)):
        raise forbidden("This key's user may not add or publish notices on this article.")
    return article


@router.post(
    "/articles/{article_id}/corrections",
    response={201: NoticeOut, **WRITE_ERRORS},
    url_name="post_correction",
    auth=write_key,
    tags=["write"],
)
def post_correction(request: HttpRequest, article_id: int, payload: CorrectionIn):
    """Add a correction, clarification or update note, as the admin's notices page does:
    a writer's key proposes (an editor checks and publishes it); an editor's key
    publishes at once unless `status` is `proposed`. A writer asking for `published`
    is refused (403)."""
    user = request.auth.user
    article = _article_for_notices(user, article_id, ADD_CORRECTION)
    can_publish = workflow.can_publish(user)
    if payload.status == Correction.Status.PUBLISHED and not can_publish:
        raise forbidden("Only editors publish notices: send `proposed` or leave `status` out.")
    text = payload.text.strip()  # as the admin's form strips it
    if not text:
        raise Problem(400, "Invalid notice", "The text is empty.", code="invalid-notice")
    notice = Correction(article=article, kind=payload.kind, text=text, created_by=user)
    publish = can_publish and payload.status != Correction.Status.PROPOSED
    if publish:
        notice.publish(user)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Published." if publish else "Proposed.")
        notice.save()
    return Status(201, present.notice(notice))


@router.post(
    "/articles/{article_id}/corrections/{correction_id}/publish",
    response={200: NoticeOut, **WRITE_ERRORS},
    url_name="publish_correction",
    auth=write_key,
    tags=["write"],
)
def publish_correction(request: HttpRequest, article_id: int, correction_id: int):
    """Publish a proposed notice (editors' keys only), as the admin's “Publish” button
    does. Publishing one already published changes nothing and answers it."""
    user = request.auth.user
    article = _article_for_notices(user, article_id, "articles.change_correction")
    if not workflow.can_publish(user):
        raise forbidden("Only editors publish notices.")
    with transaction.atomic(), reversion.create_revision():
        notice = article.corrections.select_for_update().filter(pk=correction_id).first()
        if notice is None:
            raise Problem(404, "Not Found", f"No notice {correction_id} on article {article_id}.")
        if notice.publish(user):
            reversion.set_user(user)
            reversion.set_comment("Published.")
            notice.save()
    return Status(200, present.notice(notice))
