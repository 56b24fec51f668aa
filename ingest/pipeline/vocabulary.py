"""The names articles use: sections, regions, authors and tags, as ids cached for a run.

The caches grow with the vocabulary, not with the number of articles. A row created
inside an article's savepoint is *staged* (``Staged``: (kind, name key) -> id)
and enters the cache only when the caller's savepoint commits (``keep``), so a rolled
back article never leaves an id in the cache that the database no longer has.

The vocabulary records of an export (AuthorRecord, SectionRecord, RegionRecord,
TagRecord) are written here too, as upserts that report created / updated / unchanged.
"""

from collections import defaultdict

from django.utils.text import slugify
from taggit.models import Tag

from articles import editions
from articles.models import Author, Region, Section
from articles.slugs import MESSAGE as SLUG_MESSAGE
from articles.slugs import is_url_segment
from articles.text_policy import name_key
from ingest.pipeline import media
from ingest.pipeline.fields import http_url, one_line
from ingest.records import ImportFailure

# (kind, name key, or casefolded region name or slug) -> id of a row created inside a
# savepoint still open. Authors and tags are keyed as the database keys them (name_key).
Staged = dict[tuple[str, str], int]


def upsert(model, lookup, values):
    """(object, action): create it, update the fields that differ, or leave it."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, "created"
    return obj, apply_changes(obj, values)


def apply_changes(obj, values):
    """Set and save the fields of ``obj`` that differ from ``values``; the action."""
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if not changed:
        return "unchanged"
    for k in changed:
        setattr(obj, k, values[k])
    obj.save()
    return "updated"


class Vocabulary:
    """Lookups by name for one import run; reads the sections and regions once.

    Sections and regions are an edition's (``articles.editions``): looked up in the
    record's edition, by default the run's ``edition`` (``--edition``, else the
    default edition). ``sections`` is the run's edition's {path: Section}.
    Raises ImportFailure for an edition that is not configured.
    """

    def __init__(self, edition=""):
        self.edition = check_edition(edition or editions.default_code(), "--edition")
        # --edition given: every record without an edition of its own is in it, whatever
        # its URL looks like (another site's "/es/..." is no edition of ours).
        self.edition_given = bool(edition)
        self.by_edition = defaultdict(dict)  # edition -> path -> Section
        for s in Section.objects.all():
            self.by_edition[s.edition][s.path] = s
        # kind -> name key (regions: (edition, casefolded name or slug)) -> id
        self.ids = {"author": {}, "tag": {}, "region": {}}
        for region in Region.objects.all():
            self.ids["region"][(region.edition, region.name.casefold())] = region.pk
            self.ids["region"][(region.edition, region.slug.casefold())] = region.pk

    @property
    def sections(self):
        return self.by_edition[self.edition]

    def sections_of(self, edition):
        """{path: Section} of ``edition`` (a code)."""
        return self.by_edition[edition or self.edition]

    def edition_of(self, record):
        """The edition code of a record: its own, else the run's. ImportFailure for a
        code not configured."""
        return check_edition(getattr(record, "edition", "") or self.edition, "edition")

    def keep(self, staged):
        """Cache what ``staged`` holds: the savepoint that created those rows has committed."""
        for (kind, key), pk in staged.items():
            self.ids[kind][key] = pk

    # --- lookups ---------------------------------------------------------------

    def section(self, name, edition=None):
        """A Section of ``edition`` (default: the run's) from a path ("news/politics") or a
        unique name ("Politics"), or None."""
        sections = self.sections_of(edition)
        name = (name or "").strip().strip("/")
        if not name:
            return None
        if name in sections:
            return sections[name]
        lowered = name.casefold()
        for path, section in sections.items():
            if path.casefold() == lowered:
                return section
        matches = [s for s in sections.values() if s.name_key == name_key(name)]
        return matches[0] if len(matches) == 1 else None

    def region_id(self, name, edition=None):
        """The id of the region of ``edition`` (default: the run's) named or slugged
        ``name`` (any case), or None: regions are never created by an article, only by a
        region record or the admin."""
        return self.ids["region"].get((edition or self.edition, str(name).casefold()))

    def author_id(self, name, staged):
        """The id of the author called ``name`` (any case); created when there is none."""
        return self._id("author", Author.objects, "name_key", name, staged, lambda: Author.objects.create(name=name))

    def tag_id(self, name, staged, slug=""):
        """The id of the tag called ``name`` (any case); created when there is none, with
        ``slug`` when it is given, one URL segment and free, else taggit's slug from the name."""

        def create():
            free = is_url_segment(slug) and not Tag.objects.filter(slug=slug).exists()
            return Tag.objects.create(name=name, slug=slug if free else "")

        return self._id("tag", Tag.objects, "name_key__key", name, staged, create)

    def _id(self, kind, objects, key_lookup, name, staged, create):
        key = name_key(name)
        pk = self.ids[kind].get(key) or staged.get((kind, key))
        if pk:
            return pk
        pk = objects.filter(**{key_lookup: key}).values_list("pk", flat=True).first()
        if pk is None:
            pk = create().pk
            staged[(kind, key)] = pk
            return pk
        self.ids[kind][key] = pk  # a row that was there before this run: safe to cache now
        return pk

    # --- vocabulary records ------------------------------------------------------

    def write_author(self, record, staged, *, store_image=media.store):
        """Upsert an AuthorRecord (matched by name, any case); (action, label). ``store_image``
        turns its PreparedImage photo into an Image (``media.stand_in`` in a dry run)."""
        name = one_line(record.name, "author name", 200, required=True)
        values = {
            "is_organisation": bool(record.is_organisation),
            "role": one_line(record.role, "role", 200),
            "bio": record.bio or "",
            "email": one_line(record.email, "email", 254),
            "x_handle": one_line(record.x_handle, "X handle", 50),
            "website": http_url(record.website, "website"),
        }
        author = Author.objects.filter(name_key=name_key(name)).first()
        if record.photo is not None:
            photo = media.prepare_image(record.photo, "author photo")
            values["photo_id"] = store_image(photo).pk
        if author is None:
            author = Author(name=name, **values)
            # A slug that cannot be a URL segment, or is taken, is made from the name instead.
            if is_url_segment(record.slug) and not Author.objects.filter(slug=record.slug).exists():
                author.slug = record.slug
            author.save()
            action = "created"
        else:
            action = apply_changes(author, values)
        staged[("author", name_key(name))] = author.pk
        return action, name

    def write_section(self, record, staged):
        """Upsert a SectionRecord by path; its parent must exist already. (action, label)."""
        path = (record.path or "").strip().strip("/")
        if not path or len(path) > 255:
            raise ImportFailure("a section needs a path such as news/politics")
        parent_path, _, slug = path.rpartition("/")
        edition = self.edition_of(record)
        sections = self.sections_of(edition)
        parent = None
        if parent_path:
            parent = sections.get(parent_path)
            if parent is None:
                raise ImportFailure(f"section {path!r}: its parent {parent_path!r} does not exist")
        values = {
            "name": one_line(record.name, "section name", 100, required=True),
            "position": record.position,
            "show_in_menu": bool(record.show_in_menu),
            "description": record.description or "",
        }
        section = sections.get(path)
        if section is None:
            section = Section(slug=slug, parent=parent, edition=edition, **values)
            section.save()
            action = "created"
        else:
            action = apply_changes(section, values)
        sections[path] = section
        return action, path if edition == editions.default_code() else f"{edition}:{path}"

    def write_region(self, record, staged):
        """Upsert a RegionRecord by slug (made from the name when missing). (action, label)."""
        name = one_line(record.name, "region name", 100, required=True)
        slug = one_line(record.slug, "region slug", 100) or slugify(name, allow_unicode=True)
        if not is_url_segment(slug):
            # The slug is the region's identity here: refused, not silently renamed.
            raise ImportFailure(f"region slug {slug!r}: {SLUG_MESSAGE}")
        values = {"name": name, "position": record.position, "show_in_menu": bool(record.show_in_menu)}
        edition = self.edition_of(record)
        region, action = upsert(Region, {"edition": edition, "slug": slug}, values)
        staged[("region", (edition, name.casefold()))] = region.pk
        staged[("region", (edition, slug.casefold()))] = region.pk
        return action, name

    def write_tag(self, record, staged):
        """Create a TagRecord's tag unless one of that name (any case) exists. (action, label)."""
        name = one_line(record.name, "tag", 100, required=True)
        if Tag.objects.filter(name_key__key=name_key(name)).exists():
            return "unchanged", name
        self.tag_id(name, staged, slug=record.slug)
        return "created", name


def check_edition(code, what):
    """``code`` when it is a configured edition; ImportFailure naming ``what`` otherwise."""
    if code not in editions.editions():
        raise ImportFailure(f"{what} {code!r} is not an edition (configured: {', '.join(editions.editions())})")
    return code
