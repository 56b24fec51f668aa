"""The newsroom desk's small actions on an article, each without saving the article:
the live desk (post, edit and delete live updates; end or resume the coverage) and the
notices page (propose, add and publish corrections, clarifications and update notes).

Mixed into ``ArticleAdmin`` (``articles/admin/article.py``) like ``ArticleAdminViews``.
Every post, edit, deletion and publication is one short transaction with a revision of
its own (django-reversion, with the user and a comment): several reporters post to one
live blog at once and nobody is refused, since nobody re-saves what another wrote.

Who may do what (the rules are here, the buttons only follow them):

- live desk: anyone who may view the article and holds ``articles.add_liveupdate``
  (writers and editors) posts; an update is edited or deleted by whoever posted it or
  by an editor (``articles.publish_article``), with the change/delete permission on
  live updates; only editors end or resume the coverage, which readers see at once.
- notices: anyone who may view the article and holds ``articles.add_correction``
  proposes one; an editor's is published at once unless kept as a proposal, and only
  an editor publishes a proposal.
"""

import hashlib

import reversion
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import workflow
from articles.admin.forms import BODY_EDITOR_EXTENSIONS
from articles.models import Article, Correction, LiveUpdate
from articles.signals import content_changed
from articles.text_policy import html_to_text

ADD_UPDATE, CHANGE_UPDATE, DELETE_UPDATE = (
    "articles.add_liveupdate",
    "articles.change_liveupdate",
    "articles.delete_liveupdate",
)
ADD_CORRECTION = "articles.add_correction"


class LiveUpdateForm(forms.ModelForm):
    """One live update: the text (rich text, required), an optional title, picture and
    embed, the key-event and pinned flags. On an edit, ``loaded_updated_at`` is the
    version the form was opened on: a save over someone else's edit is refused."""

    body = ProseEditorFormField(
        config={"extensions": BODY_EDITOR_EXTENSIONS},
        widget=AdminProseEditorWidget,
        label="Update",
        help_text="What happened. Sanitised on save, like article bodies.",
    )
    embed_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Embed (optional)",
        widget=forms.URLInput(attrs={"size": 80}),
        help_text=LiveUpdate._meta.get_field("embed_url").help_text,
    )
    loaded_updated_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LiveUpdate
        fields = ["body", "title", "image", "embed_url", "key_event", "pinned"]
        labels = {"title": "Title (optional)"}
        widgets = {"title": forms.TextInput(attrs={"size": 80})}

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        image = self.fields["image"]
        image.widget = AutocompleteSelect(LiveUpdate._meta.get_field("image"), admin_site)
        image.widget.choices = image.choices  # what the field sets on its own widget
        if self.instance.pk:
            self.fields["loaded_updated_at"].initial = self.instance.updated_at.isoformat()

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not html_to_text(body or "").strip() and "<img" not in (body or ""):
            raise forms.ValidationError("An update needs some text.")
        return body


