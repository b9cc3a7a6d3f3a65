"""``HomogeneousCorrelatedSpikeTrains``: Poisson neurons sharing one rate ``x`` that follows an
Ornstein-Uhlenbeck process (a Cox process, Brette 2009), written as a plain neuron model.

As the spec writes it (and the reference computes it), the rate ``x`` (Hz, global) follows
``dx/dt = (mu - x)/tau + sigma * xi / sqrt(tau)`` with ``xi`` white noise, and a neuron spikes
with probability ``max(x, 0) * dt``. ``mu`` and ``sigma`` are those of the Normal law whose
rectification has the mean ``rates`` and the variance ``corr * rates / (2 tau)``. (The
stationary standard deviation of ``x`` is then ``sigma / sqrt(2)``, so the measured rate is a
little below ``rates``: about 18.6 Hz for 20 Hz, corr 0.3, tau 10 ms.)
"""

from __future__ import annotations

import math

import numpy as np
from ANNarchy import Neuron, Population
from ANNarchy.errors import InvalidConfiguration

from ._base import TIMER_START, period_steps, schedule_steps, timed_special, write_runtime

_PHI0 = 1.0 / math.sqrt(2.0 * math.pi)


def rectified_moments(mu: float, sigma: float) -> tuple[float, float]:
    """Mean and standard deviation of ``max(X, 0)`` for ``X ~ Normal(mu, sigma)``."""
    from scipy.special import ndtr  # here: importing scipy.special takes ~0.15 s

    a = mu / sigma
    cdf, pdf = float(ndtr(a)), _PHI0 * math.exp(-0.5 * a * a)
    mean = mu * cdf + sigma * pdf
    second = (mu * mu + sigma * sigma) * cdf + mu * sigma * pdf
    return mean, math.sqrt(max(second - mean * mean, 0.0))


def normal_for_rectified(mean: float, std: float) -> tuple[float, float]:
    """(mu, sigma) of the Normal law whose rectification has this mean and std (> 0)."""
    if std <= 0.0 or mean <= 0.0:
        return mean, 0.0
    target = mean / std

    def gap(a: float) -> float:
        m, s = rectified_moments(a, 1.0)
        return m / s - target

    low, high = -1.0, max(target, 1.0)
    while gap(low) > 0:
        low *= 2.0
    while gap(high) < 0:
        high *= 2.0
    from scipy.optimize import brentq  # here: importing scipy.optimize takes ~0.5 s

    a = brentq(gap, low, high, xtol=1e-14)
    sigma = mean / rectified_moments(a, 1.0)[0]
    return a * sigma, sigma


def ou_parameters(rate: float, corr: float, tau: float) -> tuple[float, float]:
    """(mu, sigma) in Hz for a population rate (Hz), a total correlation and tau (ms)."""
    return normal_for_rectified(rate, math.sqrt(corr * rate / (2.0 * tau / 1000.0)))


def _neuron(refractory) -> Neuron:
    return Neuron(
        parameters={"mu": 0.0, "sigma": 0.0, "tau": 10.0},
        equations=[
            "dx/dt = (mu - x) / tau + sigma * Normal(0.0, 1.0) / sqrt(tau * dt)"
            " : population, init=0.0",
            "p = Uniform(0.0, 1.0) * 1000.0 / dt",
        ],
        spike="p < x",
        refractory=refractory,
        name="Homogeneous correlated spike trains",
        description="Poisson neurons driven by a common Ornstein-Uhlenbeck rate.",
    )


