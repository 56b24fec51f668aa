"""The Arabic and Spanish editions of the demo (``articles.editions``): their section
trees and region bars, a ticker line each, and a few stories written for the demo,
one of them told in all three editions (a translation group), so ``make run`` shows
all three editions and the hreflang links between them. Idempotent: what exists (by
path, slug or ``demo-edition:`` identity) is kept."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Author, BreakingItem, Byline, Region, Section

# (name, slug or None, [children]) per edition. Arabic names are their own slugs (URLs in
# the reader's script); Spanish slugs fold accents ("política" -> "politica").
SECTIONS = {
    "ar": [("أخبار", None, ["سياسة", "اقتصاد"]), ("مقالات", None, ["رأي"])],
    "es": [("Noticias", "noticias", ["Política", "Economía"]), ("Artículos", "articulos", ["Opinión"])],
}
REGIONS = {"ar": ["فلسطين", "لبنان"], "es": ["América Latina", "Asia Occidental"]}

# One story in three editions: a translation group, stable across runs.
TALKS_GROUP = uuid.UUID("6f1c2a9e-3b4d-4e5f-8a7b-0c1d2e3f4a5b")


@dataclass(frozen=True)
class Story:
    key: str  # the identity's last part: demo-edition:<key>
    edition: str
    section: str  # path
    headline: str
    standfirst: str
    paragraphs: tuple
    region: str = ""
    tags: tuple = ()
    group: uuid.UUID | None = None
    hours_ago: int = 1


STORIES = [
    Story(
        "talks-en",
        "en",
        "news/politics",
        "Ceasefire talks resume in Cairo as delegations return",
        "Negotiators are back in the Egyptian capital after a week-long pause, with prisoner exchanges "
        "and the return of displaced families at the top of the agenda.",
        (
            "Delegations returned to Cairo on Tuesday morning to resume indirect ceasefire talks, a week after "
            "the last round ended without agreement.",
            "Egyptian and Qatari mediators are shuttling between the two sides, who do not meet face to face. "
            "Sources close to the talks said the first sessions focused on a timetable for prisoner exchanges "
            "and on guarantees for families returning to their homes in the north.",
            "Aid agencies, meanwhile, warned that the crossings remain largely closed and that fuel for "
            "hospitals would run out within days if no agreement is reached.",
        ),
        region="palestine",
        tags=("Gaza", "Egypt"),
        group=TALKS_GROUP,
        hours_ago=2,
    ),
    Story(
        "talks-ar",
        "ar",
        "أخبار/سياسة",
        "استئناف محادثات وقف إطلاق النار في القاهرة مع عودة الوفود",
        "عاد المفاوضون إلى العاصمة المصرية بعد توقف دام أسبوعاً، وعلى رأس جدول الأعمال تبادل الأسرى "
        "وعودة العائلات النازحة.",
        (
            "عادت الوفود إلى القاهرة صباح الثلاثاء لاستئناف المحادثات غير المباشرة بشأن وقف إطلاق النار، "
            "بعد أسبوع من انتهاء الجولة السابقة من دون اتفاق.",
            "ويتنقل الوسطاء المصريون والقطريون بين الطرفين اللذين لا يلتقيان وجهاً لوجه. وقالت مصادر مطلعة "
            "على المحادثات إن الجلسات الأولى تركزت على جدول زمني لتبادل الأسرى، وعلى ضمانات للعائلات "
            "العائدة إلى منازلها في الشمال.",
            "في غضون ذلك، حذرت منظمات الإغاثة من أن المعابر لا تزال مغلقة في معظمها، وأن الوقود اللازم "
            "للمستشفيات سينفد خلال أيام إذا لم يتم التوصل إلى اتفاق.",
        ),
        region="فلسطين",
        tags=("غزة", "مصر"),
        group=TALKS_GROUP,
        hours_ago=2,
    ),
    Story(
        "talks-es",
        "es",
        "noticias/politica",
        "Se reanudan en El Cairo las conversaciones de alto el fuego",
        "Los negociadores regresan a la capital egipcia tras una pausa de una semana, con el canje de "
        "prisioneros y el regreso de las familias desplazadas en el centro de la agenda.",
        (
            "Las delegaciones volvieron el martes por la mañana a El Cairo para reanudar las conversaciones "
            "indirectas de alto el fuego, una semana después de que la ronda anterior terminara sin acuerdo.",
            "Los mediadores egipcios y cataríes van y vienen entre las dos partes, que no se reúnen cara a "
            "cara. Fuentes cercanas a las conversaciones indicaron que las primeras sesiones se centraron en "
            "un calendario para el canje de prisioneros y en garantías para las familias que regresan a sus "
            "hogares en el norte.",
            "Mientras tanto, las agencias humanitarias advirtieron de que los pasos fronterizos siguen "
            "cerrados en su mayoría y de que el combustible de los hospitales se agotará en pocos días si no "
            "se alcanza un acuerdo.",
        ),
        region="asia-occidental",
        tags=("Gaza", "Egipto"),
        group=TALKS_GROUP,
        hours_ago=2,
    ),
    Story(
        "olives-ar",
        "ar",
        "أخبار/اقتصاد",
        "موسم الزيتون في جنوب لبنان: إنتاج أقل وأسعار أعلى",
        "يقول المزارعون إن الجفاف وارتفاع كلفة اليد العاملة خفّضا المحصول إلى النصف تقريباً.",
        (
            "بدأ موسم قطاف الزيتون في قرى جنوب لبنان وسط شكاوى المزارعين من تراجع الإنتاج، إذ قدّر عدد "
            "منهم أن المحصول هذا العام لا يتجاوز نصف محصول العام الماضي.",
            "ويعزو المزارعون التراجع إلى شح الأمطار في الربيع وارتفاع كلفة اليد العاملة والمحروقات، ما "
            "انعكس على سعر صفيحة الزيت التي ارتفعت بنحو الثلث في الأسواق المحلية.",
        ),
        region="لبنان",
        tags=("لبنان", "زراعة"),
        hours_ago=5,
    ),
    Story(
        "water-ar",
        "ar",
        "مقالات/رأي",
        "المياه أولاً: لماذا يجب أن تكون البنية التحتية أولوية الإعمار",
        "لا يمكن لأي خطة إعمار أن تنجح إذا بقيت شبكات المياه والصرف الصحي خارج الحسابات.",
        (
            "كلما طُرحت خطط الإعمار، تقدمت الأبراج والطرقات على ما هو أقل ظهوراً وأكثر إلحاحاً: شبكات "
            "المياه والصرف الصحي التي تحفظ صحة الناس قبل أي شيء آخر.",
            "إن إعادة تأهيل محطات الضخ والتحلية ليست ترفاً هندسياً، بل شرط لعودة الحياة الطبيعية، ويجب "
            "أن تُموَّل أولاً وأن تُدار بشفافية يراقبها السكان أنفسهم.",
        ),
        region="فلسطين",
        tags=("مياه", "إعمار"),
        hours_ago=9,
    ),
    Story(
        "andes-es",
        "es",
        "noticias/economia",
        "Los productores de quinua de los Andes buscan nuevos mercados",
        "La caída de los precios internacionales empuja a las cooperativas a vender directamente en la región.",
        (
            "Las cooperativas de quinua del altiplano andino anunciaron un plan para vender su cosecha "
            "directamente en mercados de la región, tras dos años de caída de los precios internacionales.",
            "Los productores aseguran que los intermediarios se quedan con la mayor parte del margen y que "
            "la venta directa les permitiría invertir en riego y en semillas adaptadas a la sequía.",
        ),
        region="america-latina",
        tags=("Agricultura", "Andes"),
        hours_ago=4,
    ),
    Story(
        "media-es",
        "es",
        "articulos/opinion",
        "La información local no es un lujo",
        "Cuando cierran los medios locales, las comunidades pierden algo más que noticias.",
        (
            "Cada vez que cierra una radio comunitaria o un periódico regional, desaparece una forma de "
            "rendir cuentas: nadie asiste a las sesiones del concejo ni pregunta por los contratos públicos.",
            "Sostener el periodismo local exige modelos nuevos, desde cooperativas de lectores hasta fondos "
            "públicos con reglas claras que garanticen su independencia.",
        ),
        region="america-latina",
        tags=("Medios",),
        hours_ago=7,
    ),
]

BREAKING = {
    "ar": "الوفود تصل إلى القاهرة لاستئناف محادثات وقف إطلاق النار",
    "es": "Las delegaciones llegan a El Cairo para reanudar las conversaciones",
}


def _slug(name, slug, edition):
    return slug or slugify(name, allow_unicode=edition == "ar")


def seed_structure():
    """The Arabic and Spanish section trees and region bars (editions configured only);
    idempotent: rows that exist are kept. Returns how many rows it created."""
    created = 0
    for edition, tree in SECTIONS.items():
        if edition not in settings.EDITIONS:
            continue
        for position, (name, slug, children) in enumerate(tree):
            slug = _slug(name, slug, edition)
            parent, made = Section.objects.get_or_create(
                edition=edition, path=slug, defaults={"name": name, "slug": slug, "position": position}
            )
            created += made
            for child_position, child_name in enumerate(children):
                child_slug = _slug(child_name, None, edition)
                _, made = Section.objects.get_or_create(
                    edition=edition,
                    path=f"{slug}/{child_slug}",
                    defaults={"name": child_name, "slug": child_slug, "parent": parent, "position": child_position},
                )
                created += made
        for position, name in enumerate(REGIONS[edition]):
            slug = _slug(name, None, edition)
            _, made = Region.objects.get_or_create(
                edition=edition, slug=slug, defaults={"name": name, "position": position}
            )
            created += made
    return created


def seed_editions():
    """The editions' structure, stories and ticker lines; {kind: created count}."""
    created = {"edition sections and regions": 0, "edition stories": 0, "edition breaking items": 0}
    now = timezone.now()
    with transaction.atomic():
        created["edition sections and regions"] = seed_structure()
        house, _ = Author.objects.get_or_create(
            slug="al-mayadeen-english", defaults={"name": "Al Mayadeen English", "is_organisation": True}
        )
        for story in STORIES:
            if story.edition not in settings.EDITIONS:
                continue
            section = Section.objects.filter(edition=story.edition, path=story.section).first()
            if section is None or Article.objects.filter(external_id=f"demo-edition:{story.key}").exists():
                continue
            article = Article.objects.create(
                external_id=f"demo-edition:{story.key}",
                section=section,
                headline=story.headline,
                standfirst=story.standfirst,
                body="".join(f"<p>{p}</p>" for p in story.paragraphs),
                source="Al Mayadeen",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=story.hours_ago),
                translation_group=story.group,
            )
            Byline.objects.create(article=article, author=house, position=0)
            article.tags.add(*story.tags)
            region = Region.objects.filter(edition=story.edition, slug=story.region).first()
            if region:
                article.regions.add(region)
            created["edition stories"] += 1
        for edition, text in BREAKING.items():
            if edition not in settings.EDITIONS:
                continue
            article = Article.objects.filter(external_id=f"demo-edition:talks-{edition}").first()
            _, made = BreakingItem.objects.get_or_create(
                external_id=f"demo-edition:breaking:{edition}",
                defaults={
                    "edition": edition,
                    "text": text,
                    "article": article,
                    "starts_at": now - timedelta(minutes=3),
                },
            )
            created["edition breaking items"] += made
    return created
