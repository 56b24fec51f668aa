from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    # Sections and articles share one grammar (/news/politics, /news/politics/<slug>);
    # the view decides which one a path names. Both names reverse to the same pattern.
    path("<path:section_path>/<str:slug>", views.section_or_article, name="article"),
    path("<path:path>", views.section_or_article, name="section"),
]
