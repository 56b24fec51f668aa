"""Editing safety and desk shortcuts of the article form: autosave, presence, duplicate.

- Autosave: the change form sends its text fields every ``AUTOSAVE_SECONDS`` while
  someone types; they are kept aside (``Autosave``, one per article and user), never
  written to the article, so an autosave of a published story changes nothing readers
  see. Saving the article drops the autosave; the form offers to restore or discard one.
- Presence: the change form beats every ``PRESENCE_HEARTBEAT_SECONDS``; whoever beat
  within ``PRESENCE_TTL`` has the article open (``EditingSession``). Leaving the page
  ends the session at once; a lost tab expires. Presence informs, it locks nothing: the
  edit-conflict check of the form (``ArticleAdminForm.check_not_stale``) still refuses
  a save over a newer version.
- Duplicate: a story copied into a new draft of the user's (``duplicate``).

Who may do each is ``articles.workflow``'s: autosaving and restoring need the right to
edit the article (``can_edit``), seeing who edits it the right to view it.
"""

from dataclasses import dataclass
from datetime import datetime

import reversion
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import workflow
from articles.models import Article, Autosave, Byline, EditingSession, GalleryItem, RelatedArticle
from articles.models.editing import PRESENCE_TTL
from articles.text_policy import clean_body, plain_text

# The form fields an autosave keeps: the text people type. Choices, dates, images and
# inline rows are quick to set again and may not be valid halfway; typing is what is lost.
AUTOSAVED_FIELDS = (
    "kicker",
    "headline",
    "standfirst",
    "body",
    "slug",
    "source",
    "hero_caption",
    "hero_credit",
    "seo_title",
    "seo_description",
)
# One autosave must not be a way to store megabytes: the longest body the form accepts.
AUTOSAVE_MAX_CHARS = 1_000_000


class AutosaveRefused(ValueError):
    """An autosave request the server does not keep (too large); its message says why."""


def autosave_data(post):
    """The autosaved fields of the form data ``post`` (a QueryDict or dict): {name: text},
    the body sanitised like a saved body, the other fields plain text without control
    characters. Raises ``AutosaveRefused`` when they add up to more than
    ``AUTOSAVE_MAX_CHARS``."""
    data = {}
    for name in AUTOSAVED_FIELDS:
        if name not in post:
            continue
        value = str(post.get(name) or "")
        data[name] = clean_body(value) if name == "body" else plain_text(value, one_line=name != "standfirst")
    if sum(len(v) for v in data.values()) > AUTOSAVE_MAX_CHARS:
        raise AutosaveRefused("This form is too large to autosave.")
    return data


@dataclass(frozen=True)
class Conflict:
    """Someone else saved the article after the form was opened: who and when."""

    who: str
    when: datetime
    version: int


def store_autosave(article, user, post):
    """Keep the form data ``post`` as ``user``'s autosave of ``article`` (replacing her
    previous one) and return ``(autosave, conflict)``: ``conflict`` is a ``Conflict``
    when the article was saved since her form was opened (its ``loaded_version``), else
    None. The article itself is never written.

    Raises ``AutosaveRefused`` (too large).
    """
    data = autosave_data(post)
    try:
        base_version = int(post.get("loaded_version") or article.version)
    except (TypeError, ValueError):
        base_version = article.version
    autosave, _ = Autosave.objects.update_or_create(
        article=article,
        user=user,
        defaults={"data": data, "base_version": base_version, "saved_at": timezone.now()},
    )
    conflict = None
    if base_version != article.version:
        conflict = Conflict(workflow.user_label(article.last_edited_by), article.last_saved_at, article.version)
    return autosave, conflict


def autosave_of(article, user):
    """``user``'s autosave of ``article``, or None."""
    if article is None or article.pk is None:
        return None
    return Autosave.objects.filter(article=article, user=user).first()


def discard_autosave(article, user):
    """Drop ``user``'s autosave of ``article`` (after a save, or when she discards it)."""
    Autosave.objects.filter(article=article, user=user).delete()


def restored_initial(autosave):
    """The form's initial data from ``autosave``: its fields, and the version it was made
    on as ``loaded_version``, so saving it over a newer version is refused as an edit
    conflict rather than silently undoing someone's save."""
    return {**autosave.data, "loaded_version": autosave.base_version}


