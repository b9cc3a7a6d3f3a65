"""Spike-train analysis of a monitor recording ``'spike'``: raster plots, histograms, rates.

Every method takes the ``{rank: [steps]}`` dictionary of ``Monitor.get('spike')``; without it,
the method calls ``get('spike')`` itself (which empties the monitor's buffer).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidConfiguration


class SpikeAnalysis:
    """Mixin of ``Monitor`` with the spike-train utilities."""

    def _spike_data(self, spikes) -> dict[int, list[int]]:
        if spikes is None:
            if "spike" not in self._variables:
                raise InvalidConfiguration(
                    f"Monitor '{self.name}' does not record 'spike': create it with "
                    "net.monitor(pop, 'spike')."
                )
            return self.get("spike")
        if not isinstance(spikes, dict):
            raise InvalidConfiguration(
                "Spike analysis expects the dictionary returned by monitor.get('spike')."
            )
        if isinstance(spikes.get("spike"), dict):  # what monitor.get() returns
            return spikes["spike"]
        return spikes

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
        steps = [np.asarray(v, dtype=float) for v in data.values()]
        ranks = [np.full(len(v), r, dtype=int) for r, v in data.items()]
        times = np.concatenate(steps) * self._net.dt if steps else np.zeros(0)
        return times, (np.concatenate(ranks) if ranks else np.zeros(0, dtype=int))

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
        trains = {r: np.asarray(v, dtype=np.int64) for r, v in data.items()}
        window = _histogram_window(self.name, trains, recording_window)
        n_rows = max(trains, default=-1) + 1 if per_neuron else 1
        if window is None:
            return np.zeros((n_rows, 0) if per_neuron else 0, dtype=int)
        first, last = window
        counts = np.zeros((n_rows, (last - first) // width + 1), dtype=int)
        for rank, steps in trains.items():
            steps = steps[(steps >= first) & (steps <= last)]
            np.add.at(counts[rank if per_neuron else 0], (steps - first) // width, 1)
        return counts if per_neuron else counts[0]

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
        dt = self._net.dt
        chosen = data.keys() if ranks is None else [r for r in data if r in set(ranks)]
        isi = {r: (np.diff(np.asarray(data[r], dtype=float)) * dt).tolist() for r in chosen}
        isi = {r: v for r, v in isi.items() if v}
        if per_neuron:
            return isi
        return [x for values in isi.values() for x in values]

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
        isi = self.inter_spike_interval(spikes, ranks=ranks, per_neuron=True)
        return [float(np.std(v) / np.mean(v)) for v in isi.values() if len(v) >= 2]

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
        if not data or duration <= 0:
            return 0.0
        total = sum(len(v) for v in data.values())
        return total / len(data) / duration * 1000.0

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
        rates = np.zeros((len(data), max(stop - start, 0)))
        for row, steps in enumerate(data.values()):
            for a, b in zip(steps[:-1], steps[1:], strict=True):
                rates[row, a - start : b - start] = 1000.0 / ((b - a) * dt)
        return _low_pass(rates, smooth, dt)

    def population_rate(self, spikes=None, smooth: float = 0.0) -> np.ndarray:
        """Population firing rate (Hz) at each step of the recording window, optionally smoothed.

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
        counts = np.zeros(max(stop - start + 1, 0))
        for steps in data.values():
            np.add.at(counts, np.asarray(steps, dtype=np.int64) - start, 1)
        rate = counts / max(len(data), 1) / dt * 1000.0
        return _low_pass(rate[np.newaxis, :], smooth, dt, from_first=True)[0]


def _histogram_window(name: str, trains: dict, window) -> tuple[int, int] | None:
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
    steps = [s for s in trains.values() if s.size]
    if not steps:
        return None
    return int(min(s.min() for s in steps)), int(max(s.max() for s in steps))


def _low_pass(rates: np.ndarray, smooth: float, dt: float, from_first: bool = False) -> np.ndarray:
    """First-order low-pass filter along the last axis with time constant ``smooth`` (ms).

    The filter starts from 0, or from the first sample with ``from_first`` (as the reference's
    ``population_rate()``).
    """
    if smooth <= 0.0 or rates.shape[-1] == 0:
        return rates
    out = np.zeros_like(rates)
    alpha = dt / smooth
    previous = rates[..., 0].copy() if from_first else np.zeros(rates.shape[:-1])
    for t in range(rates.shape[-1]):
        previous = previous + alpha * (rates[..., t] - previous)
        out[..., t] = previous
    return out
