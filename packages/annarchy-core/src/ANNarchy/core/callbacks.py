"""Callbacks: Python functions called periodically during ``Network.simulate()``.

``@ann.every(period=100., offset=-10.)`` (or ``@net.every(...)``) registers a function taking the
call counter ``n``. During ``simulate(T)`` started at step ``s0``, a callback of period ``P``,
offset ``O`` and wait ``W`` (in steps) is called before the steps ``s0 + W + (O mod P) + k * P``
that lie inside the simulated interval, with ``n = k`` (``n`` restarts at 0 with every call to
``simulate()``, as the reference does). Callbacks due at the same step run in the order of their
declaration. The native step loop runs uninterrupted between two callback times.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from numbers import Real

from ..errors import InvalidConfiguration


@dataclass(frozen=True)
class Callback:
    """A function called every ``period`` ms, ``offset`` ms into the period, after ``wait`` ms."""

    function: Callable[[int], object]
    period: float
    offset: float = 0.0
    wait: float = 0.0

    def steps(self, dt: float) -> tuple[int, int, int]:
        """``(period, offset, wait)`` in steps of ``dt`` (offset taken modulo the period)."""
        period = int(round(self.period / dt))
        offset = int(round((self.offset % self.period) / dt)) % period
        return period, offset, int(round(self.wait / dt))


def check_callback(function, period, offset, wait, dt: float) -> Callback:
    """A validated `Callback` for a network of step ``dt``.

    Raises
    ------
    InvalidConfiguration
        A period shorter than ``dt``, a negative wait, or something that is not callable.
    """
    name = getattr(function, "__name__", repr(function))
    if not callable(function):
        raise InvalidConfiguration(f"every(): {name} is not a function.")
    for label, value in (("period", period), ("offset", offset), ("wait", wait)):
        if not isinstance(value, Real) or isinstance(value, bool):
            raise InvalidConfiguration(
                f"every(): the {label} of callback '{name}' must be a number of ms, got {value!r}."
            )
    if period < dt or round(period / dt) < 1:
        raise InvalidConfiguration(
            f"every(): the period of callback '{name}' ({period} ms) is shorter than the step "
            f"size dt = {dt} ms; use a period of at least dt."
        )
    if wait < 0:
        raise InvalidConfiguration(
            f"every(): the wait of callback '{name}' must be >= 0 ms, got {wait}."
        )
    return Callback(function, float(period), float(offset), float(wait))


def schedule(callbacks: list[Callback], start: int, nsteps: int, dt: float) -> Iterator[tuple]:
    """The calls due in ``[start, start + nsteps)``: ``(step, callback, n)`` in time order, then
    in declaration order; generated lazily (a long simulation does not build a long list)."""
    end = start + nsteps
    heap = []
    for index, cb in enumerate(callbacks):
        period, offset, wait = cb.steps(dt)
        first = start + wait + offset
        if first < end:
            heap.append((first, index, 0, period, cb))
    heapq.heapify(heap)
    while heap:
        step, index, n, period, cb = heapq.heappop(heap)
        yield step, cb, n
        if step + period < end:
            heapq.heappush(heap, (step + period, index, n + 1, period, cb))


def every(network=None, period=1.0, offset=0.0, wait=0.0, net_id=0):
    """Decorator declaring a method called periodically during ``simulate()``.

    ``@every(network=net, period=100., offset=-10.)`` calls the decorated function ``f(n)`` at
    times 90, 190, ... ms after the start of each ``simulate()`` call; ``n`` is 0 at the first
    call of a ``simulate()`` and incremented at each call. A negative offset counts from the end
    of the period; ``wait`` delays the first call. Callbacks due at the same time run in the
    order of their declaration. They are not called by ``step()`` and ``simulate_until()``.

    Parameters
    ----------
    network : Network, optional
        The network calling the method (default: the network ``net_id``, the magic network).
        A number given here is taken as the period (``@every(100.)``).
    period : float
        Interval in ms between two calls; at least ``dt``.
    offset : float
        Delay within the period in ms (negative: from the end of the period; taken modulo the
        period).
    wait : float
        Time in ms before the first call.
    net_id : int
        Id of the network when ``network`` is not given.

    Returns
    -------
    callable
        The decorator; it returns the function unchanged.
    """
    if isinstance(network, Real) and not isinstance(network, bool):
        network, period = None, network
    if network is None:
        from .registry import network_by_id

        network = network_by_id(net_id)

    def decorator(function):
        network._add_callback(function, period, offset, wait)
        return function

    return decorator


class CallbacksMixin:
    """Callbacks of ``Network``: ``every``, enabling, disabling and clearing them."""

    def every(self, period=1.0, offset=0.0, wait=0.0):
        """Decorator declaring a method called periodically during ``simulate()``.

        See `ANNarchy.every`; ``@net.every(period=100.)`` is
        ``@ann.every(network=net, period=100.)``.

        Parameters
        ----------
        period : float
            Interval in ms between two calls; at least ``dt``.
        offset : float
            Delay within the period in ms (negative: from the end of the period).
        wait : float
            Time in ms before the first call.
        """

        def decorator(function):
            self._add_callback(function, period, offset, wait)
            return function

        return decorator

    def _add_callback(self, function, period, offset, wait) -> None:
        self._callbacks.append(check_callback(function, period, offset, wait, self.dt))

    def callbacks_enabled(self) -> bool:
        """Returns True if callbacks are enabled for the network."""
        return self._callbacks_enabled

    def enable_callbacks(self) -> None:
        """Enables all declared callbacks for the network."""
        self._callbacks_enabled = True

    def disable_callbacks(self) -> None:
        """Disables all callbacks for the network."""
        self._callbacks_enabled = False

    def clear_all_callbacks(self) -> None:
        """Clears the list of declared callbacks for the network (cannot be undone)."""
        self._callbacks = []