# --- presence -------------------------------------------------------------------------


def heartbeat(article, user, now=None):
    """Record that ``user`` has ``article`` open now. A session that had expired starts
    again (``since`` moves to now). Returns her ``EditingSession``."""
    now = now or timezone.now()
    name = workflow.user_label(user)
    fresh = EditingSession.objects.filter(article=article, user=user, seen_at__gte=now - PRESENCE_TTL)
    if not fresh.update(seen_at=now, name=name):
        try:
            with transaction.atomic():
                EditingSession.objects.update_or_create(
                    article=article, user=user, defaults={"name": name, "since": now, "seen_at": now}
                )
        except IntegrityError:
            # Two tabs beating at the same instant: the other one made the row.
            EditingSession.objects.filter(article=article, user=user).update(seen_at=now, name=name)
    return EditingSession.objects.get(article=article, user=user)


def leave(article, user):
    """``user`` closed ``article``'s form: she no longer shows as editing it."""
    EditingSession.objects.filter(article=article, user=user).delete()


def others_editing(article, user, now=None):
    """The fresh ``EditingSession`` rows of ``article`` other than ``user``'s, who came first first."""
    return list(EditingSession.objects.filter(article=article).exclude(user=user).fresh(now))


def presence_label(session):
    """ "Leila Haddad has been editing this since 10:42" (site time zone)."""
    return f"{session.name} has been editing this since {timezone.localtime(session.since):%H:%M}"


def presence_json(sessions):
    """What the heartbeat answers: ``[{"name", "since" (ISO 8601), "label"}]``."""
    return [
        {"name": s.name, "since": timezone.localtime(s.since).isoformat(), "label": presence_label(s)} for s in sessions
    ]


# --- duplicate ------------------------------------------------------------------------

# What a copy keeps of the story. Everything about its life is left behind: status,
# publication and update times, home placement, import identity, live coverage, versions.
COPIED_FIELDS = (
    "headline",
    "kicker",
    "standfirst",
    "body",
    "section",
    "source",
    "hero_image",
    "hero_caption",
    "hero_credit",
    "format",
    "video_url",
    "language",
    "seo_title",
    "seo_description",
    "social_image",
)


def duplicate(article, user):
    """A new draft copied from ``article``, owned by ``user`` (``created_by``): the fields
    of ``COPIED_FIELDS``, its bylines, tags, regions, gallery and chosen related stories,
    a new slug, no publication time. Revisions, notices, live updates and reads are not
    copied; the copy starts with one revision saying where it came from. Returns it.
    """
    with transaction.atomic(), reversion.create_revision():
        copy = Article(
            **{name: getattr(article, name) for name in COPIED_FIELDS},
            status=Article.Status.DRAFT,
            created_by=user,
            last_edited_by=user,
        )
        copy.slug = Article.free_slug(article.headline, article.section)
        copy.save()
        copy.regions.set(article.regions.all())
        copy.tags.set(list(article.tags.all()))
        Byline.objects.bulk_create(
            Byline(article=copy, author_id=b.author_id, position=b.position) for b in article.bylines.all()
        )
        GalleryItem.objects.bulk_create(
            GalleryItem(article=copy, image_id=g.image_id, caption=g.caption, position=g.position)
            for g in article.gallery_items.all()
        )
        RelatedArticle.objects.bulk_create(
            RelatedArticle(
                from_article=copy, to_article_id=r.to_article_id, position=r.position, headline=r.headline, url=r.url
            )
            for r in article.related_links.all()
        )
        # Bulk inserts send no signal: the copy's search names are refreshed here.
        Article.objects.filter(pk=copy.pk).refresh_search_extra()
        reversion.set_user(user)
        reversion.set_comment(f"Duplicated from “{article.headline}” (#{article.pk}).")
    return copy


def editor_settings():
    """The timings the change form's script runs on, in milliseconds."""
    return {
        "autosave_ms": int(settings.AUTOSAVE_SECONDS * 1000),
        "heartbeat_ms": int(settings.PRESENCE_HEARTBEAT_SECONDS * 1000),
    }
