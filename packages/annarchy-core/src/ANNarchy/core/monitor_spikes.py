"""Spike-train analysis of a monitor recording ``'spike'``: raster plots, histograms, rates.

Every method takes the ``{rank: [steps]}`` dictionary of ``Monitor.get('spike')``; without it,
the method calls ``get('spike')`` itself (which empties the monitor's buffer).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidConfiguration
from .monitor_trains import FlatTrains, shared_floats


class SpikeAnalysis:
    """Mixin of ``Monitor`` with the spike-train utilities (vectorised over all spikes)."""

    def _spike_data(self, spikes) -> FlatTrains:
        if spikes is None:
            if "spike" not in self._variables:
                raise InvalidConfiguration(
                    f"Monitor '{self.name}' does not record 'spike': create it with "
                    "net.monitor(pop, 'spike')."
                )
            return self._take_spikes()
        if not isinstance(spikes, dict):
            raise InvalidConfiguration(
                "Spike analysis expects the dictionary returned by monitor.get('spike')."
            )
        if isinstance(spikes.get("spike"), dict):  # what monitor.get() returns
            spikes = spikes["spike"]
        return FlatTrains.from_dict(spikes)

    def _window(self) -> tuple[int, int]:
        """The first and last recorded step of the last ``get('spike')``."""
        times = self._last_times.get("spike", {"start": [], "stop": []})
        start = times["start"][0] if times["start"] else 0
        stop = times["stop"][-1] if times["stop"] else self._net.current_step
        return int(start), int(stop)

    def raster_plot(self, spikes=None) -> tuple[np.ndarray, np.ndarray]:
        """Spike times (ms) and ranks of every recorded spike, for ``plot(t, n, '.')``.

        Parameters
        ----------
        spikes : dict, optional
            Spikes returned by ``get('spike')`` (default: fetched from the monitor, which empties
            it).

        Returns
        -------
        times, ranks : numpy.ndarray
            Time in ms and rank of each spike.
        """
        data = self._spike_data(spikes)
        return data.steps.astype(np.float64) * self._net.dt, data.ranks()

    def histogram(self, spikes=None, bins=None, per_neuron=False, recording_window=None):
        """Number of spikes in successive bins of ``bins`` ms (default dt).

        Parameters
        ----------
        spikes : dict, optional
            ``{rank: [steps]}`` of ``get('spike')`` (default: ``get('spike')``, which empties
            the monitor).
        bins : float, optional
            Width of a bin in ms (default: dt).
        per_neuron : bool
            One histogram per rank, from 0 to the largest rank of ``spikes`` (shape
            ``(max rank + 1, bins)``); else the sum over the neurons.
        recording_window : tuple of int, optional
            ``(first, last)`` step covered by the bins (default: the first and last spike);
            spikes outside it are not counted.

        Returns
        -------
        numpy.ndarray
            ``(last - first) // width + 1`` counts, per neuron with ``per_neuron``.
        """
        data = self._spike_data(spikes)
        width = 1 if bins is None else max(1, int(round(bins / self._net.dt)))
        steps = data.steps
        window = _histogram_window(self.name, steps, recording_window)
        n_rows = int(data.keys.max(initial=-1)) + 1 if per_neuron else 1
        if window is None:
            return np.zeros((n_rows, 0) if per_neuron else 0, dtype=int)
        first, last = window
        n_bins = (last - first) // width + 1
        inside = (steps >= first) & (steps <= last)
        cells = (steps[inside] - first) // width
        if not per_neuron:
            return np.bincount(cells, minlength=n_bins).astype(int, copy=False)
        cells += data.ranks()[inside] * n_bins
        counts = np.bincount(cells, minlength=n_rows * n_bins).astype(int, copy=False)
        return counts.reshape(n_rows, n_bins)

    def inter_spike_interval(self, spikes=None, ranks=None, per_neuron=False):
        """Inter-spike intervals in ms, all together or ``{rank: [isi]}`` with ``per_neuron``.

        Neurons with fewer than two spikes (no interval), and ranks not in ``spikes``, are left
        out.

        Parameters
        ----------
        spikes : dict, optional
            Spikes returned by ``get('spike')`` (default: fetched from the monitor, which empties
            it).
        ranks : list of int, optional
            Only these neurons (default: all recorded ones).
        per_neuron : bool
            Return a dictionary ``{rank: intervals}`` instead of one list.

        Returns
        -------
        list of float or dict
        """
        data = self._spike_data(spikes)
        if ranks is not None:
            data = data.select(ranks)
        intervals, ptr = _intervals(data)
        isi = shared_floats(intervals, self._net.dt)
        del intervals
        if not per_neuron:
            return isi.tolist()
        bounds = ptr.tolist()
        out = {}
        for g, rank in enumerate(data.keys.tolist()):
            if bounds[g + 1] > bounds[g]:
                out[rank] = isi[bounds[g] : bounds[g + 1]].tolist()
        return out

    def coefficient_of_variation(self, spikes=None, ranks=None) -> list[float]:
        """Standard deviation over mean of the inter-spike intervals, for each neuron.

        Neurons with fewer than two inter-spike intervals (three spikes) are left out, as in
        the reference.

        Parameters
        ----------
        spikes : dict, optional
            Spikes returned by ``get('spike')`` (default: fetched from the monitor, which empties
            it).
        ranks : list of int, optional
            Only these neurons (default: all recorded ones).

        Returns
        -------
        list of float
        """
        data = self._spike_data(spikes)
        if ranks is not None:
            data = data.select(ranks)
        intervals, ptr = _intervals(data)
        counts = np.diff(ptr)
        used = counts >= 2
        if not used.any():
            return []
        starts, counts = ptr[:-1][used], counts[used]
        isi = intervals.astype(np.float64)
        del intervals
        isi *= self._net.dt
        # two passes per neuron (mean, then squared deviations), as numpy's std
        mean = _sums(isi, starts, counts) / counts
        for lo, n, m in zip(starts.tolist(), counts.tolist(), mean.tolist(), strict=True):
            isi[lo : lo + n] -= m
        np.square(isi, out=isi)
        var = _sums(isi, starts, counts) / counts
        with np.errstate(divide="ignore", invalid="ignore"):
            return (np.sqrt(var) / mean).tolist()

    def mean_fr(self, spikes=None) -> float:
        """Mean firing rate (Hz) of the recorded neurons over the recording window.

        Parameters
        ----------
        spikes : dict, optional
            Spikes returned by ``get('spike')`` (default: fetched from the monitor, which empties
            it).

        Returns
        -------
        float
            Spikes per neuron per second, over every recorded segment.
        """
        data = self._spike_data(spikes)
        start, stop = self._window()
        duration = (stop - start) * self._net.dt
        if data.keys.size == 0 or duration <= 0:
            return 0.0
        return data.size / data.keys.size / duration * 1000.0

    def smoothed_rate(self, spikes=None, smooth: float = 0.0) -> np.ndarray:
        """Instantaneous rate (Hz, inverse ISI) of each neuron, optionally low-pass filtered.

        Parameters
        ----------
        spikes : dict, optional
            Spikes returned by ``get('spike')`` (default: fetched from the monitor, which empties
            it).
        smooth : float
            Time constant in ms of the low-pass filter (0: none).

        Returns
        -------
        numpy.ndarray
            Shape (neurons, steps of the recording window).
        """
        data = self._spike_data(spikes)
        start, stop = self._window()
        dt = self._net.dt
        width = max(stop - start, 0)
        rates = np.zeros((data.keys.size, width))
        steps = data.steps - start
        bounds = data.ptr.tolist()
        for row in range(data.keys.size):
            train = steps[bounds[row] : bounds[row + 1]]
            if train.size < 2:
                continue
            lengths = np.diff(train)
            values = np.repeat(1000.0 / (lengths * dt), lengths)
            first, last = int(train[0]), int(train[-1])
            lo, hi = max(first, 0), min(last, width)
            if hi > lo:
                rates[row, lo:hi] = values[lo - first : hi - first]
        return _low_pass(rates, smooth, dt)

    def population_rate(self, spikes=None, smooth: float = 0.0) -> np.ndarray:
        """Population firing rate (Hz) at each step of the recording window, optionally smoothed.

        Spikes outside the window of the last ``get('spike')`` are not counted.

        Parameters
        ----------
        spikes : dict, optional
            Spikes returned by ``get('spike')`` (default: fetched from the monitor, which empties
            it).
        smooth : float
            Time constant in ms of the low-pass filter (0: none).

        Returns
        -------
        numpy.ndarray
            One value per step.
        """
        data = self._spike_data(spikes)
        start, stop = self._window()
        dt = self._net.dt
        size = max(stop - start + 1, 0)
        counts = np.bincount(_offsets(data.steps, start, size), minlength=size)
        counts = counts.astype(np.float64)
        rate = counts / max(data.keys.size, 1) / dt * 1000.0
        return _low_pass(rate[np.newaxis, :], smooth, dt, from_first=True)[0]


def _offsets(steps: np.ndarray, start: int, size: int) -> np.ndarray:
    """``steps - start`` of the steps in ``[start, start + size)`` (``steps`` itself, without a
    copy, when they all are and ``start`` is 0)."""
    if steps.size == 0:
        return np.zeros(0, dtype=np.int64)
    if int(steps.min()) >= start and int(steps.max()) < start + size:
        return steps - start if start else steps
    return steps[(steps >= start) & (steps < start + size)] - start


def _sums(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sums of ``values[start:start + count]`` (non-empty slices in increasing order)."""
    bounds = np.empty(2 * starts.size, dtype=np.int64)
    bounds[0::2] = starts
    bounds[1::2] = starts + counts
    if bounds[-1] == values.size:
        bounds = bounds[:-1]
    return np.add.reduceat(values, bounds)[0::2]


