"""``InputArray``, ``TimedArray`` and ``TimedPoissonPopulation``: inputs written from Python or
switched along a schedule by native code (special code kind ``timed_values``)."""

from __future__ import annotations

import numpy as np
from ANNarchy import Neuron, Population
from ANNarchy.errors import InvalidConfiguration

from ._base import (
    TIMER_START,
    check_rates,
    period_steps,
    rows_for,
    schedule_steps,
    timed_special,
    write_runtime,
)


class InputArray(Population):
    """Population holding static inputs for a rate-coded network, in the recordable ``r``.

    Parameters
    ----------
    geometry : int or tuple
        Shape of the population.
    name : str, optional
        Unique name of the population.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).

    Examples
    --------
    >>> inp = net.create(ann.InputArray(geometry=10))
    >>> inp.r = np.linspace(1, 10, 10)
    """

    def __init__(self, geometry=None, name=None, copied=False, net_id=0):
        if geometry is None:
            raise InvalidConfiguration(
                "InputArray needs a geometry, e.g. ann.InputArray(geometry=10)."
            )
        # r is a variable that keeps its value (r = r), as in the reference
        neuron = Neuron(equations="r = r", name="Input array", description="Inputs in r")
        super().__init__(geometry, neuron, name=name, net_id=net_id)


class _Timed(Population):
    """Rows of values written into ``self._timed_attr`` at the steps of a schedule."""

    _timed_attr = "r"
    _allow_negative = True

    def _timed_init(self, rows: np.ndarray, schedule, period) -> None:
        self._rows = rows
        self._schedule = schedule
        self._period = float(period)
        self._timed_start = (rows, schedule, self._period)  # what reset() returns to

    def _who(self) -> str:
        return f"{type(self).__name__} '{self.name or ''}'"

    def _timed_data(self, dt: float) -> tuple[np.ndarray, int, np.ndarray]:
        steps = schedule_steps(self._who(), self._schedule, len(self._rows), dt)
        return steps, period_steps(self._who(), self._period, dt), self._rows[: len(steps)]

    def _special_ir(self):
        steps, period, rows = self._timed_data(self._net.dt)
        attr = self._timed_attr
        local = {attr: self._attributes[attr].locality == "local"}
        return timed_special(steps, period, {attr: rows}, local)

    def _check_rows(self, rates) -> np.ndarray:
        rates = check_rates(self._who(), rates, self._allow_negative)
        if rates.ndim == 0:
            raise InvalidConfiguration(
                f"{self._who()}: rates needs a first axis for time (one input per row)."
            )
        return rows_for(self._who(), rates, self.geometry)

    def update(self, rates, schedule=None, period=None, reset=False) -> None:
        """Set new inputs (first axis: time), optionally a new schedule and period.

        As the reference, the attribute shows the new input at once: the first row after a
        reset, otherwise the row at the current position of the schedule.

        Parameters
        ----------
        rates : array_like
            The inputs; the other dimensions must match the population's geometry.
        schedule : float or list of float, optional
            New schedule (implies ``reset=True``); default: the current one.
        period : float, optional
            New period in ms (-1: no cycling); default: the current one.
        reset : bool
            Restart the schedule now; otherwise (default, as the documentation states; the
            reference 5.0.4 resets by default) the current position is kept.
        """
        rows = self._check_rows(rates)
        old = (self._rows, self._schedule, self._period)
        self._rows = rows
        if schedule is not None:
            self._schedule, reset = schedule, True
        if period is not None:
            self._period = float(period)
        if self._net is None or self._runtime() is None:
            return
        try:
            self._push_timed(reset)
        except InvalidConfiguration:
            self._rows, self._schedule, self._period = old
            raise

    def _push_timed(self, reset: bool) -> None:
        """Hand rows, schedule and period to the runtime and show the current row."""
        steps, period_s, used = self._timed_data(self._net.dt)
        data = {"_steps": steps, "_period": period_s, f"_rows_{self._timed_attr}": used}
        write_runtime(self, data)
        if reset:
            write_runtime(self, TIMER_START)
        runtime = self._runtime()
        timer = {name: int(runtime.get(self.owner, name)) for name in TIMER_START}
        row = timer["_row"]
        if timer["_block"] < len(steps) and steps[timer["_block"]] <= timer["_t"]:
            row = timer["_block"]
        if 0 <= row < len(used):
            write_runtime(self, {self._timed_attr: self._shown(used[row])})

    def _shown(self, row: np.ndarray):
        return row if self._attributes[self._timed_attr].locality == "local" else row[0]

    def reset(self, attributes=None) -> None:
        """Restart the schedule from its first input (times become relative to this call) and
        set the attributes back to their values at compile(); inputs, schedule and period
        return to those given to the constructor, as in the reference.

        Parameters
        ----------
        attributes : list of str, optional
            The attributes to reset (all by default).
        """
        super().reset(attributes)
        self._on_reset()

    def _on_reset(self) -> None:
        """After ``reset()`` or ``net.reset()``: the constructor's inputs, timers at the start."""
        self._rows, self._schedule, self._period = self._timed_start
        if self._runtime() is None:
            return
        steps, period_s, used = self._timed_data(self._net.dt)
        data = {"_steps": steps, "_period": period_s, f"_rows_{self._timed_attr}": used}
        write_runtime(self, data | TIMER_START)