class CorrectionForm(forms.ModelForm):
    """A notice: its kind and text. Editors may keep it as a proposal (``publish_now``
    unticked); writers' notices are always proposals."""

    publish_now = forms.BooleanField(
        required=False, initial=True, help_text="Untick to save it as a proposal for another editor to check."
    )

    class Meta:
        model = Correction
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 80})}

    def __init__(self, *args, can_publish, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish_now"]


class ArticleDeskViews:
    """The live desk and the notices page of an article (see the module docstring)."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/live/", view(self.live_desk_view), name="{}_{}_live_desk".format(*info)),
            path(
                "<path:object_id>/live/<int:update_id>/edit/",
                view(self.live_update_edit_view),
                name="{}_{}_live_update_edit".format(*info),
            ),
            path(
                "<path:object_id>/live/<int:update_id>/delete/",
                view(self.live_update_delete_view),
                name="{}_{}_live_update_delete".format(*info),
            ),
            path(
                "<path:object_id>/live/updates/",
                view(self.live_desk_updates_view),
                name="{}_{}_live_desk_updates".format(*info),
            ),
            path(
                "<path:object_id>/live/coverage/",
                view(self.live_coverage_view),
                name="{}_{}_live_coverage".format(*info),
            ),
            path(
                "<path:object_id>/corrections/",
                view(self.corrections_view),
                name="{}_{}_corrections".format(*info),
            ),
            path(
                "<path:object_id>/corrections/<int:correction_id>/publish/",
                view(self.correction_publish_view),
                name="{}_{}_correction_publish".format(*info),
            ),
        ] + super().get_urls()

    # --- shared ----------------------------------------------------------------------

    def _article_for(self, request, object_id, permission):
        """The article ``object_id`` that ``request.user`` may view and act on with
        ``permission``: 404 for an unknown one, 403 without the right."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article")
        if not self.has_view_or_change_permission(request, article) or not request.user.has_perm(permission):
            raise PermissionDenied
        return article

    def _live_article_for(self, request, object_id, permission=ADD_UPDATE):
        article = self._article_for(request, object_id, permission)
        if article.format != Article.Format.LIVE:
            raise Http404("Only a live-format article has a live desk")
        return article

    @staticmethod
    def may_change_update(user, update, permission):
        """Whether ``user`` may edit (``permission`` change) or delete an update: the one
        who posted it, or an editor; with the model permission either way."""
        if not user.has_perm(permission):
            return False
        return workflow.can_publish(user) or update.posted_by_id == user.pk

    def _render(self, request, template, context, form=None):
        media = self.media + (form.media if form is not None else forms.Media())
        if hasattr(request, "csp_nonce"):
            # The rich-text editor's import map is an inline <script>: it carries the
            # request's CSP nonce, as on the article form.
            media = media.with_nonce(request.csp_nonce) if hasattr(media, "with_nonce") else media
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "media": media,
            "change_url": reverse("admin:articles_article_change", args=[context["article"].pk]),
            **context,
        }
        return TemplateResponse(request, template, context)

    # --- live desk ---------------------------------------------------------------

    def live_desk_view(self, request, object_id):
        """GET: the desk (the post form, the updates newest first); POST: post an update
        at once and come back to the desk."""
        article = self._live_article_for(request, object_id)
        form = LiveUpdateForm(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            update = form.save(commit=False)
            update.article, update.posted_by, update.posted_at = article, request.user, timezone.now()
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment("Posted on the live desk.")
                update.save()
            messages.success(request, f"Update posted at {timezone.localtime(update.posted_at):%H:%M}.")
            return HttpResponseRedirect(reverse("admin:articles_article_live_desk", args=[article.pk]))
        updates = self._desk_updates(request, article)
        context = {
            "title": f"Live desk: {article.headline}",
            "article": article,
            "form": form,
            "updates": updates,
            "updates_etag": self._desk_etag(article, updates),
            "refresh_seconds": settings.DESK_REFRESH_SECONDS,
            "can_end": workflow.can_publish(request.user),
            "public_url": article.get_absolute_url() if article.is_published else "",
        }
        return self._render(request, "admin/articles/article/live_desk.html", context, form)

    def live_desk_updates_view(self, request, object_id):
        """GET: the desk's list of updates alone (``_desk_updates.html``). The desk page
        re-reads it every ``settings.DESK_REFRESH_SECONDS`` (``admin-extra/desk.js``), so
        a reporter sees what the others post, edit and delete without reloading the page
        and losing the update she is writing. Answers 304 to the ``ETag`` of the list
        the page holds; never kept by any cache (``private, no-cache``)."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        article = self._live_article_for(request, object_id)
        updates = self._desk_updates(request, article)
        etag = self._desk_etag(article, updates)
        response = get_conditional_response(request, etag=etag)
        if response is None:
            response = TemplateResponse(
                request, "admin/articles/article/_desk_updates.html", {"article": article, "updates": updates}
            )
        response["ETag"] = etag
        patch_cache_control(response, private=True, no_cache=True)
        return response

    def _desk_updates(self, request, article):
        """The article's visible updates, newest first, each marked ``editable`` and
        ``deletable`` for ``request.user``."""
        updates = list(article.live_updates.visible().select_related("image", "posted_by"))
        for update in updates:
            update.editable = self.may_change_update(request.user, update, CHANGE_UPDATE)
            update.deletable = self.may_change_update(request.user, update, DELETE_UPDATE)
        return updates

    @staticmethod
    def _desk_etag(article, updates):
        """A strong ETag of the list as this user sees it: each update's id, version
        and the buttons it gets (the list's HTML itself differs per render, as every
        CSRF token does)."""
        state = [(u.pk, u.updated_at.isoformat(), u.editable, u.deletable) for u in updates]
        digest = hashlib.sha256(repr((article.pk, state)).encode()).hexdigest()[:32]
        return f'"{digest}"'

    def live_update_edit_view(self, request, object_id, update_id):
        """Edit one update (its own revision). Refused, with the other text kept in the
        form, when someone saved the update since the form was opened."""
        article = self._live_article_for(request, object_id, CHANGE_UPDATE)
        update = article.live_updates.visible().filter(pk=update_id).first()
        if update is None:
            raise Http404("No such update")
        if not self.may_change_update(request.user, update, CHANGE_UPDATE):
            raise PermissionDenied
        form = LiveUpdateForm(request.POST or None, instance=update, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic(), reversion.create_revision():
                # The row lock makes the check and the save one step: two editors saving
                # the same update at once cannot both pass.
                stored = LiveUpdate.objects.select_for_update().get(pk=update.pk)
                loaded = form.cleaned_data.get("loaded_updated_at")
                if loaded and stored.updated_at != loaded:
                    form.add_error(
                        None,
                        "Someone changed this update at "
                        f"{timezone.localtime(stored.updated_at):%H:%M:%S} since you opened it. "
                        "Your changes have NOT been saved: reload the update and make them again.",
                    )
                else:
                    reversion.set_user(request.user)
                    reversion.set_comment("Edited on the live desk.")
                    form.save()
            if not form.errors:
                messages.success(request, "Update saved.")
                return HttpResponseRedirect(reverse("admin:articles_article_live_desk", args=[article.pk]))
        context = {"title": "Edit live update", "article": article, "form": form, "update": update}
        return self._render(request, "admin/articles/article/live_update_edit.html", context, form)

    def live_update_delete_view(self, request, object_id, update_id):
        """POST: take one update off the page (kept, with ``deleted_at``, in its history)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._live_article_for(request, object_id, DELETE_UPDATE)
        update = article.live_updates.visible().filter(pk=update_id).first()
        if update is None:
            raise Http404("No such update")
        if not self.may_change_update(request.user, update, DELETE_UPDATE):
            raise PermissionDenied
        update.deleted_at = timezone.now()
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Deleted on the live desk.")
            update.save(update_fields=["deleted_at", "updated_at"])
        messages.success(request, "Update deleted: readers no longer see it.")
        return HttpResponseRedirect(reverse("admin:articles_article_live_desk", args=[article.pk]))

    def live_coverage_view(self, request, object_id):
        """POST ``action=end`` or ``action=resume``: end the live coverage now (the page
        says ENDED and stops polling) or resume it. Editors only.

        Written with a queryset update, not ``save()``: the article's version, and with
        it the edit-conflict check of someone's open article form, stay as they were.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._live_article_for(request, object_id, ADD_UPDATE)
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in ("end", "resume"):
            messages.error(request, "Choose to end or to resume the coverage.")
            return HttpResponseRedirect(reverse("admin:articles_article_live_desk", args=[article.pk]))
        ended_at = timezone.now() if action == "end" else None
        with transaction.atomic():
            Article.objects.filter(pk=article.pk).update(coverage_ended_at=ended_at)
            # Readers see the LIVE/ENDED state on cards and pages: announce it as any change.
            content_changed.send(sender=Article, using=Article.objects.db)
            self.log_change(request, article, "Live coverage ended." if ended_at else "Live coverage resumed.")
        messages.success(request, "Live coverage ended." if ended_at else "Live coverage resumed.")
        return HttpResponseRedirect(reverse("admin:articles_article_live_desk", args=[article.pk]))

    # --- corrections -----------------------------------------------------------------

    def corrections_view(self, request, object_id):
        """GET: the article's notices (published and proposed) and the form; POST: add
        one (published at once by an editor, else a proposal)."""
        article = self._article_for(request, object_id, ADD_CORRECTION)
        can_publish = workflow.can_publish(request.user)
        form = CorrectionForm(request.POST or None, can_publish=can_publish)
        if request.method == "POST" and form.is_valid():
            notice = form.save(commit=False)
            notice.article, notice.created_by = article, request.user
            publish = can_publish and form.cleaned_data.get("publish_now")
            if publish:
                notice.publish(request.user)
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment("Published." if publish else "Proposed.")
                notice.save()
            label = notice.get_kind_display()
            if publish:
                messages.success(request, f"{label} published: readers see it on the article now.")
            else:
                messages.success(request, f"{label} proposed: an editor will check and publish it.")
            return HttpResponseRedirect(reverse("admin:articles_article_corrections", args=[article.pk]))
        context = {
            "title": f"Corrections: {article.headline}",
            "article": article,
            "form": form,
            "notices": list(article.corrections.select_related("created_by", "published_by").order_by("-created_at")),
            "can_publish": can_publish,
        }
        return self._render(request, "admin/articles/article/corrections.html", context, form)

    def correction_publish_view(self, request, object_id, correction_id):
        """POST: publish a proposed notice (editors only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_for(request, object_id, "articles.change_correction")
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        with transaction.atomic(), reversion.create_revision():
            notice = article.corrections.select_for_update().filter(pk=correction_id).first()
            if notice is None:
                raise Http404("No such notice")
            if notice.publish(request.user):
                reversion.set_user(request.user)
                reversion.set_comment("Published.")
                notice.save()
                messages.success(request, f"{notice.get_kind_display()} published.")
            else:
                messages.info(request, "It was already published.")
        return HttpResponseRedirect(reverse("admin:articles_article_corrections", args=[article.pk]))
