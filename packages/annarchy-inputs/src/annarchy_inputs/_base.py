"""What the input objects share: schedules in steps, checked rate arrays, writes to the runtime."""

from __future__ import annotations

import numpy as np
from ANNarchy.errors import InvalidConfiguration
from ANNarchy.plugin import SpecialIR, runtime_of

#: kind of the special code that switches attributes along a schedule (TimedArray & co.)
TIMED_VALUES = "timed_values"


def to_steps(times, dt: float) -> np.ndarray:
    """Times in ms -> the nearest steps (int64)."""
    return np.floor(np.asarray(times, dtype=np.float64) / dt + 0.5).astype(np.int64)


def schedule_steps(who: str, schedule, n_rows: int, dt: float) -> np.ndarray:
    """The step at which each row starts (one per row used).

    ``schedule`` is a duration in ms (0: every step) or a list of increasing times; a list shorter
    than the rows uses only the first rows, a longer one is refused.
    """
    if np.ndim(schedule) == 0:
        every = float(schedule)
        if every < 0:
            raise InvalidConfiguration(f"{who}: schedule must be >= 0 ms, got {every}.")
        width = max(1, int(to_steps(every, dt))) if every > 0 else 1
        return np.arange(n_rows, dtype=np.int64) * width
    times = np.asarray(schedule, dtype=np.float64).reshape(-1)
    if len(times) > n_rows:
        raise InvalidConfiguration(
            f"{who}: the schedule has {len(times)} times but only {n_rows} inputs are given; "
            "give at most one time per input (first axis of rates)."
        )
    steps = to_steps(times, dt)
    if np.any(times < 0) or np.any(np.diff(steps) <= 0):
        raise InvalidConfiguration(
            f"{who}: the schedule {times.tolist()} must be increasing times >= 0 ms, at least "
            f"one step (dt = {dt} ms) apart."
        )
    return steps


def period_steps(who: str, period, dt: float) -> int:
    """A period in ms -> steps; -1 (no cycling) for a negative period."""
    period = float(period)
    if period < 0:
        return -1
    steps = int(to_steps(period, dt))
    if steps < 1:
        raise InvalidConfiguration(f"{who}: period must be at least dt ({dt} ms), got {period}.")
    return steps


def check_rates(who: str, values, allow_negative: bool = False) -> np.ndarray:
    """Finite float64 values (non-negative unless allowed)."""
    try:
        array = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidConfiguration(
            f"{who}: rates must be numbers or arrays of numbers, got {type(values).__name__}."
        ) from None
    if not np.all(np.isfinite(array)):
        raise InvalidConfiguration(f"{who}: rates must be finite numbers.")
    if not allow_negative and np.any(array < 0):
        raise InvalidConfiguration(
            f"{who}: rates must be >= 0 Hz (smallest given: {float(np.min(array))})."
        )
    return array


def rows_for(who: str, rates: np.ndarray, geometry: tuple[int, ...]) -> np.ndarray:
    """Rows (time first) of values for a population of ``geometry``: shape (n, size).

    A row may be a single value (shared by every neuron) or the geometry (or the flat size).
    """
    size = int(np.prod(geometry))
    if rates.ndim == 1:
        return np.repeat(rates[:, None], size, axis=1)
    if rates.shape[1:] in (geometry, (size,)):
        return rates.reshape(len(rates), size)
    raise InvalidConfiguration(
        f"{who}: each input must have the population's shape {geometry} (or be one value); "
        f"got rates of shape {rates.shape} (the first axis is time)."
    )


def timed_special(
    steps: np.ndarray, period: int, buffers: dict[str, np.ndarray], local: dict[str, bool]
) -> SpecialIR:
    """The ``timed_values`` special code: at step ``steps[b]`` (counted from the last reset,
    looping every ``period`` steps), row ``b`` of each buffer is written to its attribute."""
    data = {"_steps": np.asarray(steps, np.int64), "_period": np.array(period, np.int64)}
    for name, rows in buffers.items():
        data[f"_rows_{name}"] = np.ascontiguousarray(rows, np.float64).reshape(-1)
    state = {name: np.array(value, np.int64) for name, value in TIMER_START.items()}
    attributes = tuple((name, bool(local[name])) for name in sorted(buffers))
    return SpecialIR(TIMED_VALUES, data=data, state=state, options={"attributes": attributes})


#: the timers of ``timed_values``: internal step, next block, row being shown (-1: none yet)
TIMER_START = {"_t": 0, "_block": 0, "_row": -1}


def write_runtime(obj, values: dict) -> bool:
    """Write ``{name: array}`` through the runtime of ``obj`` (False before compile)."""
    runtime = runtime_of(obj)
    if runtime is None:
        return False
    for name, value in values.items():
        runtime.set(obj.owner, name, value)
    return True