class HomogeneousCorrelatedSpikeTrains(Population):
    """Spiking neurons with correlated spike trains of rate ``rates`` (Hz) and total correlation
    ``corr`` (Brette 2009); ``tau`` (ms) is the correlation time.

    Parameters
    ----------
    geometry : int or tuple
        Shape of the population.
    rates : float or list of float
        Population rate in Hz (one per time of ``schedule`` when given).
    corr : float or list of float
        Total correlation in [0, 1] (one value, or one per time of ``schedule``).
    tau : float
        Correlation time constant in ms.
    schedule : list of float, optional
        Times (ms, the first one 0) at which ``rates`` and ``corr`` change.
    period : float
        Period in ms after which the schedule starts again (-1: no cycling).
    name : str, optional
        Unique name of the population.
    refractory : float, optional
        Refractory period in ms (it lowers the correlation).
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).
    """

    def __init__(
        self,
        geometry,
        rates,
        corr,
        tau,
        schedule=None,
        period=-1.0,
        name=None,
        refractory=None,
        copied=False,
        net_id=0,
    ):
        super().__init__(geometry, _neuron(refractory), name=name, net_id=net_id)
        self._stats = self._checked(rates, corr, tau, schedule)
        self._schedule, self._period = schedule, float(period)
        self._apply()
        self.x = self.mu  # start the rate at its stationary mean

    def _label(self) -> str:
        return f"HomogeneousCorrelatedSpikeTrains '{self.name or ''}'"

    def _checked(self, rates, corr, tau, schedule) -> tuple[np.ndarray, np.ndarray, float]:
        who = self._label()
        rates_a = np.atleast_1d(np.asarray(rates, dtype=np.float64))
        corr_a = np.atleast_1d(np.asarray(corr, dtype=np.float64))
        n = 1 if schedule is None else len(np.atleast_1d(schedule))
        if corr_a.size == 1:
            corr_a = np.repeat(corr_a, rates_a.size)
        if rates_a.ndim != 1 or rates_a.size != n or corr_a.size != n:
            raise InvalidConfiguration(
                f"{who}: rates and corr need one value each"
                + ("" if schedule is None else f" per time of the schedule ({n})")
                + f", got {rates_a.size} rates and {corr_a.size} correlations."
            )
        if np.any(rates_a < 0) or np.any((corr_a < 0) | (corr_a > 1)) or float(tau) <= 0:
            raise InvalidConfiguration(
                f"{who}: rates must be >= 0 Hz, corr within [0, 1] and tau > 0 ms."
            )
        if schedule is not None and float(np.atleast_1d(schedule)[0]) != 0.0:
            raise InvalidConfiguration(f"{who}: the first time of the schedule must be 0.")
        return rates_a, corr_a, float(tau)

    def _ou_rows(self) -> np.ndarray:
        rates, corr, tau = self._stats
        return np.array([ou_parameters(r, c, tau) for r, c in zip(rates, corr, strict=True)])

    def _apply(self) -> None:
        """Write mu, sigma (first row), tau and, once compiled, the schedule's rows."""
        rows = self._ou_rows()
        Population.__setattr__(self, "tau", self._stats[2])
        Population.__setattr__(self, "mu", rows[0, 0])
        Population.__setattr__(self, "sigma", rows[0, 1])
        if self._schedule is not None and self._net is not None and self._runtime() is not None:
            steps, period, _ = self._timed(self._net.dt)
            data = {"_steps": steps, "_period": period}
            data.update({"_rows_mu": rows[:, 0], "_rows_sigma": rows[:, 1]})
            write_runtime(self, data)

    def _timed(self, dt: float):
        who = self._label()
        steps = schedule_steps(who, self._schedule, len(self._stats[0]), dt)
        return steps, period_steps(who, self._period, dt), self._ou_rows()

    def _special_ir(self):
        if self._schedule is None:
            return None
        steps, period, rows = self._timed(self._net.dt)
        buffers = {"mu": rows[:, 0], "sigma": rows[:, 1]}
        return timed_special(steps, period, buffers, {"mu": False, "sigma": False})

    @property
    def rates(self):
        """Population rate in Hz (an array when a schedule is used)."""
        rates = self._stats[0]
        return float(rates[0]) if self._schedule is None else rates.copy()

    @property
    def corr(self):
        """Total correlation (an array when a schedule is used)."""
        corr = self._stats[1]
        return float(corr[0]) if self._schedule is None else corr.copy()

    def __setattr__(self, name: str, value) -> None:
        if name in ("rates", "corr", "tau") and "_stats" in self.__dict__:
            rates, corr, tau = self._stats
            new = {"rates": rates, "corr": corr, "tau": tau, name: value}
            self._stats = self._checked(new["rates"], new["corr"], new["tau"], self._schedule)
            self._apply()
            return
        super().__setattr__(name, value)

    def update(self, rates, corr, schedule=None, tau=None) -> None:
        """New rates and correlations (and optionally schedule and tau); restarts the schedule.

        Parameters
        ----------
        rates : float or list of float
            Population rate in Hz (one per time of ``schedule`` when given).
        corr : float or list of float
            Total correlation in [0, 1] (one value, or one per time of ``schedule``).
        schedule : list of float, optional
            Times (ms, the first one 0) at which ``rates`` and ``corr`` change.
        tau : float, optional
            Correlation time constant in ms (unchanged by default).
        """
        if schedule is not None:
            self._schedule = schedule
        tau = self._stats[2] if tau is None else tau
        self._stats = self._checked(rates, corr, tau, self._schedule)
        self._apply()
        if self._schedule is not None:
            write_runtime(self, TIMER_START)

    def reset(self, attributes=None) -> None:
        """Attributes back to their values at compile(); the schedule restarts.

        Parameters
        ----------
        attributes : list of str, optional
            The attributes to reset (all by default).
        """
        super().reset(attributes)
        if self._schedule is not None:
            write_runtime(self, TIMER_START)
