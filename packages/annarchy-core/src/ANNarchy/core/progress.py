"""Progress bar of long ``simulate()`` calls (tqdm when installed, plain text otherwise).

The bar only changes how the native loop is cut into chunks (about 100 of them); the steps run
are the same, so the results do not change.
"""

from __future__ import annotations

import sys

#: number of chunks a simulation with a progress bar is cut into
CHUNKS = 100


class _PlainBar:
    """A minimal text bar printed on stderr, used when tqdm is not installed."""

    def __init__(self, total: int, desc: str):
        self.total, self.done, self.desc, self._shown = total, 0, desc, -1
        self._show()

    def update(self, n: int) -> None:
        self.done += n
        self._show()

    def _show(self) -> None:
        percent = 100 * self.done // self.total if self.total else 100
        if percent // 10 != self._shown // 10 or percent == 100:
            if percent != self._shown:
                print(f"\r{self.desc}: {percent:3d} %", end="", file=sys.stderr, flush=True)
            self._shown = percent

    def close(self) -> None:
        print(file=sys.stderr, flush=True)


def progress_bar(total_steps: int, desc: str = "Simulating"):
    """A bar counting ``total_steps`` steps with ``update(n)`` and ``close()``.

    tqdm is used when it is installed (``pip install tqdm``); otherwise a plain percentage is
    printed on stderr.
    """
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _PlainBar(total_steps, desc)
    return tqdm(total=total_steps, desc=desc, unit="step")


def chunks(nsteps: int, enabled: bool) -> list[int]:
    """Sizes of the chunks ``nsteps`` steps are run in (one chunk without a bar)."""
    if not enabled or nsteps <= CHUNKS:
        return [nsteps] if nsteps else []
    size, rest = divmod(nsteps, CHUNKS)
    return [size + (1 if k < rest else 0) for k in range(CHUNKS)]
