"""The Arabic and Spanish editions of the demo: their section trees, region bars, a
ticker line each and a few stories written for the demo, some of them translations of
one another, so ``make run`` shows all three editions (``articles.editions``)."""

from django.conf import settings
from django.utils.text import slugify

from articles.models import Region, Section

# (name, slug, [(child name, child slug)]) per edition: the menus of almayadeen.net and
# espanol.almayadeen.net. Arabic names are their own slugs (URLs in the reader's script);
# no section path repeats one of the English edition's.
SECTIONS = {
    "ar": [
        ("أخبار", None, ["سياسة", "اقتصاد", "رياضة", "ثقافة وفنون", "صحة", "تكنولوجيا"]),
        ("مقالات", None, ["رأي", "تحليل"]),
        ("فيديو", None, []),
        ("بالصور", None, []),
    ],
    "es": [
        ("Noticias", "noticias", ["Política", "Economía", "Deportes", "Cultura", "Salud", "Tecnología"]),
        ("Artículos", "articulos", ["Opinión", "Análisis"]),
        ("Multimedia", "multimedia", []),
        ("En imágenes", "en-imagenes", []),
    ],
}
REGIONS = {
    "ar": ["أفريقيا", "آسيا", "أوروبا", "أمريكا اللاتينية", "غرب آسيا", "فلسطين", "الولايات المتحدة وكندا"],
    "es": ["África", "Asia Occidental", "Europa", "América Latina", "Palestina", "EE.UU. y Canadá"],
}


def _slug(name, slug, edition):
    # Spanish slugs fold accents ("política" -> "politica"), as Spanish news sites' do.
    return slug or slugify(name, allow_unicode=edition == "ar")


def seed_structure():
    """The Arabic and Spanish section trees and region bars (editions configured only);
    idempotent: rows that exist are kept."""
    for edition, tree in SECTIONS.items():
        if edition not in settings.EDITIONS:
            continue
        for position, (name, slug, children) in enumerate(tree):
            slug = _slug(name, slug, edition)
            parent, _ = Section.objects.get_or_create(
                edition=edition,
                path=slug,
                defaults={"name": name, "slug": slug, "position": position},
            )
            for child_position, child_name in enumerate(children):
                child_slug = _slug(child_name, None, edition)
                Section.objects.get_or_create(
                    edition=edition,
                    path=f"{slug}/{child_slug}",
                    defaults={
                        "name": child_name,
                        "slug": child_slug,
                        "parent": parent,
                        "position": child_position,
                    },
                )
        for position, name in enumerate(REGIONS[edition]):
            slug = _slug(name, None, edition)
            Region.objects.get_or_create(edition=edition, slug=slug, defaults={"name": name, "position": position})
