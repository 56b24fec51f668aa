"""The article admin's own pages: the preview, the revision page and the recover pages.

Mixed into ``ArticleAdmin`` (``articles/admin/article.py``), whose permissions they use.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path, reverse
from reversion.models import Version

from articles import editions, workflow
from articles.admin.forms import StoredState
from articles.models import Article
from public import selectors
from public.views import render_article


def placements(article):
    """Where ``article`` is pinned on the home pages now, for the revision page:
    ``[{"label": "Lead", "expires_at": datetime | None}]`` in page order."""
    labels = {slot.key: slot.label for slot in selectors.home_layout(selectors.section_tree())}
    return [
        {"label": labels.get(pin.slot, pin.slot), "position": pin.position, "expires_at": pin.expires_at}
        for pin in article.home_pins.live().order_by("edition", "slot")
    ]


class ArticleAdminViews:
    """The preview through the public template, and django-reversion's revision page
    with what a restore would change."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
        ] + super().get_urls()

    def preview_view(self, request, object_id):
        """The article through the public template, whatever its status (staff only).

        Never cached, never indexed: an unpublished text must not reach a shared cache
        or a search engine. 404 for an unknown article or one of an edition the user does
        not work in, 403 without view permission.
        """
        try:  # /admin/articles/article/abc/preview/ is a 404, not a 500
            pk = Article._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404("No such article") from None
        # The user's editions only, like every per-article admin page (get_queryset):
        # an editor of one edition must not read another edition's drafts here.
        article = Article.objects.for_detail().filter(pk=pk, edition__in=editions.user_editions(request.user)).first()
        if article is None:
            raise Http404("No such article")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        response = render_article(request, article, preview=True)
        response["Cache-Control"] = "no-cache, no-store, private"
        response["X-Robots-Tag"] = "noindex"
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["preview_url"] = reverse("admin:articles_article_preview", args=[obj.pk])
            if obj.format == Article.Format.LIVE and request.user.has_perm("articles.add_liveupdate"):
                context["live_desk_url"] = reverse("admin:articles_article_live_desk", args=[obj.pk])
            if request.user.has_perm("articles.add_correction"):
                context["corrections_url"] = reverse("admin:articles_article_corrections", args=[obj.pk])
        if hasattr(context.get("media"), "with_nonce") and hasattr(request, "csp_nonce"):
            # The body editor's import map is an inline <script>: it carries the
            # request's CSP nonce, which django-csp then puts in the header.
            context["media"] = context["media"].with_nonce(request.csp_nonce)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """An old revision in the change form, with a word diff against the article as it
        is now; saving it restores it (bylines, tags, gallery and related links too).

        403 when the user may not change the article as it is now (a writer must not
        unpublish a live article by restoring a draft revision of it); 404 for an
        unknown article or revision.
        """
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = Version.objects.get_for_object(article).filter(pk=version_id).first()
        if version is None:
            raise Http404("No such revision")
        extra_context = {
            **(extra_context or {}),
            "revision_changes": workflow.revision_changes(version.field_dict, article),
            "revision_date": version.revision.date_created,
            "revision_user": version.revision.user,
            "placements": placements(article),
            "revision_revised_at": version.field_dict.get("revised_at"),
            "current_revised_at": article.revised_at,
        }
        # django-reversion writes the revision into the database (rolled back unless the
        # restore is saved) and runs the change form on it. The form must still check
        # edits against the article as it is live, which the database then no longer
        # shows: an admin made for this request alone carries that state to get_form.
        reverting = self.__class__(self.model, self.admin_site, live_state=StoredState.of(article))
        return reverting.reversion_revision_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_recover": workflow.can_recover(request.user)}
        return super().changelist_view(request, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        """django-reversion's list of deleted articles: editors only (``workflow.can_recover``)."""
        if not workflow.can_recover(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted article in the change form, to restore it: editors only. Without this
        check a writer (who may add articles) read the full text of any deleted article."""
        if not workflow.can_recover(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def reversion_revision_view(self, request, object_id, version_id, extra_context):
        """django-reversion's revision view: revert, change form, roll back unless saved."""
        return super().revision_view(request, object_id, version_id, extra_context)
