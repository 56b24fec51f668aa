"""Demo pictures drawn with Pillow: a dozen scene kinds (a city skyline, a harbour with
cranes, a parliament, a desert road, a stadium, a refinery, a market street, a podium
with microphones, a hospital, a wheat field, a data centre, an infographic), each in a
few variants whose sky, colours and details come from a seeded random generator, so the
same variant is the same picture on every run.

Every drawing returns the caption and alt text written for what it actually drew: the
caption names the scene kind in words (its key with spaces: "desert road") and the
details chosen (time of day, number of cranes, columns or microphones...). The file name
carries the kind too (``Picture.file_name``).
"""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

# Scenes are drawn on a 1200 × 675 canvas and stored at 800 × 450: the shrink smooths
# their edges, and the renditions every upload makes (each crop at each width, in WebP)
# are most of seed_demo's time: from 800 pixels they cost half what they cost from 960
# and a third of 1200, so three dozen pictures take the time the old eight did. 800 is
# as wide as the widest slot a picture fills (the article hero: 760 CSS pixels).
WIDTH, HEIGHT = 1200, 675
STORED_SIZE = (800, 450)

# Sky gradient (top, horizon), sun or moon colour, the light that tints the scenery,
# and the words captions use for it.
TIMES = {
    "dawn": {"sky": ((92, 112, 170), (252, 196, 150)), "sun": (255, 226, 170), "light": (0.95, 0.85, 0.8)},
    "midday": {"sky": ((66, 132, 214), (186, 218, 244)), "sun": (255, 250, 226), "light": (1.0, 1.0, 1.0)},
    "dusk": {"sky": ((46, 42, 96), (240, 128, 84)), "sun": (255, 186, 110), "light": (0.7, 0.55, 0.55)},
    "night": {"sky": ((8, 12, 36), (36, 48, 92)), "sun": (236, 236, 220), "light": (0.32, 0.36, 0.5)},
}
TIME_WORDS = {"dawn": "at dawn", "midday": "in the midday sun", "dusk": "at dusk", "night": "at night"}
TIME_ORDER = ("dusk", "midday", "night", "dawn")
SKY_WORDS = {"dawn": "pink with dawn", "midday": "clear blue", "dusk": "orange at dusk", "night": "dark and starry"}
NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 10: "ten"}


@dataclass(frozen=True)
class Picture:
    """One drawn picture: ``kind`` (a key of ``SCENES``), ``variant`` (0, 1, ...),
    JPEG bytes of ``STORED_SIZE`` pixels, and its caption and alt text."""

    kind: str
    variant: int
    jpeg: bytes
    caption: str
    alt_text: str

    @property
    def file_name(self):
        """``demo-<kind>-<variant>.jpg``: the kind stays readable in the stored file name."""
        return f"demo-{self.kind}-{self.variant}.jpg"


class Canvas:
    """A Pillow image and its drawing context, with the light of one time of day."""

    def __init__(self, rng, time="midday", width=WIDTH, height=HEIGHT, variant=0):
        self.rng, self.time, self.w, self.h = rng, time, width, height
        self.variant, self._picks = variant, 0
        self.img = PILImage.new("RGB", (width, height))
        self.draw = ImageDraw.Draw(self.img)

    def pick(self, options):
        """One of ``options`` that changes with the variant: the details a caption names
        (colours, counts, landmarks) then differ between the variants of one kind, where a
        random choice could give all of them the same."""
        self._picks += 1
        return options[(self.variant + self._picks) % len(options)]

    def lit(self, colour):
        """``colour`` as the time of day lights it (darker and bluer at night)."""
        return tuple(min(255, round(c * f)) for c, f in zip(colour, TIMES[self.time]["light"], strict=True))

    def gradient(self, top, bottom, y0=0, y1=None, x0=0, x1=None):
        """Fill the box ``x0``..``x1`` × ``y0``..``y1`` (the whole canvas by default) with
        colours from ``top`` to ``bottom``."""
        y1 = self.h if y1 is None else y1
        x1 = self.w if x1 is None else x1
        if y1 <= y0 or x1 <= x0:
            return
        # One pixel column stretched sideways: far cheaper than a line per row.
        column = PILImage.new("RGB", (1, y1 - y0))
        column.putdata([mix(top, bottom, i / (y1 - y0)) for i in range(y1 - y0)])
        self.img.paste(column.resize((int(x1 - x0), y1 - y0), PILImage.NEAREST), (int(x0), y0))

    def sky(self, horizon, sun_x=None, sun_y=None):
        """Sky down to ``horizon``; the sun (or moon, and stars at night) where asked."""
        top, bottom = TIMES[self.time]["sky"]
        self.gradient(top, bottom, 0, horizon)
        if self.time == "night":
            for _ in range(120):
                x, y = self.rng.randrange(self.w), self.rng.randrange(max(1, horizon - 40))
                self.draw.point((x, y), fill=(220, 220, 235))
        if sun_x is not None:
            radius = 34 if self.time == "night" else 58
            sun_y = sun_y if sun_y is not None else {"dawn": 0.8, "dusk": 0.78}.get(self.time, 0.25) * horizon
            glow = mix(TIMES[self.time]["sun"], bottom, 0.6)
            self.draw.ellipse(
                [sun_x - radius * 1.8, sun_y - radius * 1.8, sun_x + radius * 1.8, sun_y + radius * 1.8], fill=glow
            )
            self.draw.ellipse(
                [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=TIMES[self.time]["sun"]
            )

    def jpeg(self, size=None):
        """The picture as JPEG bytes, shrunk to ``size`` (width, height) if given."""
        img = self.img.resize(size, PILImage.LANCZOS) if size else self.img
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=86)
        return buf.getvalue()


def mix(a, b, t):
    """The colour ``t`` of the way from ``a`` to ``b`` (0..1)."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _font(size):
    # Pillow's bundled font (FreeType), so no system font is needed.
    return ImageFont.load_default(size=size)


def flag(c, x, y, w, h, hanging=False):
    """A made-up flag (two bands and a disc) at ``x``, ``y``: no real country's."""
    a, b = c.rng.sample([(200, 30, 40), (250, 250, 250), (30, 120, 60), (20, 60, 140), (90, 40, 110)], 2)
    if hanging:  # bands side by side, the way a flag hangs from an indoor pole
        c.draw.rectangle([x, y, x + w / 2, y + h], fill=c.lit(a))
        c.draw.rectangle([x + w / 2, y, x + w, y + h], fill=c.lit(b))
    else:
        c.draw.rectangle([x, y, x + w, y + h / 2], fill=c.lit(a))
        c.draw.rectangle([x, y + h / 2, x + w, y + h], fill=c.lit(b))
    r = min(w, h) * 0.22
    c.draw.ellipse([x + w / 2 - r, y + h / 2 - r, x + w / 2 + r, y + h / 2 + r], fill=c.lit((240, 190, 40)))


