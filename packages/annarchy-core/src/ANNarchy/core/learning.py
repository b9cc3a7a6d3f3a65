"""When the continuous update of a projection's synapses runs: ``enable_learning(period, offset)``.

With a ``period`` (ms, a multiple of dt), the synaptic equations are evaluated only at the steps
``s`` with ``(s - o) % p == 0`` (``p`` the period in steps), with ``dt * p`` as their time step,
as the reference does. The ``offset`` counts from the current time: called at step ``c``,
``o = (c % p + offset / dt) % p``, so ``enable_learning(period=10.0, offset=5.0)`` at t = 10 ms
(dt = 1 ms) updates the synapses at t = 15, 25, 35... Without a period the synapses learn at
every step again. Events (``pre_spike``/``post_spike``) are not concerned.

The schedule is two integers per projection in the runtime; before ``compile()`` it is kept on
the projection and handed over at compile.
"""

from __future__ import annotations

from ..errors import InvalidConfiguration
from .capabilities import SupportsLearningSchedule, require, supports


def _steps(proj, what: str, value) -> int:
    dt = proj._net.dt
    try:
        steps = float(value) / dt
    except (TypeError, ValueError):
        raise InvalidConfiguration(
            f"{proj._who()}: enable_learning() expects {what} in ms (a number), got {value!r}."
        ) from None
    if abs(steps - round(steps)) > 1e-6 * max(1.0, abs(steps)):
        raise InvalidConfiguration(
            f"{proj._who()}: enable_learning() {what} ({value} ms) must be a multiple of dt "
            f"({dt} ms)."
        )
    return int(round(steps))


def schedule(proj, period=None, offset=None) -> tuple[int, int]:
    """``(period, offset)`` in steps of the learning of ``proj``, checked (see the module)."""
    if period is None:
        if offset is not None:
            raise InvalidConfiguration(
                f"{proj._who()}: enable_learning() with an offset also needs a period."
            )
        return 1, 0
    steps = _steps(proj, "period", period)
    if steps < 1:
        raise InvalidConfiguration(
            f"{proj._who()}: enable_learning() needs a period of at least dt "
            f"({proj._net.dt} ms), got {period}."
        )
    shift = 0 if offset is None else _steps(proj, "offset", offset)
    if not 0 <= shift < steps:
        raise InvalidConfiguration(
            f"{proj._who()}: enable_learning() needs 0 <= offset < period, got offset={offset} "
            f"and period={period}."
        )
    now = proj._net.current_step
    return steps, (now % steps + shift) % steps


def apply(proj, runtime) -> None:
    """Hand the schedule kept on ``proj`` to ``runtime`` (at compile and when it changes)."""
    period, offset = proj.__dict__.get("_learning_schedule", (1, 0))
    if (period, offset) == (1, 0) and not supports(runtime, SupportsLearningSchedule):
        return
    hint = "call enable_learning() without period and offset"
    what = f"{proj._who()}: enable_learning(period={period}, offset={offset})"
    require(runtime, SupportsLearningSchedule, what, proj._net._backend_name, hint)
    runtime.set_learning_schedule(proj.owner, period, offset)


class LearningMixin:
    """``Projection.enable_learning`` / ``disable_learning``."""

    def enable_learning(self, period=None, offset=None) -> None:
        """Enable learning (the update of the synaptic variables) for this projection.

        Parameters
        ----------
        period : float, optional
            Update the synaptic variables only every ``period`` ms (a multiple of dt), with
            ``period`` as their time step (default: every step).
        offset : float, optional
            Delay of the first update after the current time, in ms (``0 <= offset <
            period``; default 0). ``enable_learning(period=10.0, offset=5.0)`` called at
            t = 10 ms updates the synapses at t = 15, 25, 35...

        Raises
        ------
        InvalidConfiguration
            An offset without a period, an offset not smaller than the period, or values that
            are not multiples of dt.
        """
        if self._net is None:
            raise InvalidConfiguration(f"{self._who()} does not belong to a network.")
        self._learning_schedule = schedule(self, period, offset)
        runtime = self._runtime()
        if runtime is not None:
            apply(self, runtime)
        self._set_learning(True)

    def disable_learning(self) -> None:
        """Disable learning (synaptic updates) for this projection."""
        self._set_learning(False)

    def _set_learning(self, flag: bool) -> None:
        self._learning = flag
        rt = self._runtime()
        if rt is not None:
            rt.set_learning(self.owner, flag)
