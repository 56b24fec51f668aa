"""Helpers shared by the browser tests: log in, run axe-core, measure layout, take screenshots."""

import json
from pathlib import Path

PASSWORD = "pw-for-tests-only"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "screenshots"


def login(page, user, password=PASSWORD):
    """Log ``user`` in through the admin's login form, as a person would."""
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


# What we refuse to ship: axe's two highest impact levels.
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page, axe_script):
    """Run axe-core on the page as it is now; return the serious and critical violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: a <script> tag added to the page
        # would be an inline script, which the site's Content-Security-Policy refuses.
        page.evaluate(axe_script.read_text())
    results = page.evaluate(
        """async () => {
            // Cross-origin embeds (a YouTube player) are not ours and axe cannot reach them.
            // Judge the page as readers see it: icon fonts (the editor's Material Icons
            // ligatures) loaded. Before they load, an icon reads as its ligature's name
            // ("format_bold"), which axe rightly flags; a slow machine ran axe before then.
            const families = new Set();
            for (const el of document.querySelectorAll(".material-icons")) {
                families.add(getComputedStyle(el).fontFamily);
            }
            await Promise.all([...families].map(f => document.fonts.load(`24px ${f}`)));
            await document.fonts.ready;
            const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("axe took 30 s")), 30000));
            const r = await Promise.race([axe.run(document, {resultTypes: ["violations"], iframes: false}), timeout]);
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))
            }));
        }"""
    )
    return [v for v in results if v["impact"] in BLOCKING_IMPACTS]


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    at {node['target']}: {node['html']}")
            lines.append("        " + (node["summary"] or "").replace("\n", "\n        "))
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


def assert_accessible(page, axe_script, label):
    violations = axe_violations(page, axe_script)
    assert not violations, f"axe-core on {label} ({page.url}):\n{format_violations(violations)}"


def screenshot(page, name):
    """A full-page screenshot in screenshots/<name>-<width>.png, for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    # Scroll through the page first so lazy-loaded images are in the picture. Bounded
    # in time: page.evaluate() itself has no timeout, and a hidden lazy image never loads.
    page.evaluate(
        """async () => {
            const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
            const work = async () => {
                for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
                    window.scrollTo(0, y);
                    await pause(50);
                }
                const shown = [...document.images].filter(img => img.getClientRects().length > 0);
                await Promise.all(shown.map(img => img.decode().catch(() => null)));
            };
            await Promise.race([work(), pause(2000)]);
            window.scrollTo(0, 0);
        }"""
    )
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport, and the widest culprits."""
    return page.evaluate(
        """() => {
            const extra = document.documentElement.scrollWidth - window.innerWidth;
            const culprits = [];
            if (extra > 0) {
                for (const el of document.querySelectorAll("body *")) {
                    const r = el.getBoundingClientRect();
                    if (r.right > window.innerWidth + 1 && r.width > 0) {
                        culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                            + (el.className && typeof el.className === "string"
                               ? "." + el.className.trim().split(/\\s+/).join(".") : "")
                            + ` right=${Math.round(r.right)}`);
                    }
                    if (culprits.length >= 8) break;
                }
            }
            return {extra, culprits};
        }"""
    )


def dump(obj):
    return json.dumps(obj, indent=2, ensure_ascii=False)


def line_lengths(page, selector):
    """Characters on each rendered line of the element's text, measured with
    Range.getClientRects() one character at a time (what a reader sees, whatever the font)."""
    return page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            if (!el) return null;
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            const lines = [];
            let lastTop = null;
            const range = document.createRange();
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getClientRects()[0];
                    if (!rect || rect.width === 0) continue;  // collapsed white space
                    if (lastTop === null || rect.top > lastTop + rect.height / 2) {
                        lines.push(0);
                        lastTop = rect.top;
                    }
                    lines[lines.length - 1] += 1;
                }
            }
            return lines;
        }""",
        selector,
    )
