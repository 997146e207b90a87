"""A progress bar on stderr for the acts commands (no dependency for one line of output)."""

import sys
import time


class Progress:
    """`Progress(total, label)(done)` redraws one line on stderr, at most ten times a second
    and only when stderr is a terminal (logs of `make run` stay clean)."""

    WIDTH = 30

    def __init__(self, total: int, label: str, *, stream=None, enabled: bool | None = None):
        self.total = max(total, 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and done < self.total):
            return
        self._last = now
        share = min(done / self.total, 1.0) if self.total else 1.0
        bar = "#" * int(share * self.WIDTH)
        self.stream.write(f"\r{self.label} [{bar:<{self.WIDTH}}] {done}/{self.total} ({share:.0%})")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
