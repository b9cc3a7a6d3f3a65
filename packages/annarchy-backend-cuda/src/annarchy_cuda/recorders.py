"""Recording on the device: every channel owns a device buffer; the host copies it back only
when it is full or when the data is fetched.

An array channel copies its array into the next row of its buffer at each recorded step (a
device-to-device copy, no synchronisation). A spike channel appends this step's (step, rank)
pairs with a small kernel and a device fill counter; its buffer holds ``SPIKE_STEPS`` steps of
every neuron spiking, so the host drains it (one synchronisation) every ``SPIKE_STEPS`` records.
Spikes are returned sorted by step, then rank, like the CPU backend. The bookkeeping (ids,
periods, fetch) is ``ANNarchy.codegen.recording``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ANNarchy.codegen.recording import Recorder, RecorderBook, array_capacity

__all__ = ["BUFFER_BYTES", "MAX_RECORDS", "SPIKE_STEPS", "Channel", "Recorder", "RecorderSet"]

#: bytes of device buffer per array channel (at least one record, at most MAX_RECORDS)
BUFFER_BYTES = 16 << 20
MAX_RECORDS = 4096
#: records a spike buffer holds before the host drains it
SPIKE_STEPS = 64


def to_host(array) -> np.ndarray:
    get = getattr(array, "get", None)
    return get() if get is not None else np.array(array, copy=True)


@dataclass
class Channel:
    name: str
    source: object  # the device array recorded; spikes: the spike list of the population
    spikes: bool
    count_view: object = None  # spikes: 1-element view of the population's spike count
    gather: np.ndarray | None = None  # masked dense storage: cells of the synapses (CSR order)
    phase: int = 1  # 0: right after the inputs of the step (conductances), 1: at its end
    buffer: object = None
    fill: object = None  # spikes: device fill counter
    count: int = 0  # records written since the last drain
    capacity: int = 0
    chunks: list = field(default_factory=list)

    def allocate(self, xp) -> None:
        if self.spikes:
            self.capacity = SPIKE_STEPS
            self.buffer = xp.zeros((SPIKE_STEPS * max(1, self.source.size), 2), dtype=np.int64)
            self.fill = xp.zeros(1, dtype=np.uint64)
        else:
            self.capacity = array_capacity(self.source.nbytes, BUFFER_BYTES, MAX_RECORDS)
            self.buffer = xp.zeros((self.capacity, *self.source.shape), dtype=self.source.dtype)

    def drain(self) -> None:
        if self.spikes:
            filled = int(to_host(self.fill)[0])
            if filled:
                self.chunks.append(to_host(self.buffer[:filled]))
            self.fill[...] = 0
        elif self.count:
            self.chunks.append(to_host(self.buffer[: self.count]))
        self.count = 0

    def take(self):
        if self.chunks:
            data = np.concatenate(self.chunks)
        else:
            data = np.zeros((0, 2) if self.spikes else (0, *self.source.shape), self.buffer.dtype)
        self.chunks = []
        if self.spikes:
            order = np.lexsort((data[:, 1], data[:, 0]))
            return data[order, 0].copy(), data[order, 1].copy()
        return data


class RecorderSet(RecorderBook):
    """The recorders of one runtime. ``record_spikes(channel, step)`` appends one step of
    spikes to a channel's device buffer (a kernel launch, given by the runtime)."""

    def __init__(self, xp, record_spikes) -> None:
        super().__init__()
        self.xp = xp
        self.record_spikes = record_spikes

    def set_active(self, rec_id: int, active: bool) -> None:
        self.get(rec_id).active = bool(active)

    def record(self, step: int, phase: int) -> None:
        """Record every due channel of ``phase`` at ``step``."""
        for recorder in self.recorders.values():
            if not recorder.due(step):
                continue
            for channel in recorder.channels:
                if channel.phase != phase:
                    continue
                if channel.spikes:
                    self.record_spikes(channel, step)
                else:
                    channel.buffer[channel.count] = channel.source
                channel.count += 1
                if channel.count >= channel.capacity:
                    channel.drain()

    def _allocate(self, channel: Channel) -> None:
        channel.allocate(self.xp)

    def _drain_for(self, recorder: Recorder) -> None:
        for channel in recorder.channels:
            channel.drain()
