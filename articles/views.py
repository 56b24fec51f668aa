"""Public pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section


def home(request):
    articles = Article.objects.published().for_listing().newest_first()[:20]
    return render(request, "articles/home.html", {"articles": articles})


def section_or_article(request, path=None, section_path=None, slug=None):
    path = path or f"{section_path}/{slug}"
    section = Section.objects.filter(path=path).first()
    if section:
        articles = (
            Article.objects.published()
            .filter(section_id__in=section.descendant_ids())
            .for_listing()
            .newest_first()[:20]
        )
        return render(request, "articles/section.html", {"section": section, "articles": articles})
    if "/" not in path:
        raise Http404("No such page")
    section_path, slug = path.rsplit("/", 1)
    article = get_object_or_404(Article.objects.published().for_detail(), section__path=section_path, slug=slug)
    return render_article(request, article)


def render_article(request, article, *, preview=False):
    """The article page for ``article``; the admin preview calls it with ``preview=True``
    (draft banner, noindex, never cached)."""
    return render(request, "articles/article.html", {"article": article, "preview": preview})
