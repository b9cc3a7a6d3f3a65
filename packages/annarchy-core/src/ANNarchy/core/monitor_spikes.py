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
        return spikes

    def _window(self) -> tuple[int, int]:
        """The first and last recorded step of the last ``get('spike')``."""
        times = self._last_times.get("spike", {"start": [], "stop": []})
        start = times["start"][0] if times["start"] else 0
        stop = times["stop"][-1] if times["stop"] else self._net.current_step
        return int(start), int(stop)

    def raster_plot(self, spikes=None) -> tuple[np.ndarray, np.ndarray]:
        """Spike times (ms) and ranks of every recorded spike, for ``plot(t, n, '.')``."""
        data = self._spike_data(spikes)
        steps = [np.asarray(v, dtype=float) for v in data.values()]
        ranks = [np.full(len(v), r, dtype=int) for r, v in data.items()]
        times = np.concatenate(steps) * self._net.dt if steps else np.zeros(0)
        return times, (np.concatenate(ranks) if ranks else np.zeros(0, dtype=int))

    def histogram(self, spikes=None, bins=None, per_neuron=False, recording_window=None):
        """Number of spikes in successive bins of ``bins`` ms (default dt).

        The bins span the first to the last spike.
        """
        if per_neuron or recording_window is not None:
            raise NotImplementedError("histogram(): per_neuron/recording_window not supported.")
        data = self._spike_data(spikes)
        steps = np.concatenate([np.asarray(v, dtype=np.int64) for v in data.values()] or [[]])
        if steps.size == 0:
            return np.zeros(0, dtype=int)
        per_step = np.bincount(steps - steps.min())
        width = 1 if bins is None else max(1, int(round(bins / self._net.dt)))
        padded = np.zeros(-(-per_step.size // width) * width, dtype=int)
        padded[: per_step.size] = per_step
        return padded.reshape(-1, width).sum(axis=1)

    def inter_spike_interval(self, spikes=None, ranks=None, per_neuron=False):
        """Inter-spike intervals in ms, all together or ``{rank: [isi]}`` with ``per_neuron``."""
        data = self._spike_data(spikes)
        dt = self._net.dt
        chosen = data.keys() if ranks is None else ranks
        isi = {r: (np.diff(np.asarray(data[r], dtype=float)) * dt).tolist() for r in chosen}
        isi = {r: v for r, v in isi.items() if v}
        if per_neuron:
            return isi
        return [x for values in isi.values() for x in values]

    def coefficient_of_variation(self, spikes=None, ranks=None) -> list[float]:
        """Standard deviation over mean of the inter-spike intervals, for each neuron."""
        isi = self.inter_spike_interval(spikes, ranks=ranks, per_neuron=True)
        return [float(np.std(v) / np.mean(v)) for v in isi.values()]

    def mean_fr(self, spikes=None) -> float:
        """Mean firing rate (Hz) of the recorded neurons over the recording window."""
        data = self._spike_data(spikes)
        start, stop = self._window()
        duration = (stop - start) * self._net.dt
        if not data or duration <= 0:
            return 0.0
        total = sum(len(v) for v in data.values())
        return total / len(data) / duration * 1000.0

    def smoothed_rate(self, spikes=None, smooth: float = 0.0) -> np.ndarray:
        """Instantaneous rate (Hz, inverse ISI) of each neuron, optionally low-pass filtered.

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
        """Population firing rate (Hz) at each step of the recording window, optionally smoothed."""
        data = self._spike_data(spikes)
        start, stop = self._window()
        dt = self._net.dt
        counts = np.zeros(max(stop - start + 1, 0))
        for steps in data.values():
            np.add.at(counts, np.asarray(steps, dtype=np.int64) - start, 1)
        rate = counts / max(len(data), 1) / dt * 1000.0
        return _low_pass(rate[np.newaxis, :], smooth, dt, from_first=True)[0]


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