# --- scenes: each draws on a Canvas and returns (caption, alt text) ---------------------


def skyline(c):
    horizon = int(c.h * 0.78)
    c.sky(horizon, sun_x=c.rng.choice([c.w * 0.2, c.w * 0.8]))
    landmark = c.pick(["tower", "dome", "bridge"])
    lit_windows = c.time in ("dusk", "night")
    for layer, (shade, lo, hi) in enumerate([((90, 96, 120), 120, 300), ((34, 36, 46), 150, 430)]):
        x = -c.rng.randint(0, 40)
        while x < c.w:
            bw = c.rng.randint(50, 120)
            centre = 1 - abs((x + bw / 2) / c.w - 0.5) * 1.4  # taller towards the middle
            bh = int(c.rng.randint(lo, hi) * (0.55 + 0.45 * centre))
            colour = c.lit(mix(shade, (120, 150, 190), 0.25 if layer else 0.4))
            c.draw.rectangle([x, horizon - bh, x + bw, horizon], fill=colour)
            if layer:
                for wy in range(horizon - bh + 14, horizon - 12, 26):
                    for wx in range(x + 8, x + bw - 12, 18):
                        if lit_windows:
                            if c.rng.random() < 0.4:
                                c.draw.rectangle([wx, wy, wx + 8, wy + 12], fill=(250, 214, 130))
                        else:
                            c.draw.rectangle([wx, wy, wx + 8, wy + 12], fill=c.lit((150, 186, 220)))
            x += bw + c.rng.randint(-6, 14)
    dark = c.lit((28, 30, 40) if lit_windows else (150, 140, 128))
    mid = c.w // 2 + c.rng.randint(-80, 80)
    if landmark == "tower":
        c.draw.rectangle([mid - 7, horizon - 560, mid + 7, horizon], fill=dark)
        c.draw.ellipse([mid - 34, horizon - 470, mid + 34, horizon - 420], fill=dark)
        c.draw.line([(mid, horizon - 640), (mid, horizon - 560)], fill=dark, width=4)
        feature, alt_feature = "a telecom tower rising above the rooftops", "a telecom tower in the middle"
    elif landmark == "dome":
        c.draw.rectangle([mid - 110, horizon - 200, mid + 110, horizon], fill=dark)
        c.draw.pieslice([mid - 100, horizon - 300, mid + 100, horizon - 100], 180, 360, fill=dark)
        c.draw.rectangle([mid + 150, horizon - 420, mid + 166, horizon], fill=dark)
        c.draw.polygon([(mid + 146, horizon - 420), (mid + 170, horizon - 420), (mid + 158, horizon - 470)], fill=dark)
        feature, alt_feature = "a domed mosque and its minaret among the towers", "a dome and a minaret in the middle"
    else:
        deck, steel = horizon + 40, c.lit((200, 70, 50))
        c.gradient(c.lit((40, 60, 90)), c.lit((16, 24, 40)), horizon, c.h)
        c.draw.rectangle([0, deck, c.w, deck + 16], fill=steel)
        for px in (c.w * 0.3, c.w * 0.7):
            c.draw.rectangle([px - 12, deck - 300, px + 12, c.h], fill=steel)
            for k in range(1, 9):
                c.draw.line([(px, deck - 300 + 10 * k), (px - 45 * k, deck)], fill=steel, width=3)
                c.draw.line([(px, deck - 300 + 10 * k), (px + 45 * k, deck)], fill=steel, width=3)
        feature, alt_feature = "a suspension bridge across the river in front", "a red bridge across the river in front"
    if landmark != "bridge":
        c.gradient(c.lit((40, 60, 90)), c.lit((16, 24, 40)), horizon, c.h)
        alt_feature += ", a river in the foreground"
    for _ in range(70):
        x, y = c.rng.randrange(c.w), c.rng.randrange(horizon + 6, c.h)
        colour = (250, 214, 130) if lit_windows else c.lit((180, 200, 220))
        c.draw.line([(x, y), (x + c.rng.randint(10, 40), y)], fill=mix(colour, c.lit((30, 44, 70)), 0.5), width=2)
    caption = f"A city skyline {TIME_WORDS[c.time]}, {feature}."
    alt = f"Tower blocks against the sky {TIME_WORDS[c.time]}, {alt_feature}."
    return caption, alt


