"""Small utilities of the top-level API."""

from __future__ import annotations

import functools
import time


def timeit(func):
    """Decorator printing the execution time of ``func`` at each call.

    Examples
    --------
    >>> @timeit
    ... def run(net, T):
    ...     net.simulate(T)
    """

    @functools.wraps(func)
    def timed(*args, **kwargs):
        tic = time.perf_counter()
        result = func(*args, **kwargs)
        print(f"{func.__name__}: {time.perf_counter() - tic:.6f} s")
        return result

    return timed
