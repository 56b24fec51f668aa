"""A fresh install mirrors the site: section tree and menu order, regions, the house
byline, the static pages, the site's name and the editorial roles."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations

SECTIONS = [
    (
        "News",
        "news",
        [
            "Politics",
            "Economy",
            "Sports",
            ("Arts&Culture", "arts-culture"),
            "Health",
            "Miscellaneous",
            "Technology",
            "Environment",
        ],
    ),
    ("Articles", "articles", ["Opinion", "Analysis", "Blog", "Features"]),
    ("Videos", "videos", [("NewsFeed", "newsfeed"), "Video Features", "Explainers", ("TV", "tv"), "Digital Series"]),
    ("Infographs", "infographs", []),
    ("In Pictures", "in-pictures", []),
    ("Live", "live", []),
]
REGIONS = [
    ("Africa", "africa"),
    ("Asia", "asia"),
    ("Asia-Pacific", "asia-pacific"),
    ("Europe", "europe"),
    ("Latin America", "latin-america"),
    ("MENA", "mena"),
    ("Palestine", "palestine"),
    ("US & Canada", "us-canada"),
    ("West Asia", "west-asia"),
]
PAGES = [
    (
        "/about-us/",
        "About Us",
        "<p>Al Mayadeen is an Arab independent media satellite channel, "
        "launched in Beirut. Al Mayadeen English brings its reporting and analysis to readers worldwide.</p>",
    ),
    (
        "/privacy-policy/",
        "Privacy Policy",
        "<p>We count page views without cookies and keep no "
        "personal data about readers. Staff accounts are stored only to run the newsroom.</p>",
    ),
    (
        "/contact-us/",
        "Contact Us",
        '<p>Newsroom: <a href="mailto:english@almayadeen.net">english@almayadeen.net</a></p>',
    ),
]
# Writers draft and submit; they never publish (no publish_article permission).
WRITER_PERMS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_image"),
    ("articles", "change_image"),
    ("articles", "view_image"),
    ("articles", "view_author"),
    ("articles", "view_section"),
    ("articles", "view_region"),
    ("articles", "add_articleauthor"),
    ("articles", "change_articleauthor"),
    ("articles", "delete_articleauthor"),
    ("articles", "view_articleauthor"),
    ("articles", "add_galleryitem"),
    ("articles", "change_galleryitem"),
    ("articles", "delete_galleryitem"),
    ("articles", "view_galleryitem"),
    ("articles", "add_relatedarticle"),
    ("articles", "change_relatedarticle"),
    ("articles", "delete_relatedarticle"),
    ("articles", "view_relatedarticle"),
    ("articles", "add_liveupdate"),
    ("articles", "change_liveupdate"),
    ("articles", "delete_liveupdate"),
    ("articles", "view_liveupdate"),
    ("articles", "add_taggedarticle"),
    ("articles", "change_taggedarticle"),
    ("articles", "delete_taggedarticle"),
    ("articles", "view_taggedarticle"),
    ("taggit", "add_tag"),
    ("taggit", "view_tag"),
]


def _section_slug(entry):
    from django.utils.text import slugify

    if isinstance(entry, tuple):
        return entry
    return entry, slugify(entry)


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Section = apps.get_model("articles", "Section")
    Region = apps.get_model("articles", "Region")
    Author = apps.get_model("articles", "Author")
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for position, (name, slug, children) in enumerate(SECTIONS):
        parent, _ = Section.objects.get_or_create(
            path=slug, defaults={"name": name, "slug": slug, "position": position}
        )
        for child_position, child in enumerate(children):
            child_name, child_slug = _section_slug(child)
            Section.objects.get_or_create(
                path=f"{slug}/{child_slug}",
                defaults={"name": child_name, "slug": child_slug, "parent": parent, "position": child_position},
            )
    for position, (name, slug) in enumerate(REGIONS):
        # West Asia appears in "Most Read" but not in the region bar of the seed page.
        Region.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position, "show_in_menu": slug != "west-asia"}
        )
    Author.objects.get_or_create(
        slug="al-mayadeen-english",
        defaults={
            "name": "Al Mayadeen English",
            "is_organisation": True,
            "bio": "The newsroom of Al Mayadeen English.",
        },
    )

    site, _ = Site.objects.update_or_create(
        pk=getattr(settings, "SITE_ID", 1),
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )
    for url, title, content in PAGES:
        page, _ = FlatPage.objects.get_or_create(url=url, defaults={"title": title, "content": content})
        page.sites.add(site)

    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    writer, _ = Group.objects.get_or_create(name="Writer")
    writer.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in WRITER_PERMS]
    )
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["articles", "taggit", "flatpages", "redirects"])
    )
    admin, _ = Group.objects.get_or_create(name="Administrator")
    admin.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
        ("flatpages", "0001_initial"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
