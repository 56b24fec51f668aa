"""What an import run shows while it works: a progress line on a terminal, plain lines otherwise."""

import time


class Reporter:
    """Receives each item's outcome from the loader and tells the operator.

    Failures always go to stderr as ``path[:line]: reason``. At verbosity 2 and up every
    item is listed on stdout. On a terminal a one-line counter is redrawn on stderr
    (at most ten times a second); elsewhere a plain line is written every ``every`` items.
    """

    def __init__(self, stdout, stderr, *, verbosity=1, tty=False, every=1000):
        self.stdout, self.stderr = stdout, stderr
        self.verbosity, self.tty, self.every = verbosity, tty and verbosity >= 1, every
        self.done = 0
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        self.t0 = self.last_draw = time.monotonic()

    def __call__(self, kind, action, origin, label, reason=None):
        self.done += 1
        self.counts[action] += 1
        if action == "failed":
            self._clear()
            self.stderr.write(f"{origin}: {reason}")
        elif self.verbosity >= 2:
            self._clear()
            self.stdout.write(f"{action:9} {kind:8} {label}  ({origin})")
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw >= 0.1:
                self.last_draw = now
                self._draw()
        elif self.verbosity >= 1 and self.done % self.every == 0:
            self.stderr.write(f"... {self.done} items ({self._rate():.0f}/s)")

    def _rate(self):
        return self.done / max(time.monotonic() - self.t0, 1e-6)

    def _draw(self):
        # Inputs are streamed, so the total is unknown: a moving marker and the counts.
        c = self.counts
        marker = "|/-\\"[int(time.monotonic() * 10) % 4]
        self.stderr.write(
            f"\r{marker} {self.done} items: {c['created']} new, {c['updated']} updated, "
            f"{c['unchanged']} unchanged, {c['failed']} failed ({self._rate():.0f}/s)",
            ending="",
            style_func=str,  # a progress line, not an error: no red
        )
        self.stderr.flush()

    def _clear(self):
        if self.tty:
            self.stderr.write("\r\033[K", ending="", style_func=str)

    def close(self):
        if self.tty:
            self._draw()
            self.stderr.write("", style_func=str)