class TimedArray(_Timed):
    """Sequential inputs for a rate-coded network: row ``k`` of ``rates`` is written into
    ``r`` at the k-th time of ``schedule``, looping every ``period`` ms.

    Parameters
    ----------
    rates : array_like, optional
        Inputs; the first axis is time, the others the geometry of the population.
    geometry : int or tuple, optional
        Shape of the population when ``rates`` is not given (inputs set later by ``update``).
    schedule : float or list of float
        Duration of each input in ms (0: one step each) or the list of times at which the
        inputs start.
    period : float
        Period in ms after which the schedule starts again (-1: no cycling).
    name : str, optional
        Unique name of the population.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).

    Examples
    --------
    >>> inp = net.create(ann.TimedArray(rates=np.eye(10), schedule=10.0, period=100.0))
    """

    def __init__(
        self,
        rates=None,
        geometry=None,
        schedule=0.0,
        period=-1.0,
        name=None,
        copied=False,
        net_id=0,
    ):
        who = f"TimedArray '{name or ''}'"
        if rates is None:
            if geometry is None:
                raise InvalidConfiguration(f"{who}: give rates or a geometry.")
            rows_shape = None
        else:
            rates = check_rates(who, rates, allow_negative=True)
            if rates.ndim == 0:
                raise InvalidConfiguration(f"{who}: rates needs a first axis for time.")
            rows_shape = rates.shape[1:] or (1,)
            if geometry is not None and int(np.prod(geometry)) != int(np.prod(rows_shape)):
                raise InvalidConfiguration(
                    f"{who}: rates of shape {rates.shape} do not match the geometry {geometry}."
                )
        neuron = Neuron(parameters="r = 0.0", name="Timed array", description="Inputs in r")
        super().__init__(geometry or rows_shape, neuron, name=name, net_id=net_id)
        rows = np.zeros((0, self.size)) if rates is None else self._check_rows(rates)
        self._timed_init(rows, schedule, period)


class TimedPoissonPopulation(_Timed):
    """Poisson neurons whose rates change along a schedule (looping every ``period`` ms).

    Parameters
    ----------
    geometry : int or tuple
        Shape of the population.
    rates : array_like
        One rate per time of ``schedule`` (common to all neurons), or one array of the
        geometry per time.
    schedule : list of float
        Times in ms at which the rates change.
    period : float
        Period in ms after which the schedule starts again (-1: no cycling).
    name : str, optional
        Unique name of the population.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).
    """

    _timed_attr = "rates"
    _allow_negative = False

    def __init__(self, geometry, rates, schedule, period=-1.0, name=None, copied=False, net_id=0):
        neuron = Neuron(
            parameters="rates = 0.0",
            equations="p = Uniform(0.0, 1.0) * 1000.0 / dt",
            spike="p < rates",
            name="Timed Poisson",
            description="Poisson spike trains with scheduled rates",
        )
        super().__init__(geometry, neuron, name=name, net_id=net_id)
        rows = self._check_rows(rates)
        if np.ndim(schedule) == 0 or len(schedule) != len(rows):
            raise InvalidConfiguration(
                f"{self._who()}: schedule must list one time per rate ({len(rows)} rates), "
                f"got {schedule!r}."
            )
        self._timed_init(rows, schedule, period)