def harbour(c):
    sea, quay = int(c.h * 0.56), int(c.h * 0.76)
    c.sky(sea, sun_x=c.w * c.rng.choice([0.15, 0.85]))
    c.gradient(c.lit((40, 92, 140)), c.lit((20, 50, 86)), sea, quay)
    for _ in range(60):
        x, y = c.rng.randrange(c.w), c.rng.randrange(sea + 4, quay)
        c.draw.line([(x, y), (x + c.rng.randint(14, 50), y)], fill=c.lit((90, 140, 180)), width=2)
    c.gradient(c.lit((150, 150, 146)), c.lit((110, 110, 108)), quay, c.h)
    box_colours = [(190, 52, 44), (34, 90, 160), (40, 130, 80), (220, 130, 40), (200, 200, 196), (120, 60, 110)]
    # Container stacks on the quay.
    for x in range(0, c.w, 64):
        if abs(x - c.w * 0.42) < 120:
            continue
        for level in range(c.rng.randint(1, 4)):
            y = quay + 40 - level * 30
            c.draw.rectangle(
                [x + 2, y - 28, x + 60, y], fill=c.lit(c.rng.choice(box_colours)), outline=c.lit((60, 60, 60))
            )
    # A cargo ship at the quay, loaded with containers.
    hull_top = sea + 56
    c.draw.polygon(
        [(c.w * 0.18, hull_top), (c.w * 0.74, hull_top), (c.w * 0.7, quay - 6), (c.w * 0.2, quay - 6)],
        fill=c.lit((60, 40, 40)),
    )
    c.draw.rectangle([c.w * 0.2, hull_top + 20, c.w * 0.72, hull_top + 26], fill=c.lit((170, 40, 40)))
    c.draw.rectangle([c.w * 0.62, hull_top - 80, c.w * 0.7, hull_top], fill=c.lit((230, 230, 226)))
    for x in range(int(c.w * 0.22), int(c.w * 0.6), 40):
        for level in range(c.rng.randint(1, 3)):
            y = hull_top - level * 22
            c.draw.rectangle([x, y - 20, x + 38, y], fill=c.lit(c.rng.choice(box_colours)))
    count = c.pick([2, 3, 4])
    crane_colour, colour_word = c.pick([((214, 60, 44), "red"), ((238, 186, 40), "yellow"), ((46, 110, 190), "blue")])
    crane = c.lit(crane_colour)
    for i in range(count):
        x = int(c.w * (0.3 + 0.55 * i / max(1, count - 1)))
        top = sea - 150 - c.rng.randint(0, 40)
        for leg in (x - 40, x + 40):
            c.draw.rectangle([leg - 5, top, leg + 5, quay + 20], fill=crane)
        for y in range(top + 30, quay, 60):
            c.draw.line([(x - 40, y), (x + 40, y + 50)], fill=crane, width=3)
        c.draw.rectangle([x - 200, top - 6, x + 90, top + 8], fill=crane)
        c.draw.rectangle([x + 30, top - 40, x + 80, top], fill=c.lit((230, 230, 226)))
        c.draw.line([(x, top - 70), (x - 200, top)], fill=crane, width=3)
        c.draw.line([(x, top - 70), (x + 90, top)], fill=crane, width=3)
        c.draw.rectangle([x - 4, top - 70, x + 4, top], fill=crane)
    words = {2: "Two", 3: "Three", 4: "Four"}[count]
    caption = (
        f"{words} {colour_word} gantry cranes over a container harbour {TIME_WORDS[c.time]}, "
        "a cargo ship moored at the quay."
    )
    alt = f"{words} {colour_word} cranes above stacked containers and a loaded cargo ship at a harbour quay."
    return caption, alt


