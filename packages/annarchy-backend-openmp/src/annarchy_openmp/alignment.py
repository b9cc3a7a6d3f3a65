"""Where the arrays of the populations lie in memory.

numpy places a small array 16 bytes past a boundary of the allocator and a large one 16 bytes
into a page, so where a population's arrays fall changed from one process to the next (with the
thread count, say): a vectorised update then split some of its loads across cache lines, and
arrays whose addresses agree in their low 12 bits made the processor take a load for one that
depends on the store just before it (COBA 4,000: 0.12 s or 0.14-0.19 s for 2 s simulated, by
chance). Each array of a population therefore starts on a cache line, the `index`-th slot at
its own offset within a page.
"""

from __future__ import annotations

import numpy as np

LINE = 64
PAGE = 4096
#: page offsets of consecutive slots differ by 5 cache lines (coprime with the 64 lines of a
#: page: 64 slots before two share an offset)
STAGGER = 5 * LINE


def aligned(values: np.ndarray, index: int) -> np.ndarray:
    """A copy of ``values`` (same dtype and shape) starting ``index * STAGGER`` bytes, modulo
    a page, past a page boundary."""
    buffer = np.empty(values.nbytes + PAGE, dtype=np.uint8)
    offset = ((index * STAGGER) % PAGE - buffer.ctypes.data) % PAGE
    out = buffer[offset : offset + values.nbytes].view(values.dtype).reshape(values.shape)
    out[...] = values
    return out
