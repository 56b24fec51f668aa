"""Front-page curation rules: saving an editor's plan of pins, and the article form's
"home position" (the lead and top stories as numbered before pins existed).

Who may curate is the workflow's rule (editors: ``workflow.can_publish``); the admin
screen (``articles.admin.frontpage``) asks ``can_curate`` and calls ``save_plan``. The
layout (which slots exist and how many places each has) is the public site's and is
handed in by the caller as ``{slot: size}``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from articles import editions, workflow
from articles.models import Article
from articles.models.frontpage import LEAD, TOP, TOP_STORIES, FrontPage, HomePin
from articles.signals import content_changed


def can_curate(user):
    """Whether ``user`` may pin stories on the home page: editors and administrators
    (the publishing permission), never writers: the home page is what every reader sees."""
    return workflow.can_publish(user)


@dataclass(frozen=True)
class PlannedPin:
    """One pin of a plan: ``article_id`` at ``position`` (from 1) of ``slot``, until
    ``expires_at`` (an aware datetime) or for good (None)."""

    slot: str
    position: int
    article_id: int
    expires_at: datetime | None = None


class CurationConflict(Exception):
    """Someone saved the front page after the plan's screen was opened. ``front`` is the
    stored ``FrontPage`` (who saved, when, the version now)."""

    def __init__(self, front):
        self.front = front
        who = workflow.user_label(front.saved_by)
        when = timezone.localtime(front.saved_at).strftime("%H:%M") if front.saved_at else "?"
        super().__init__(
            f"{who} saved the front page at {when} while you were curating it (now version {front.version}). "
            "Your arrangement has NOT been saved: reload the page to see theirs, then make your changes again."
        )


def front_page(edition=None, lock=False):
    """The ``FrontPage`` record of ``edition`` (created at version 0 on first use);
    ``lock`` keeps its row locked until the transaction ends."""
    edition = edition or editions.default_code()
    front, _ = FrontPage.objects.get_or_create(edition=edition)
    if lock:
        front = FrontPage.objects.select_for_update(of=("self",)).select_related("saved_by").get(pk=front.pk)
    return front


def validate_plan(pins, slot_sizes, now=None, edition=None):
    """Refuse a plan that cannot be a home page: an unknown slot, a place outside its
    slot, two stories at one place, one story twice, a story of another edition than
    ``edition`` (a code; the default edition when None: its readers would never see
    it), a story readers cannot see (new pins only: a pinned story unpublished since
    keeps its place, hidden), an expiry already passed. Returns ``(problems, hidden)``: the messages, and the ids of the
    stories readers cannot see (``save_plan`` refuses those not pinned already)."""
    now = now or timezone.now()
    problems = []
    places, stories = set(), set()
    for pin in pins:
        size = slot_sizes.get(pin.slot)
        if size is None:
            problems.append(f"There is no slot “{pin.slot}” on the home page.")
        elif not 1 <= pin.position <= size:
            problems.append(f"Place {pin.position} is outside “{pin.slot}” (1 to {size}).")
        if (pin.slot, pin.position) in places:
            problems.append(f"Two stories at place {pin.position} of “{pin.slot}”.")
        if pin.article_id in stories:
            problems.append(f"Story {pin.article_id} is pinned twice: a story shows once on the home page.")
        places.add((pin.slot, pin.position))
        stories.add(pin.article_id)
        if pin.expires_at is not None and pin.expires_at <= now:
            problems.append(f"The expiry of story {pin.article_id} has already passed.")
    edition = edition or editions.default_code()
    elsewhere = Article.objects.filter(pk__in=stories).exclude(edition=edition).values_list("pk", flat=True)
    name = editions.get(edition).name if edition in editions.editions() else edition
    for article_id in sorted(elsewhere):
        problems.append(f"Story {article_id} is not in the {name} edition: pin it on its own edition's page.")
    visible = set(Article.objects.published().filter(pk__in=stories).values_list("pk", flat=True))
    return problems, stories - visible


@transaction.atomic
def save_plan(pins, *, loaded_version, slot_sizes, user, edition=None):
    """Make ``pins`` (``PlannedPin``) the live pins of ``edition``'s home page, replacing
    every pin it has; pins the plan keeps unchanged keep who pinned them and when.

    ``loaded_version`` is the ``FrontPage.version`` the editor's screen showed: another
    save since raises ``CurationConflict`` and changes nothing. Raises
    ``ValidationError`` for a plan ``validate_plan`` refuses. Returns the ``FrontPage``
    with its new version. The cache is told once the transaction commits
    (``content_changed``; the home page's key is ``home``).
    """
    edition = edition or editions.default_code()
    front = front_page(edition, lock=True)
    if loaded_version != front.version:
        raise CurationConflict(front)
    problems, hidden = validate_plan(pins, slot_sizes, edition=edition)
    existing = {p.article_id: p for p in HomePin.objects.filter(edition=edition)}
    for article_id in sorted(hidden):
        if article_id not in existing:
            problems.append(f"Story {article_id} is not published: only published stories can be pinned.")
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    rows = []
    for pin in pins:
        old = existing.get(pin.article_id)
        unchanged = old and (old.slot, old.position, old.expires_at) == (pin.slot, pin.position, pin.expires_at)
        rows.append(
            HomePin(
                edition=edition,
                slot=pin.slot,
                position=pin.position,
                article_id=pin.article_id,
                expires_at=pin.expires_at,
                pinned_by=old.pinned_by if unchanged else user,
                pinned_at=old.pinned_at if unchanged else now,
            )
        )
    HomePin.objects.filter(edition=edition).delete()
    HomePin.objects.bulk_create(rows)
    _bump(front, user, now)
    return front


def _bump(front, user, now):
    front.version += 1
    front.saved_by, front.saved_at = user, now
    front.save()
    # bulk_create sends no post_save: announce the change for the cache (key ``home``).
    content_changed.send(sender=HomePin, using=front._state.db)


def top_position(article, edition=None):
    """``article``'s place among the lead and top stories as ``Article.home_position``
    numbered it (1 the lead, 2–7 the top stories), from its live pin; None otherwise."""
    edition = edition or editions.default_code()
    pin = HomePin.objects.live().filter(edition=edition, article=article, slot__in=(LEAD, TOP)).first()
    if pin is None:
        return None
    return 1 if pin.slot == LEAD else pin.position + 1


def top_positions(edition=None):
    """``{article id: home position}`` of every story with a live lead or top pin in
    ``edition`` (numbered as ``top_position``): one query, for exports."""
    edition = edition or editions.default_code()
    pins = HomePin.objects.live().filter(edition=edition, slot__in=(LEAD, TOP))
    return {p.article_id: 1 if p.slot == LEAD else p.position + 1 for p in pins}


@transaction.atomic
def place_in_top(article, position, user=None, edition=None):
    """Pin ``article`` for good at ``position`` (1 the lead, 2–7 a top story), taking the
    place from whoever holds it; None takes it off the lead and top stories. What the
    article form's "home position" and the importer's ``home_position`` do. A no-op when
    the article is already there (an unchanged re-import changes nothing)."""
    edition = edition or editions.default_code()
    if position is not None and not 1 <= position <= TOP_STORIES + 1:
        raise ValidationError(f"Home position is 1 (the lead) to {TOP_STORIES + 1}.")
    if top_position(article, edition) == position:
        return
    front = front_page(edition, lock=True)
    HomePin.objects.filter(edition=edition, article=article).delete()
    if position is not None:
        slot, place = (LEAD, 1) if position == 1 else (TOP, position - 1)
        HomePin.objects.filter(edition=edition, slot=slot, position=place).delete()
        HomePin.objects.create(edition=edition, slot=slot, position=place, article=article, pinned_by=user)
    _bump(front, user, timezone.now())


@transaction.atomic
def take_off(article, user=None):
    """Unpin ``article`` from every slot of every edition's home page (asked for when
    restoring a revision); each edition's front page gets a new version."""
    for edition in sorted(set(HomePin.objects.filter(article=article).values_list("edition", flat=True))):
        front = front_page(edition, lock=True)
        HomePin.objects.filter(edition=edition, article=article).delete()
        _bump(front, user, timezone.now())


@receiver(post_save, sender=Article, dispatch_uid="frontpage_apply_home_position")
def apply_home_position(sender, instance, created=False, raw=False, **kwargs):
    """After an article is saved with ``home_position`` set (the article form, the
    importer, a factory), pin it there (``place_in_top``) as the one who saved it."""
    if raw or "_pending_home_position" not in instance.__dict__:
        return
    position = instance.__dict__.pop("_pending_home_position")
    if created and position is None:
        return  # a new story has no pin to take away: no query per imported article
    place_in_top(instance, position, user=instance.last_edited_by, edition=instance.edition)
