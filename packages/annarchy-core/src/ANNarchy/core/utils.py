"""Small utilities of the top-level API."""

from __future__ import annotations

import functools
import re
import time

_USER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def is_user_name(name: object) -> bool:
    """Whether ``name`` may name a target or a constant: ASCII letters, digits and ``_``,
    starting with a letter (the rule of ``annarchy_parser.functions.is_user_name``; generated
    code uses such names only behind a prefix, e.g. ``S_exc``, ``K_tau``).

    Parameters
    ----------
    name : object
        The candidate name.

    Returns
    -------
    bool
    """
    return isinstance(name, str) and _USER_NAME.match(name) is not None


def timeit(func):
    """Decorator printing the execution time of ``func`` at each call.

    Parameters
    ----------
    func : callable
        The function to time.

    Returns
    -------
    callable
        ``func`` wrapped: same arguments and return value.

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
