"""What a network does once compiled: time, simulate, step, reset, learning, callbacks flags."""

from __future__ import annotations

import time as _time

import numpy as np

from ..errors import InvalidConfiguration, NotCompiledError


class SimulationMixin:
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
    def simulate(self, duration: float, measure_time: bool = False) -> None:
        """Run the network for ``duration`` ms (``round(duration / dt)`` steps).

        Parameters
        ----------
        duration : float
            Duration in ms.
        measure_time : bool
            Print how long the simulation took.
        """
        runtime = self._require_runtime("simulate")
        nsteps = int(round(float(duration) / self.dt))
        if nsteps < 0:
            raise InvalidConfiguration(f"simulate(): the duration must be >= 0, got {duration}.")
        tic = _time.perf_counter()
        if nsteps:
            runtime.run(nsteps)
        self._step = int(runtime.step)
        if measure_time:
            elapsed = _time.perf_counter() - tic
            print(f"Simulating {duration / 1000.0} seconds of the network took {elapsed} seconds.")

    def step(self) -> None:
        """Perform a single simulation step (duration ``dt``)."""
        runtime = self._require_runtime("step")
        runtime.run(1)
        self._step = int(runtime.step)

    def simulate_until(self, max_duration, population, operator="and", measure_time=False):
        """Not available yet: stop conditions need support from the backend."""
        raise NotImplementedError(
            "simulate_until() is not available yet in ANNarchy 5 core; use simulate()."
        )

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
            Reset synaptic parameters and variables (the connectivity is kept).
        synapses : bool
            Recreating the synapses is not supported yet.
        monitors : bool
            Empty the monitors.
        reseed_rng : bool
            Re-seed ``default_rng`` with the network's seed.
        """
        if synapses:
            raise NotImplementedError("reset(synapses=True) is not supported yet.")
        runtime = self._require_runtime("reset")
        kept = {}
        unchanged = [*([] if populations else self._populations)]
        unchanged += [] if projections else self._projections
        for obj in unchanged:
            kept[obj] = {name: obj._read(name) for name in obj._values}
        for monitor in self._monitors:
            monitor._detach()
        runtime.reset()
        runtime.step = 0
        self._step = 0
        for obj in (*self._populations, *self._projections):
            source = kept.get(obj, obj._initial)
            for name, values in source.items():
                runtime.set(obj.owner, name, values)
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
        """Enable learning for the given projections (default: all)."""
        for proj in self._projections if projections is None else projections:
            proj.enable_learning(period=period, offset=offset)

    def disable_learning(self, projections=None) -> None:
        """Disable learning for the given projections (default: all)."""
        for proj in self._projections if projections is None else projections:
            proj.disable_learning()

    # ----------------------------------------------------------- callbacks
    def callbacks_enabled(self) -> bool:
        """Whether callbacks (``every``) are enabled."""
        return self._callbacks_enabled

    def enable_callbacks(self) -> None:
        """Enable the declared callbacks."""
        self._callbacks_enabled = True

    def disable_callbacks(self) -> None:
        """Disable the declared callbacks."""
        self._callbacks_enabled = False

    def clear_all_callbacks(self) -> None:
        """Forget every declared callback."""
        self._callbacks = []