def _intervals(data: FlatTrains) -> tuple[np.ndarray, np.ndarray]:
    """Inter-spike intervals in steps, neuron by neuron, and where each neuron's start."""
    steps = data.steps
    counts = np.maximum(data.counts - 1, 0)
    ptr = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    if steps.size < 2:
        return np.zeros(0, dtype=np.int64), ptr
    diffs = np.diff(steps)
    keep = np.ones(diffs.size, dtype=bool)
    ends = data.ptr[1:-1] - 1  # the pairs that straddle two neurons
    keep[ends[(ends >= 0) & (ends < diffs.size)]] = False
    return diffs[keep], ptr


def _histogram_window(name: str, steps: np.ndarray, window) -> tuple[int, int] | None:
    """The (first, last) step of a histogram: ``window`` checked, or the spikes' extent."""
    if window is not None:
        try:
            first, last = (int(x) for x in window)
        except (TypeError, ValueError):
            raise InvalidConfiguration(
                f"Monitor '{name}': histogram() expects recording_window=(first, last) in "
                f"steps, got {window!r}."
            ) from None
        if last < first:
            raise InvalidConfiguration(
                f"Monitor '{name}': histogram() recording_window {window!r} ends before it starts."
            )
        return first, last
    if not steps.size:
        return None
    return int(steps.min()), int(steps.max())


def _low_pass(rates: np.ndarray, smooth: float, dt: float, from_first: bool = False) -> np.ndarray:
    """First-order low-pass filter along the last axis with time constant ``smooth`` (ms).

    The filter starts from 0, or from the first sample with ``from_first`` (as the reference's
    ``population_rate()``).
    """
    if smooth <= 0.0 or rates.shape[-1] == 0:
        return rates
    from scipy.signal import lfilter

    alpha = dt / smooth
    decay = 1.0 - alpha
    previous = rates[..., :1] if from_first else np.zeros((*rates.shape[:-1], 1))
    out, _ = lfilter([alpha], [1.0, -decay], rates, axis=-1, zi=decay * previous)
    return out