def parliament(c):
    ground = int(c.h * 0.84)
    c.sky(ground, sun_x=c.w * c.rng.choice([0.12, 0.88]))
    c.gradient(c.lit((196, 190, 176)), c.lit((150, 144, 132)), ground, c.h)
    stone = c.lit(c.pick([(236, 228, 210), (214, 200, 170), (200, 200, 204)]))
    shadow = mix(stone, (0, 0, 0), 0.25)
    columns = c.pick([6, 8, 10])
    dome = c.pick([True, False, True])
    left, right = c.w // 2 - 330, c.w // 2 + 330
    # Wings with windows either side of the portico.
    c.draw.rectangle([left - 190, ground - 250, right + 190, ground], fill=shadow)
    for wx in list(range(left - 170, left - 20, 50)) + list(range(right + 30, right + 180, 50)):
        for wy in (ground - 220, ground - 130):
            c.draw.rectangle([wx, wy, wx + 24, wy + 56], fill=c.lit((70, 80, 96)))
    if dome:
        c.draw.rectangle([c.w // 2 - 120, ground - 470, c.w // 2 + 120, ground - 380], fill=shadow)
        c.draw.pieslice([c.w // 2 - 130, ground - 600, c.w // 2 + 130, ground - 340], 180, 360, fill=stone)
        c.draw.rectangle([c.w // 2 - 10, ground - 640, c.w // 2 + 10, ground - 596], fill=stone)
    # Steps, colonnade, entablature, pediment.
    for i in range(4):
        c.draw.rectangle(
            [left - 20 - i * 12, ground - 60 + i * 15, right + 20 + i * 12, ground - 45 + i * 15], fill=stone
        )
    c.draw.rectangle([left, ground - 330, right, ground - 60], fill=shadow)
    gap = (right - left) / columns
    for i in range(columns):
        cx = left + gap * (i + 0.5)
        c.draw.rectangle([cx - 15, ground - 310, cx + 15, ground - 60], fill=stone)
        c.draw.rectangle([cx - 22, ground - 322, cx + 22, ground - 310], fill=stone)
        c.draw.rectangle([cx - 22, ground - 70, cx + 22, ground - 60], fill=stone)
    c.draw.rectangle([left - 14, ground - 360, right + 14, ground - 322], fill=stone)
    c.draw.polygon([(left - 24, ground - 360), (right + 24, ground - 360), (c.w // 2, ground - 440)], fill=stone)
    c.draw.polygon([(left + 30, ground - 368), (right - 30, ground - 368), (c.w // 2, ground - 426)], fill=shadow)
    # A flag on its pole on the plaza, and hedges.
    pole = left - 230
    c.draw.rectangle([pole, ground - 420, pole + 6, ground + 30], fill=c.lit((90, 90, 90)))
    flag(c, pole + 6, ground - 418, 124, 84)
    for hx in range(0, c.w, 90):
        if left - 60 < hx < right + 60:
            continue
        c.draw.ellipse([hx, ground - 30, hx + 100, ground + 30], fill=c.lit((50, 100, 50)))
    roof = "beneath a dome" if dome else "under a carved pediment"
    caption = (
        f"A parliament building with {NUMBERS[columns]} columns {roof} {TIME_WORDS[c.time]}, a flag flying on "
        "the plaza."
    )
    alt = (
        f"The stone front of a parliament with a colonnade of {NUMBERS[columns]} columns {roof}, steps leading "
        "up to it."
    )
    return caption, alt


def desert_road(c):
    horizon = int(c.h * 0.5)
    c.sky(horizon, sun_x=c.w * c.rng.choice([0.25, 0.72]))
    sand = c.rng.choice([(226, 180, 120), (210, 150, 96), (232, 200, 150)])
    for layer in range(3):
        base = horizon + layer * 40
        colour = c.lit(mix(sand, (255, 236, 210), 0.4 - layer * 0.15))
        phase, amp = c.rng.random() * 6, 18 + layer * 14
        points = [(x, base - amp * (1 + math.sin(x / (140 + layer * 40) + phase))) for x in range(0, c.w + 20, 20)]
        c.draw.polygon([(0, c.h), *points, (c.w, c.h)], fill=colour)
    vanish = (c.w * 0.5 + c.rng.randint(-60, 60), horizon + 6)
    c.draw.polygon(
        [(c.w * 0.12, c.h), (vanish[0] - 4, vanish[1]), (vanish[0] + 4, vanish[1]), (c.w * 0.88, c.h)],
        fill=c.lit((70, 70, 74)),
    )
    for i in range(14):
        t0, t1 = (i / 14) ** 2, ((i + 0.5) / 14) ** 2
        y0, y1 = vanish[1] + (c.h - vanish[1]) * t0, vanish[1] + (c.h - vanish[1]) * t1
        c.draw.polygon(
            [
                (vanish[0] - 1 - 10 * t0, y0),
                (vanish[0] + 1 + 10 * t0, y0),
                (vanish[0] + 1 + 10 * t1, y1),
                (vanish[0] - 1 - 10 * t1, y1),
            ],
            fill=c.lit((240, 210, 90)),
        )
    wire = c.lit((60, 50, 40))
    tops = []
    for i in range(8):
        t = (i + 1) / 8
        x = vanish[0] + (c.w * 0.95 - vanish[0]) * t**1.6
        height = 16 + 300 * t**1.6
        y = vanish[1] + (c.h - vanish[1]) * t**1.6 * 0.8
        c.draw.rectangle([x - 2 - 4 * t, y - height, x + 2 + 4 * t, y], fill=wire)
        c.draw.rectangle([x - 20 * t - 4, y - height, x + 20 * t + 4, y - height + 4 + 4 * t], fill=wire)
        tops.append((x, y - height))
    c.draw.line(tops, fill=wire, width=2)
    lorry = c.pick([True, False])
    if lorry:
        lx, ly = vanish[0] - 30, vanish[1] + 30
        c.draw.rectangle([lx, ly - 22, lx + 40, ly], fill=c.lit((180, 60, 40)))
        c.draw.rectangle([lx + 40, ly - 14, lx + 54, ly], fill=c.lit((220, 220, 216)))
    traffic = "a lorry in the distance" if lorry else "telegraph poles along its side"
    caption = f"A desert road running to the horizon between dunes {TIME_WORDS[c.time]}, {traffic}."
    alt = f"A two-lane road across sand dunes to the horizon, {traffic}, the sky {SKY_WORDS[c.time]}."
    return caption, alt


def stadium(c):
    stand_top, pitch_top = int(c.h * 0.2), int(c.h * 0.52)
    c.sky(stand_top)
    team, team_word = c.pick(
        [((200, 30, 40), "red"), ((30, 70, 170), "blue"), ((240, 200, 40), "yellow"), ((30, 130, 70), "green")]
    )
    c.gradient(c.lit((70, 70, 80)), c.lit((40, 40, 48)), stand_top, pitch_top)
    crowd = [team, team, (240, 240, 240), (40, 40, 40), (230, 190, 160), (140, 90, 60)]
    for y in range(stand_top + 10, pitch_top - 14, 10):
        for x in range(0, c.w, 9):
            if c.rng.random() < 0.9:
                c.draw.ellipse([x, y, x + 6, y + 6], fill=c.lit(c.rng.choice(crowd)))
    c.draw.rectangle([0, stand_top - 14, c.w, stand_top + 4], fill=c.lit((200, 200, 206)))
    c.draw.rectangle([0, pitch_top - 14, c.w, pitch_top], fill=c.lit(team))
    greens = [c.lit((60, 150, 70)), c.lit((50, 130, 60))]
    for i in range(12):
        y0 = pitch_top + (c.h - pitch_top) * (i / 12) ** 1.2
        y1 = pitch_top + (c.h - pitch_top) * ((i + 1) / 12) ** 1.2
        c.draw.rectangle([0, y0, c.w, y1], fill=greens[i % 2])
    line = c.lit((240, 240, 240))
    c.draw.line([(0, pitch_top + 14), (c.w, pitch_top + 14)], fill=line, width=3)
    c.draw.line([(c.w // 2, pitch_top + 14), (c.w // 2, c.h)], fill=line, width=3)
    c.draw.ellipse([c.w // 2 - 170, pitch_top + 110, c.w // 2 + 170, pitch_top + 250], outline=line, width=3)
    for side in (0, 1):
        x = 40 if side == 0 else c.w - 40
        c.draw.line([(x, pitch_top + 50), (x + (160 if side == 0 else -160), pitch_top + 50)], fill=line, width=3)
        c.draw.line(
            [(x + (160 if side == 0 else -160), pitch_top + 50), (x + (200 if side == 0 else -200), c.h)],
            fill=line,
            width=3,
        )
    kits = [team, (245, 245, 245)]
    for i in range(12):
        x, y = c.rng.randint(120, c.w - 120), c.rng.randint(pitch_top + 40, c.h - 60)
        scale = 0.6 + 0.8 * (y - pitch_top) / (c.h - pitch_top)
        c.draw.rectangle([x, y - 34 * scale, x + 14 * scale, y], fill=kits[i % 2])
        c.draw.ellipse([x, y - 48 * scale, x + 14 * scale, y - 34 * scale], fill=(200, 160, 130))
    floodlit = c.time in ("night", "dusk")
    for fx in (c.w * 0.08, c.w * 0.92):
        c.draw.rectangle([fx - 6, 0, fx + 6, stand_top], fill=c.lit((120, 120, 130)))
        c.draw.rectangle([fx - 50, 10, fx + 50, 50], fill=(255, 250, 220) if floodlit else (200, 200, 200))
    lights = "under floodlights" if floodlit else TIME_WORDS[c.time]
    caption = f"A football stadium {lights}, a match under way before stands packed with fans in {team_word}."
    alt = (
        f"Players on a striped green pitch seen from the side, a stadium's stands full of fans in {team_word} "
        "behind them."
    )
    return caption, alt


def refinery(c):
    ground = int(c.h * 0.8)
    c.sky(ground, sun_x=c.w * c.rng.choice([0.1, 0.9]))
    c.gradient(c.lit((110, 100, 90)), c.lit((70, 64, 58)), ground, c.h)
    metal = c.lit((170, 176, 184))
    dark = c.lit((80, 84, 92))
    steam = c.lit((220, 220, 224))
    towers = c.pick([3, 4, 5])
    for i in range(towers):
        x = int(c.w * 0.3 + i * 110 + c.rng.randint(-20, 20))
        top = ground - c.rng.randint(300, 440)
        c.draw.rectangle([x, top, x + 40, ground], fill=metal)
        c.draw.ellipse([x, top - 16, x + 40, top + 16], fill=metal)
        for y in range(top + 40, ground, 60):
            c.draw.rectangle([x - 10, y, x + 50, y + 4], fill=dark)
        c.draw.line([(x + 44, top + 10), (x + 44, ground)], fill=dark, width=2)
        if c.time in ("dusk", "night"):
            for y in range(top + 30, ground, 45):
                c.draw.ellipse([x + 16, y, x + 24, y + 8], fill=(255, 220, 120))
        if c.rng.random() < 0.5:
            for k in range(5):
                r = 26 + k * 10
                cx, cy = x + 20 + k * 26, top - 40 - k * 34
                c.draw.ellipse(
                    [cx - r, cy - r, cx + r, cy + r], fill=mix(steam, TIMES[c.time]["sky"][1], 0.2 + k * 0.15)
                )
    tanks = c.pick([2, 3, 4])
    for i in range(tanks):
        x = 40 + i * 150
        c.draw.rectangle([x, ground - 120, x + 130, ground], fill=c.lit((226, 226, 222)))
        c.draw.ellipse([x, ground - 136, x + 130, ground - 104], fill=c.lit((240, 240, 236)))
        c.draw.rectangle([x, ground - 80, x + 130, ground - 72], fill=dark)
    for y in (ground - 60, ground - 90):
        c.draw.rectangle([0, y, c.w, y + 8], fill=dark)
    fx = int(c.w * 0.86)
    c.draw.rectangle([fx, ground - 420, fx + 12, ground], fill=dark)
    c.draw.polygon(
        [
            (fx - 14, ground - 420),
            (fx + 26, ground - 420),
            (fx + 16, ground - 500),
            (fx + 6, ground - 480),
            (fx - 2, ground - 520),
        ],
        fill=(250, 140, 40),
    )
    c.draw.polygon([(fx - 4, ground - 420), (fx + 16, ground - 420), (fx + 8, ground - 470)], fill=(255, 220, 90))
    caption = (
        f"Distillation towers and storage tanks at an oil refinery {TIME_WORDS[c.time]}, "
        "a gas flare burning at the top of its stack."
    )
    alt = (
        f"{NUMBERS[towers].capitalize()} tall steel columns, {NUMBERS[tanks]} round storage tanks and a flare "
        "stack with a flame at an oil refinery."
    )
    return caption, alt


def market(c):
    vy = int(c.h * 0.46)
    vx = c.w // 2 + c.rng.randint(-60, 60)
    c.sky(vy + 80)
    wall = c.rng.choice([(214, 190, 150), (200, 170, 140), (226, 214, 190)])
    c.draw.polygon(
        [(vx - 90, vy - 120), (vx + 90, vy - 120), (vx + 90, vy + 80), (vx - 90, vy + 80)],
        fill=c.lit(mix(wall, (255, 255, 255), 0.3)),
    )
    c.draw.pieslice([vx - 40, vy - 40, vx + 40, vy + 40], 180, 360, fill=c.lit((70, 60, 50)))
    c.draw.rectangle([vx - 40, vy, vx + 40, vy + 80], fill=c.lit((70, 60, 50)))
    c.draw.polygon([(0, c.h), (vx - 90, vy + 80), (vx + 90, vy + 80), (c.w, c.h)], fill=c.lit((170, 150, 124)))
    for side in (-1, 1):
        edge = 0 if side < 0 else c.w
        c.draw.polygon(
            [(edge, 0), (vx + side * 90, vy - 120), (vx + side * 90, vy + 80), (edge, c.h)], fill=c.lit(wall)
        )
        for k in range(6):
            t = k / 6
            x = edge + (vx + side * 90 - edge) * t
            c.draw.rectangle(
                [min(x, x + side * 16), vy - 100 - 220 * (1 - t), max(x, x + side * 16), vy - 40 - 180 * (1 - t)],
                fill=c.lit((80, 70, 60)),
            )
    stripe_pairs = [
        ((200, 40, 50), (245, 240, 230)),
        ((30, 100, 160), (245, 240, 230)),
        ((40, 130, 80), (245, 220, 120)),
    ]
    produce = [(230, 120, 30), (200, 40, 40), (90, 160, 50), (240, 200, 40), (120, 60, 120)]
    for side in (-1, 1):
        edge = 0 if side < 0 else c.w
        for k in range(5):
            t0, t1 = k / 5, (k + 0.8) / 5
            xa, xb = edge + (vx - edge) * t0 * 0.85, edge + (vx - edge) * t1 * 0.85
            ya, yb = c.h * 0.42 + (vy - c.h * 0.42) * t0, c.h * 0.42 + (vy - c.h * 0.42) * t1
            depth = 1 - t0
            a, b = c.rng.choice(stripe_pairs)
            for s in range(6):
                sx0, sx1 = xa + (xb - xa) * s / 6, xa + (xb - xa) * (s + 1) / 6
                sy0, sy1 = ya + (yb - ya) * s / 6, ya + (yb - ya) * (s + 1) / 6
                c.draw.polygon(
                    [(sx0, sy0), (sx1, sy1), (sx1, sy1 + 90 * depth), (sx0, sy0 + 90 * depth)],
                    fill=c.lit(a if s % 2 else b),
                )
            base = ya + 200 * depth
            c.draw.rectangle([min(xa, xb), base, max(xa, xb), base + 30 * depth], fill=c.lit((120, 80, 50)))
            for _ in range(int(40 * depth) + 6):
                px = c.rng.uniform(min(xa, xb), max(xa, xb))
                r = 8 * depth + 2
                c.draw.ellipse(
                    [px - r, base - r * 1.4 + c.rng.uniform(-8, 4) * depth, px + r, base + r * 0.6],
                    fill=c.lit(c.rng.choice(produce)),
                )
    for _ in range(9):
        t = c.rng.uniform(0.1, 0.9)
        x = vx + (c.rng.uniform(-1, 1) * c.w * 0.45) * (1 - t)
        y = vy + 80 + (c.h - vy - 80) * (1 - t)
        s = 0.3 + (1 - t) * 1.1
        c.draw.rounded_rectangle(
            [x - 22 * s, y - 120 * s, x + 22 * s, y],
            radius=int(10 * s),
            fill=c.lit(c.rng.choice(produce + [(60, 60, 80), (240, 240, 240)])),
        )
        c.draw.ellipse([x - 14 * s, y - 152 * s, x + 14 * s, y - 122 * s], fill=c.lit((170, 120, 90)))
    lanterns = c.time in ("dusk", "night")
    if lanterns:
        for k in range(20):
            t = k / 19
            x = c.w * 0.08 + c.w * 0.84 * t
            y = c.h * 0.12 + 60 * math.sin(math.pi * t)
            c.draw.ellipse(
                [x - 9, y - 12, x + 9, y + 12], fill=c.rng.choice([(255, 200, 80), (250, 120, 60), (255, 240, 160)])
            )
    overhead = ", lanterns strung overhead" if lanterns else ", an arched gate at the end of the street"
    caption = f"Fruit and vegetable stalls under striped awnings in a market street {TIME_WORDS[c.time]}{overhead}."
    alt = (
        "A narrow market street with striped awnings and piles of produce on both sides, shoppers walking "
        "between the stalls."
    )
    return caption, alt


def chart(c):
    dark = c.pick([True, False])
    paper, ink = ((24, 32, 52), (230, 232, 240)) if dark else ((246, 244, 238), (40, 40, 46))
    accent, accent_word = c.pick([((200, 16, 46), "red"), ((20, 120, 170), "blue"), ((230, 140, 30), "orange")])
    muted = mix(paper, ink, 0.35)
    c.draw.rectangle([0, 0, c.w, c.h], fill=paper)
    c.draw.rectangle([40, 34, 52, 90], fill=accent)
    c.draw.text((70, 30), "IN NUMBERS", fill=ink, font=_font(34))
    c.draw.rectangle([70, 76, 440, 86], fill=muted)
    # Bar chart: six years, the last one highlighted.
    base, left = 600, 60
    values = [c.rng.uniform(0.3, 1.0) for _ in range(6)]
    font = _font(20)
    for g in range(5):
        y = base - g * 90
        c.draw.line([(left, y), (left + 540, y)], fill=mix(paper, ink, 0.15), width=1)
    for i, v in enumerate(values):
        x = left + 20 + i * 88
        c.draw.rectangle([x, base - 360 * v, x + 60, base], fill=accent if i == 5 else muted)
        c.draw.text((x + 6, base + 10), str(2019 + i), fill=ink, font=font)
    # Line chart of two series.
    px0, py0, pw, ph = 660, 130, 500, 200
    c.draw.rectangle([px0, py0, px0 + pw, py0 + ph], outline=mix(paper, ink, 0.2))
    for colour in (accent, muted):
        points, y = [], c.rng.uniform(0.3, 0.7)
        for k in range(11):
            y = min(0.95, max(0.05, y + c.rng.uniform(-0.15, 0.15)))
            points.append((px0 + k * pw / 10, py0 + ph * (1 - y)))
        c.draw.line(points, fill=colour, width=4)
        for x, y in points:
            c.draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=colour)
    # A map-like panel: shaded regions and marked towns.
    mx0, my0 = 660, 370
    c.draw.rectangle([mx0, my0, mx0 + pw, my0 + 260], fill=mix(paper, (120, 160, 200), 0.25))
    for r in range(5):
        cx, cy = mx0 + 60 + r * 95 + c.rng.randint(-10, 10), my0 + 130 + c.rng.randint(-40, 40)
        points = []
        for k in range(9):
            angle = 2 * math.pi * k / 9
            radius = c.rng.uniform(50, 90)
            points.append((cx + radius * math.cos(angle), cy + radius * 0.8 * math.sin(angle)))
        c.draw.polygon(points, fill=mix(paper, accent, 0.2 + 0.15 * r), outline=paper)
    for _ in range(6):
        x, y = c.rng.randint(mx0 + 30, mx0 + pw - 30), c.rng.randint(my0 + 40, my0 + 220)
        c.draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=ink)
    caption = (
        f"Infographic: a bar chart of six years from 2019, a line chart of two series and a shaded map, in "
        f"{accent_word}."
    )
    alt = (
        f"A bar chart of six yearly values with the latest in {accent_word}, a line chart and a map of shaded regions."
    )
    return caption, alt


def podium(c):
    curtain, curtain_word = c.pick(
        [((20, 40, 100), "blue"), ((110, 20, 36), "maroon"), ((24, 80, 60), "green"), ((60, 60, 66), "grey")]
    )
    c.gradient(mix(curtain, (255, 255, 255), 0.15), mix(curtain, (0, 0, 0), 0.3))
    for x in range(0, c.w, 60):
        c.draw.line([(x, 0), (x, c.h)], fill=mix(curtain, (0, 0, 0), 0.35), width=6)
    flags = c.pick([2, 3, 4])
    for i in range(flags):
        x = c.w * 0.5 + (i - (flags - 1) / 2) * 200 + (140 if i >= flags / 2 else -140)
        c.draw.rectangle([x - 3, 40, x + 3, c.h], fill=(200, 170, 80))
        flag(c, x + 3, 60, 76, 260, hanging=True)
    wood = c.rng.choice([(120, 80, 50), (230, 230, 226), (60, 50, 46)])
    top = int(c.h * 0.52)
    c.draw.polygon([(c.w / 2 - 170, top), (c.w / 2 + 170, top), (c.w / 2 + 130, c.h), (c.w / 2 - 130, c.h)], fill=wood)
    c.draw.rectangle([c.w / 2 - 180, top - 16, c.w / 2 + 180, top + 4], fill=mix(wood, (0, 0, 0), 0.2))
    c.draw.ellipse([c.w / 2 - 60, top + 60, c.w / 2 + 60, top + 180], fill=(200, 170, 80))
    c.draw.ellipse([c.w / 2 - 44, top + 76, c.w / 2 + 44, top + 164], fill=mix(wood, (255, 255, 255), 0.2))
    mics = c.pick([4, 5, 6, 7, 8])
    cube_colours = [(200, 16, 46), (20, 90, 180), (250, 250, 250), (240, 180, 30), (30, 30, 30), (30, 140, 90)]
    for i in range(mics):
        t = (i + 0.5) / mics
        tip = (c.w / 2 - 150 + 300 * t, top - 130 - 40 * math.sin(math.pi * t))
        c.draw.line([(c.w / 2 + (t - 0.5) * 60, top - 10), tip], fill=(30, 30, 30), width=6)
        c.draw.rectangle([tip[0] - 16, tip[1] + 14, tip[0] + 16, tip[1] + 44], fill=cube_colours[i % len(cube_colours)])
        c.draw.ellipse([tip[0] - 14, tip[1] - 22, tip[0] + 14, tip[1] + 16], fill=(50, 50, 54))
    caption = (
        f"A podium with {NUMBERS[mics]} microphones before a {curtain_word} curtain and {NUMBERS[flags]} flags, "
        "ready for a news conference."
    )
    alt = (
        f"An empty lectern with a round emblem, {NUMBERS[mics]} broadcasters' microphones on it, "
        f"{NUMBERS[flags]} flags and a {curtain_word} curtain behind."
    )
    return caption, alt


def hospital(c):
    ground = int(c.h * 0.8)
    c.sky(ground, sun_x=c.w * 0.9)
    c.gradient(c.lit((120, 120, 124)), c.lit((80, 80, 84)), ground, c.h)
    facade = c.lit(c.pick([(236, 236, 230), (226, 214, 196), (210, 222, 230)]))
    floors = c.pick([3, 4, 5])
    top = ground - floors * 80 - 20
    c.draw.rectangle([120, top, c.w - 120, ground], fill=facade)
    lit = c.time in ("dusk", "night")
    for f in range(floors):
        for wx in range(150, c.w - 150, 62):
            colour = (250, 220, 140) if lit and c.rng.random() < 0.6 else c.lit((90, 120, 150))
            c.draw.rectangle([wx, top + 20 + f * 80, wx + 38, top + 70 + f * 80], fill=colour)
    c.draw.rectangle([c.w / 2 - 150, ground - 110, c.w / 2 + 150, ground], fill=c.lit((70, 90, 110)))
    c.draw.rectangle([c.w / 2 - 200, ground - 130, c.w / 2 + 200, ground - 110], fill=c.lit((200, 200, 204)))
    # The red crescent sign above the entrance.
    sx, sy = c.w / 2, top - 50
    c.draw.rectangle([sx - 60, sy - 50, sx + 60, sy + 50], fill=(250, 250, 250))
    c.draw.ellipse([sx - 36, sy - 36, sx + 36, sy + 36], fill=(210, 20, 30))
    c.draw.ellipse([sx - 20, sy - 40, sx + 44, sy + 30], fill=(250, 250, 250))
    # An ambulance at the door.
    ax, ay = c.w / 2 + 60, ground + 70
    c.draw.rectangle([ax, ay - 110, ax + 230, ay], fill=c.lit((246, 246, 246)))
    c.draw.polygon(
        [(ax + 230, ay - 80), (ax + 290, ay - 60), (ax + 300, ay), (ax + 230, ay)], fill=c.lit((246, 246, 246))
    )
    c.draw.polygon(
        [(ax + 236, ay - 74), (ax + 282, ay - 58), (ax + 286, ay - 40), (ax + 236, ay - 40)], fill=c.lit((80, 110, 140))
    )
    c.draw.rectangle([ax, ay - 50, ax + 300, ay - 36], fill=(210, 20, 30))
    c.draw.rectangle([ax + 20, ay - 130, ax + 60, ay - 110], fill=(40, 90, 230))
    for wx in (ax + 50, ax + 240):
        c.draw.ellipse([wx - 26, ay - 26, wx + 26, ay + 26], fill=(30, 30, 30))
    caption = f"An ambulance at the entrance of a hospital {TIME_WORDS[c.time]}, a red crescent sign above the doors."
    alt = (
        f"A {NUMBERS[floors]}-storey hospital with a red crescent sign over its entrance and a white ambulance "
        "parked at the door."
    )
    return caption, alt


def wheat_field(c):
    horizon = int(c.h * 0.5)
    c.sky(horizon, sun_x=c.w * c.rng.choice([0.2, 0.78]))
    parched = c.variant % 2 == 1
    c.draw.polygon(
        [
            (0, horizon),
            *[(x, horizon - 30 - 20 * math.sin(x / 160 + c.rng.random() * 0.1)) for x in range(0, c.w + 40, 40)],
            (c.w, horizon),
        ],
        fill=c.lit((110, 140, 150)),
    )
    near, far = ((196, 160, 100), (170, 140, 96)) if parched else ((232, 190, 80), (214, 176, 90))
    c.gradient(c.lit(far), c.lit(near), horizon, c.h)
    vx = c.w * 0.5
    for k in range(-12, 13):
        c.draw.line([(vx + k * 6, horizon), (vx + k * 140, c.h)], fill=c.lit(mix(near, (120, 90, 40), 0.3)), width=2)
    if parched:
        for _ in range(40):
            x, y = c.rng.randrange(c.w), c.rng.randrange(horizon + 40, c.h)
            c.draw.line(
                [(x, y), (x + c.rng.randint(-40, 40), y + c.rng.randint(5, 30))], fill=c.lit((120, 90, 60)), width=2
            )
    else:
        for _ in range(500):
            x, y = c.rng.randrange(c.w), c.rng.randrange(int(c.h * 0.75), c.h)
            c.draw.line([(x, y), (x + c.rng.randint(-6, 6), y - 30)], fill=c.lit((190, 140, 50)), width=2)
    tx = c.rng.choice([c.w * 0.3, c.w * 0.7])
    c.draw.rectangle([tx - 8, horizon - 120, tx + 8, horizon + 20], fill=c.lit((70, 50, 40)))
    for dx, dy, r in ((-40, -130, 60), (30, -150, 70), (0, -190, 60)):
        c.draw.ellipse(
            [tx + dx - r, horizon + dy - r, tx + dx + r, horizon + dy + r],
            fill=c.lit((120, 110, 60) if parched else (50, 110, 50)),
        )
    hx = c.w * 0.5 + (160 if tx < c.w / 2 else -260)
    c.draw.rectangle([hx, horizon - 40, hx + 100, horizon + 10], fill=c.lit((230, 220, 200)))
    c.draw.polygon(
        [(hx - 10, horizon - 40), (hx + 110, horizon - 40), (hx + 50, horizon - 80)], fill=c.lit((160, 60, 40))
    )
    if not parched:
        for bx in (c.w * 0.15, c.w * 0.6, c.w * 0.85):
            by = horizon + 80
            c.draw.ellipse(
                [bx - 40, by - 36, bx + 40, by + 36], fill=c.lit((210, 170, 70)), outline=c.lit((170, 130, 50)), width=3
            )
    if parched:
        caption = (
            f"A parched wheat field {TIME_WORDS[c.time]}, cracks running through the dry earth towards a lone "
            "tree and a farmhouse."
        )
        alt = "Thin, dry wheat on cracked brown earth, a single tree and a small farmhouse on the horizon."
    else:
        caption = (
            f"A wheat field ripe for harvest {TIME_WORDS[c.time]}, hay bales rolled in its rows and a farmhouse beyond."
        )
        alt = "Golden wheat in long rows with round hay bales, a tree and a red-roofed farmhouse on the horizon."
    return caption, alt


def data_centre(c):
    glow, glow_word = c.pick([((60, 140, 255), "blue"), ((60, 220, 130), "green"), ((255, 170, 60), "amber")])
    vx, vy = c.w / 2 + c.rng.randint(-80, 80), c.h * 0.45
    c.draw.rectangle([0, 0, c.w, c.h], fill=(18, 20, 28))
    c.draw.polygon([(0, c.h), (vx - 40, vy + 40), (vx + 40, vy + 40), (c.w, c.h)], fill=(60, 64, 74))
    for k in range(1, 12):
        t = (k / 12) ** 2
        y = vy + 40 + (c.h - vy - 40) * t
        c.draw.line([(vx - 40 - (vx - 40) * t, y), (vx + 40 + (c.w - vx - 40) * t, y)], fill=(80, 84, 96), width=2)
    c.draw.polygon([(0, 0), (vx - 40, vy - 60), (vx + 40, vy - 60), (c.w, 0)], fill=(40, 42, 50))
    for k in range(6):
        t = (k / 6) ** 1.6
        y = (vy - 60) * (1 - t)
        c.draw.line(
            [(vx - 30 - (vx - 30) * t * 0.6, y), (vx + 30 + (c.w - vx - 30) * t * 0.6, y)],
            fill=(230, 236, 250),
            width=3,
        )
    for side in (-1, 1):
        edge = 0 if side < 0 else c.w
        for k in range(7):
            t0, t1 = k / 7, (k + 0.9) / 7
            xa, xb = edge + (vx + side * 40 - edge) * t0**0.7, edge + (vx + side * 40 - edge) * t1**0.7
            ya_top, yb_top = (vy - 60) * t0**0.7, (vy - 60) * t1**0.7
            ya_bot, yb_bot = c.h - (c.h - vy - 40) * t0**0.7, c.h - (c.h - vy - 40) * t1**0.7
            c.draw.polygon(
                [(xa, ya_top + 40), (xb, yb_top + 10), (xb, yb_bot), (xa, ya_bot)],
                fill=(30, 32, 40),
                outline=(70, 74, 86),
            )
            rows = 14
            for r in range(rows):
                for col in range(3):
                    if c.rng.random() < 0.55:
                        fx = xa + (xb - xa) * (0.2 + 0.25 * col)
                        fy = (ya_top + 40) + (ya_bot - ya_top - 40) * (r + 0.5) / rows
                        size = 2 + 4 * (1 - t0)
                        colour = glow if c.rng.random() < 0.8 else (240, 80, 60)
                        c.draw.ellipse([fx - size, fy - size, fx + size, fy + size], fill=colour)
    caption = f"Rows of server racks in a data centre, {glow_word} status lights blinking along the aisle."
    alt = f"A long aisle between dark server racks dotted with {glow_word} lights, strip lights on the ceiling."
    return caption, alt


SCENES = {
    "skyline": skyline,
    "harbour": harbour,
    "parliament": parliament,
    "desert-road": desert_road,
    "stadium": stadium,
    "refinery": refinery,
    "market": market,
    "chart": chart,
    "podium": podium,
    "hospital": hospital,
    "wheat-field": wheat_field,
    "data-centre": data_centre,
}
INDOOR = {"chart", "podium", "data-centre"}  # no sky, so the time of day does not show


def draw_scene(kind, variant):
    """Draw variant ``variant`` (an int ≥ 0) of scene ``kind`` (a key of ``SCENES``);
    raises KeyError for an unknown kind. Variants of one kind differ in time of day
    (outdoor scenes cycle through ``TIME_ORDER``) and in the details their seed picks."""
    rng = random.Random(f"{kind}:{variant}")
    # Each kind starts the cycle at its own place, so every time of day appears.
    time = "midday" if kind in INDOOR else TIME_ORDER[(variant + list(SCENES).index(kind)) % len(TIME_ORDER)]
    canvas = Canvas(rng, time, variant=variant)
    caption, alt = SCENES[kind](canvas)
    return Picture(kind=kind, variant=variant, jpeg=canvas.jpeg(STORED_SIZE), caption=caption, alt_text=alt)


def draw_portrait(index, size=480):
    """A head-and-shoulders silhouette for an author photo: JPEG bytes, ``size`` square."""
    rng = random.Random(f"portrait:{index}")
    backgrounds = [(200, 16, 46), (22, 62, 112), (34, 110, 74), (140, 84, 20), (74, 44, 120), (10, 110, 130)]
    canvas = Canvas(rng, "midday", size, size)
    background = backgrounds[index % len(backgrounds)]
    canvas.gradient(mix(background, (255, 255, 255), 0.25), background)
    skin = rng.choice([(238, 204, 176), (208, 160, 120), (160, 110, 80), (110, 76, 56)])
    hair = rng.choice([(30, 24, 20), (80, 50, 30), (120, 110, 100), (20, 20, 20)])
    cloth = rng.choice([(40, 40, 48), (230, 230, 226), (60, 80, 120), (120, 40, 40)])
    s = size / 600
    d = canvas.draw
    d.ellipse([110 * s, 360 * s, 490 * s, 780 * s], fill=cloth)
    d.rectangle([262 * s, 290 * s, 338 * s, 380 * s], fill=skin)
    d.ellipse([195 * s, 110 * s, 405 * s, 330 * s], fill=skin)
    if rng.random() < 0.5:
        d.chord([185 * s, 90 * s, 415 * s, 260 * s], 180, 360, fill=hair)
    else:  # a headscarf
        d.chord([170 * s, 80 * s, 430 * s, 400 * s], 150, 390, fill=hair)
        d.ellipse([205 * s, 130 * s, 395 * s, 330 * s], fill=skin)
    return canvas.jpeg()
