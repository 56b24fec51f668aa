"""The article form's editing safety and shortcuts: autosave, presence, duplicate, and
the search and social preview's data. The rules are in ``articles.editing``; this mixin
gives them URLs and puts what they know into the change form.

Mixed into ``ArticleAdmin`` (``articles/admin/article.py``) like ``ArticleAdminViews``.
Every endpoint answers 404 for an unknown article and 403 without the right
(``_article_for``); the form's script talks to them with the page's CSRF token.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles import editing
from articles.models import EditingSession
from articles.models.article import SEO_DESCRIPTION_LENGTH, SEO_TITLE_LENGTH
from public import metadata


def _hm(when):
    return date_format(timezone.localtime(when), "H:i")


class ArticleEditingViews:
    """Autosave, presence and duplicate endpoints, and their parts of the change form
    and the list (see ``articles.editing``)."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/autosave/", view(self.autosave_view), name="{}_{}_autosave".format(*info)),
            path(
                "<path:object_id>/autosave/discard/",
                view(self.autosave_discard_view),
                name="{}_{}_autosave_discard".format(*info),
            ),
            path("<path:object_id>/presence/", view(self.presence_view), name="{}_{}_presence".format(*info)),
            path(
                "<path:object_id>/presence/leave/",
                view(self.presence_leave_view),
                name="{}_{}_presence_leave".format(*info),
            ),
            path("<path:object_id>/duplicate/", view(self.duplicate_view), name="{}_{}_duplicate".format(*info)),
        ] + super().get_urls()

    def _editable_article(self, request, object_id, *, change=True):
        """The article ``object_id`` that ``request.user`` may change (``change``) or view:
        404 for an unknown one, 403 without the right."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article")
        allowed = self.has_change_permission(request, article) if change else self.has_view_permission(request, article)
        if not allowed:
            raise PermissionDenied
        return article

    # --- autosave ----------------------------------------------------------------------

    @staticmethod
    def _reject_get(request):
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        return None

    def autosave_view(self, request, object_id):
        """POST the change form's data: keep its text as the user's autosave (never the
        article). JSON ``{"saved_at": "10:42", "conflict": message or null}``; 400 with
        ``{"error"}`` when it is too large; 405 for other methods."""
        if (refused := self._reject_get(request)) is not None:
            return refused
        article = self._editable_article(request, object_id)
        try:
            autosave, conflict = editing.store_autosave(article, request.user, request.POST)
        except editing.AutosaveRefused as error:
            return JsonResponse({"error": str(error)}, status=400)
        message = None
        if conflict is not None:
            message = (
                f"{conflict.who} saved this article at {_hm(conflict.when)} while you were editing it "
                f"(now version {conflict.version}). Your text is autosaved, but saving this form will be refused: "
                "copy what you need, then reload."
            )
        return JsonResponse({"saved_at": _hm(autosave.saved_at), "conflict": message})

    def autosave_discard_view(self, request, object_id):
        """POST: drop the user's autosave of the article; back to its change form."""
        if (refused := self._reject_get(request)) is not None:
            return refused
        article = self._editable_article(request, object_id)
        editing.discard_autosave(article, request.user)
        messages.info(request, "The autosaved version was discarded.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    # --- presence ----------------------------------------------------------------------

    def presence_view(self, request, object_id):
        """POST (the form's heartbeat): the user has the article open. JSON
        ``{"others": [{"name", "since", "label"}]}``: who else has it open. Someone who
        may only view the article is told who edits it but is not shown as editing."""
        if (refused := self._reject_get(request)) is not None:
            return refused
        article = self._editable_article(request, object_id, change=False)
        if self.has_change_permission(request, article):
            editing.heartbeat(article, request.user)
        return JsonResponse({"others": editing.presence_json(editing.others_editing(article, request.user))})

    def presence_leave_view(self, request, object_id):
        """POST (sent by the page as it goes): the user closed the form. 204."""
        if (refused := self._reject_get(request)) is not None:
            return refused
        article = self._editable_article(request, object_id, change=False)
        editing.leave(article, request.user)
        return HttpResponse(status=204)

    # --- duplicate ---------------------------------------------------------------------

    def duplicate_view(self, request, object_id):
        """POST: copy the article into a new draft of the user's and open it. Needs the
        right to view the article and to add articles."""
        if (refused := self._reject_get(request)) is not None:
            return refused
        article = self._editable_article(request, object_id, change=False)
        if not self.has_add_permission(request):
            raise PermissionDenied
        copy = editing.duplicate(article, request.user)
        self.message_user(
            request, f"“{article.headline}” was copied into a new draft. You are editing the copy.", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[copy.pk]))

    def duplicate_selected(self, request, queryset):
        """Bulk action: each selected article the user may see copied into a new draft."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        copies = [editing.duplicate(article, request.user) for article in queryset.select_related("section")]
        if len(copies) == 1:
            self.message_user(request, "Copied into a new draft. You are editing the copy.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[copies[0].pk]))
        self.message_user(request, f"{len(copies)} articles copied into new drafts.", messages.SUCCESS)
        return None

    duplicate_selected.short_description = "Duplicate as new drafts"
    duplicate_selected.allowed_permissions = ("add",)

    # --- the change form -----------------------------------------------------------------

    def restoring(self, request, obj):
        """The user's autosave of ``obj`` when this request asks to restore it (GET
        ``?autosave=restore``), else None."""
        if request.method != "GET" or request.GET.get("autosave") != "restore" or obj is None:
            return None
        if not self.has_change_permission(request, obj):
            return None
        return editing.autosave_of(obj, request.user)

    def editing_context(self, request, obj):
        """What the change form shows of autosave, presence and the search/social preview."""
        context = {
            "editor_settings": editing.editor_settings(),
            "seo_limits": {"title": SEO_TITLE_LENGTH, "description": SEO_DESCRIPTION_LENGTH},
            "seo_preview": self.seo_preview(obj),
        }
        if obj is None or obj.pk is None:
            return context
        can_change = self.has_change_permission(request, obj)
        if can_change:
            editing.heartbeat(obj, request.user)
        context.update(
            editing_others=editing.others_editing(obj, request.user),
            presence_url=reverse("admin:articles_article_presence", args=[obj.pk]),
            presence_leave_url=reverse("admin:articles_article_presence_leave", args=[obj.pk]),
        )
        if self.has_add_permission(request):
            context["duplicate_url"] = reverse("admin:articles_article_duplicate", args=[obj.pk])
        if not can_change:
            return context
        autosave = editing.autosave_of(obj, request.user)
        context.update(
            autosave_url=reverse("admin:articles_article_autosave", args=[obj.pk]),
            autosave=autosave,
            autosave_restored=request.GET.get("autosave") == "restore" and autosave is not None,
            autosave_stale=autosave is not None and autosave.base_version != obj.version,
        )
        if autosave is not None:
            change_url = reverse("admin:articles_article_change", args=[obj.pk])
            context["autosave_restore_url"] = f"{change_url}?autosave=restore"
            context["autosave_discard_url"] = reverse("admin:articles_article_autosave_discard", args=[obj.pk])
        return context

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.editing_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def seo_preview(obj):
        """The search result and social card as the page would give them now: title,
        description, address and picture (``public.metadata.search_and_social``)."""
        if obj is None or obj.pk is None or obj.section_id is None:
            home = metadata.absolute(reverse("public:home"))
            preview = {"url": home, "host": "", "title": "", "description": "", "image_object": None}
        else:
            preview = metadata.search_and_social(obj)
        # Shown here from this site's own address (SITE_URL may be the public host).
        image = preview["image_object"]
        preview["image"] = image.rendition_url("16x9", 640) if image else static(metadata.DEFAULT_IMAGES["16x9"])
        return preview

    # --- the list ----------------------------------------------------------------------

    def with_presence(self, request, queryset):
        """``queryset`` with each article annotated with who else has it open:
        ``editing_name`` and ``editing_since`` of the first fresh session, or None. Two
        correlated subqueries of the list's own query: no query per row."""
        sessions = EditingSession.objects.filter(article=OuterRef("pk")).exclude(user=request.user).fresh()
        return queryset.annotate(
            editing_name=Subquery(sessions.values("name")[:1]),
            editing_since=Subquery(sessions.values("since")[:1]),
        )

    def presence_label(self, obj):
        """ "✎ Leila Haddad editing since 10:42" for the list, or "" (needs ``with_presence``)."""
        name = getattr(obj, "editing_name", None)
        if not name:
            return ""
        return f"{name} editing since {_hm(obj.editing_since)}"

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        admin = self

        class ChangeListWithPresence(changelist):
            def get_queryset(self, request, exclude_parameters=None):
                return admin.with_presence(request, super().get_queryset(request, exclude_parameters))

        return ChangeListWithPresence
