"""What a network does once compiled: time, simulate (with callbacks), simulate_until, step,
reset, learning."""

from __future__ import annotations

import math
import sys
import time as _time

import numpy as np

from ..errors import InvalidConfiguration, NotCompiledError
from .callbacks import CallbacksMixin, schedule
from .capabilities import SupportsRecordingCheck, SupportsStop, require, supports
from .progress import chunks, progress_bar
from .structural import restore
from .structural_rules import advance

# a duration within this many steps (plus a few rounding units) of a whole number of steps is
# taken as that number (``1.1 / 0.1`` is not exactly 11 in floating point)
STEP_TOLERANCE = 1e-9
MAX_STEPS = 2**62  # the step counter of the runtimes is a 64-bit integer


class SimulationMixin(CallbacksMixin):
    """Simulation control of ``Network`` (time, ``simulate()``, ``step()``, ``reset()``)."""

    # ------------------------------------------------------------------ time
    @property
    def current_step(self) -> int:
        """Current simulation step (settable)."""
        return int(self._runtime.step) if self._runtime is not None else self._step

    @current_step.setter
    def current_step(self, value: int) -> None:
        value = int(value)
        if value < 0:
            raise InvalidConfiguration(f"Network {self.id}: the step cannot be negative.")
        if self._runtime is not None:
            self._runtime.step = value
        self._step = value

    @property
    def time(self) -> float:
        """Current time t in ms (settable; rounded to a step)."""
        return self.current_step * self.dt

    @time.setter
    def time(self, value: float) -> None:
        self.current_step = int(round(float(value) / self.dt))

    def _require_runtime(self, what: str):
        if self._runtime is None:
            raise NotCompiledError(
                f"Network {self.id}.{what}(): the network is not compiled; call net.compile() "
                "first."
            )
        return self._runtime

    # ------------------------------------------------------------- running
    def _steps_of(self, duration, what: str) -> int:
        """``ceil(duration / dt)`` steps, a quotient within about 1e-9 of an integer being
        taken as that integer (``simulate(1.1)`` at dt 0.1 runs 11 steps)."""
        try:
            value = float(duration)
        except (TypeError, ValueError, OverflowError):
            raise InvalidConfiguration(
                f"{what}(): the duration must be a number of ms, got {duration!r}."
            ) from None
        if not math.isfinite(value) or value < 0:
            raise InvalidConfiguration(
                f"{what}(): the duration must be a finite number of ms >= 0, got {duration!r}."
            )
        steps = value / self.dt
        if steps > MAX_STEPS:
            raise InvalidConfiguration(
                f"{what}(): {duration} ms is {steps:.3g} steps of dt={self.dt} ms (at most "
                f"{MAX_STEPS:.3g} in one call)."
            )
        nearest = round(steps)
        if abs(steps - nearest) <= STEP_TOLERANCE + 4 * steps * sys.float_info.epsilon:
            return int(nearest)
        return math.ceil(steps)

    def simulate(
        self, duration: float, measure_time: bool = False, callbacks: bool = True, progress=None
    ) -> None:
        """Run the network for ``duration`` ms (``ceil(duration / dt)`` steps).

        The native loop runs in one call, or in chunks ending exactly at the times of the
        callbacks declared with ``every()``.

        Parameters
        ----------
        duration : float
            Duration in ms.
        measure_time : bool
            Print how long the simulation took.
        callbacks : bool
            Call the callbacks declared with ``every()`` (if they are enabled).
        progress : bool, optional
            Show a progress bar (tqdm if installed); default: the ``progress`` setting of
            ``config()`` (False). It does not change the results.
        """
        runtime = self._require_runtime("simulate")
        nsteps = self._steps_of(duration, "simulate")
        show = bool(self._config.get("progress", False) if progress is None else progress)
        if supports(runtime, SupportsRecordingCheck):  # the whole duration, in one check
            runtime.check_recording(nsteps)
        bar = progress_bar(nsteps) if show and nsteps else None
        tic = _time.perf_counter()
        try:
            if callbacks and self._callbacks_enabled and self._callbacks:
                self._run_with_callbacks(nsteps, bar)
            else:
                self._advance(nsteps, bar)
        finally:
            self._step = int(runtime.step)
            if bar is not None:
                bar.close()
        if measure_time:
            elapsed = _time.perf_counter() - tic
            print(f"Simulating {duration / 1000.0} seconds of the network took {elapsed} seconds.")

    def _advance(self, nsteps: int, bar=None) -> None:
        for size in chunks(nsteps, bar is not None):
            advance(self, size)
            if bar is not None:
                bar.update(size)

    def _run_with_callbacks(self, nsteps: int, bar) -> None:
        runtime = self._runtime
        end = int(runtime.step) + nsteps
        calls = schedule(list(self._callbacks), int(runtime.step), nsteps, self.dt)
        for step, callback, n in calls:
            if step > runtime.step:
                self._advance(step - int(runtime.step), bar)
            self._step = int(runtime.step)
            callback.function(n)
        if runtime.step < end:
            self._advance(end - int(runtime.step), bar)

    def step(self) -> None:
        """Perform a single simulation step (duration ``dt``); callbacks are not called."""
        runtime = self._require_runtime("step")
        advance(self, 1)
        self._step = int(runtime.step)

    def simulate_until(self, max_duration, population, operator="and", measure_time=False):
        """Run the network for at most ``max_duration`` ms, until a ``stop_condition`` is met.

        The simulation stops after the first step where the stop condition of the population
        holds (for several populations: of all of them with ``operator='and'``, of one of them
        with ``'or'``). Callbacks are not called.

        Parameters
        ----------
        max_duration : float
            Maximal duration in ms.
        population : Population or list of Population
            The population(s) whose ``stop_condition`` stops the simulation.
        operator : str
            ``'and'`` (default) or ``'or'``, combining the conditions of several populations.
        measure_time : bool
            Print how long the simulation took.

        Returns
        -------
        float
            The duration actually simulated, in ms.
        """
        runtime = self._require_runtime("simulate_until")
        nsteps = self._steps_of(max_duration, "simulate_until")
        owners = self._stop_owners(population, operator)
        require(runtime, SupportsStop, "simulate_until()", self._backend_name, "use simulate()")
        tic = _time.perf_counter()

        def run(n: int) -> tuple[int, bool]:
            done = int(runtime.run_until(n, owners, operator))
            # ``stopped``: whether the conditions held at the last step (a run of exactly the
            # steps up to the stop cannot tell from its count)
            return done, bool(runtime.stopped)

        done = advance(self, nsteps, run) if nsteps else 0
        self._step = int(runtime.step)
        if measure_time:
            elapsed = _time.perf_counter() - tic
            print(f"Simulating {done * self.dt / 1000.0} seconds took {elapsed} seconds.")
        return done * self.dt

    def _stop_owners(self, population, operator) -> list[str]:
        if operator not in ("and", "or"):
            raise InvalidConfiguration(
                f"simulate_until(): operator must be 'and' or 'or', got {operator!r}."
            )
        from .population import Population

        pops = list(population) if isinstance(population, (list, tuple)) else [population]
        if not pops:
            raise InvalidConfiguration("simulate_until(): give at least one population.")
        for pop in pops:
            if not isinstance(pop, Population) or pop._net is not self:
                raise InvalidConfiguration(
                    f"simulate_until(): {pop!r} is not a population of network {self.id}."
                )
            if pop.stop_condition is None:
                raise InvalidConfiguration(
                    f"simulate_until(): population '{pop.name}' has no stop_condition; create it "
                    "with stop_condition='r > 1.0' (for example)."
                )
        return [pop.owner for pop in pops]

    def reset(
        self,
        populations: bool = True,
        projections: bool = False,
        synapses: bool = False,
        monitors: bool = True,
        reseed_rng: bool = True,
    ) -> None:
        """Reinitialise the network to its state at ``compile()``; time goes back to 0.

        Parameters
        ----------
        populations : bool
            Reset neural parameters and variables.
        projections : bool
            Reset synaptic parameters and variables, except the weights ``w`` (the synapses
            are kept), as the reference does.
        synapses : bool
            Also give every projection back the synapses it had at ``compile()`` (undoing
            ``create_synapse``/``prune_synapse`` and structural plasticity), with their weights
            and values at compile; implies ``projections``.
        monitors : bool
            Empty the monitors.
        reseed_rng : bool
            Re-seed ``default_rng`` with the network's seed.
        """
        runtime = self._require_runtime("reset")
        if synapses:
            projections = True
            for proj in self._projections:
                restore(proj)
        kept = {}
        unchanged = [*([] if populations else self._populations)]
        unchanged += [] if projections else self._projections
        for obj in unchanged:
            kept[obj] = {name: obj._read(name) for name in obj._values}
        if not synapses:  # the weights belong to the synapses: kept
            for proj in self._projections:
                if proj not in kept and "w" in proj._initial:
                    kept[proj] = {**proj._initial, "w": proj._read("w")}
        for monitor in self._monitors:
            monitor._detach()
        runtime.reset()
        runtime.step = 0
        self._step = 0
        for obj in (*self._populations, *self._projections):
            source = kept.get(obj, obj._initial)
            for name, values in source.items():
                runtime.set(obj.owner, name, values)
        for pop in self._populations if populations else ():
            on_reset = getattr(pop, "_on_reset", None)  # e.g. TimedArray: its first inputs
            if on_reset is not None:
                on_reset()
        for name, constant in self._all_constants().items():
            runtime.set_constant(name, constant.value)
        for monitor in self._monitors:
            if monitors:
                monitor._chunks = {v: [] for v in monitor._variables}
                monitor._segments = {}
            monitor._on_compile()
        if reseed_rng and self.seed is not None:
            self.default_rng = np.random.default_rng(self.seed)

    # ------------------------------------------------------------ learning
    def enable_learning(self, projections=None, period=None, offset=None) -> None:
        """Enable learning for the given projections (default: all).

        Parameters
        ----------
        projections : list of Projection, optional
            The projections (all of them by default).
        period : float, optional
            Learn every ``period`` ms only.
        offset : float, optional
            Offset in ms of the learning steps within the period.
        """
        for proj in self._projections if projections is None else projections:
            proj.enable_learning(period=period, offset=offset)

    def disable_learning(self, projections=None) -> None:
        """Disable learning for the given projections (default: all).

        Parameters
        ----------
        projections : list of Projection, optional
            The projections (all of them by default).
        """
        for proj in self._projections if projections is None else projections:
            proj.disable_learning()
