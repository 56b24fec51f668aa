from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import frontpage, roles, search, signals, textfold  # noqa: F401

        # Before any query: the SQLite search triggers call newsroom_fold.
        connection_created.connect(textfold.register_sqlite_function, dispatch_uid="articles_newsroom_fold")

        post_migrate.connect(search.ensure_sqlite_index, sender=self, dispatch_uid="articles_fts_triggers")
        post_migrate.connect(roles.ensure_edition_permissions, sender=self, dispatch_uid="articles_edition_perms")


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the newsroom's site, whose home page is the editor's
    dashboard (``articles.admin_site``; the panels: ``articles.admin.dashboard``).
    Listed in INSTALLED_APPS in django.contrib.admin's place."""

    default = False  # named in INSTALLED_APPS; "articles" itself is ArticlesConfig
    default_site = "articles.admin_site.NewsroomAdminSite"
