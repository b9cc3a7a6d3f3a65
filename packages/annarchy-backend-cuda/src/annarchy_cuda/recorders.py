"""Recording on the device: every channel owns a device buffer; the host copies it back only
when it is full or when the data is fetched.

An array channel copies its array into the next row of its buffer at each recorded step (a
device-to-device copy, no synchronisation). A spike channel appends this step's (step, rank)
pairs with a small kernel and a device fill counter; its buffer holds ``SPIKE_STEPS`` steps of
every neuron spiking, so the host drains it (one synchronisation) every ``SPIKE_STEPS`` records.
Spikes are returned sorted by step, then rank, like the CPU backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ANNarchy.errors import InvalidConfiguration

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
            nbytes = max(self.source.nbytes, 1)
            self.capacity = int(min(MAX_RECORDS, max(1, BUFFER_BYTES // nbytes)))
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


@dataclass
class Recorder:
    owner: str
    channels: list[Channel]
    period: int
    offset: int
    active: bool = True

    def due(self, step: int) -> bool:
        return self.active and step >= self.offset and (step - self.offset) % self.period == 0


class RecorderSet:
    """The recorders of one runtime. ``record_spikes(channel, step)`` appends one step of
    spikes to a channel's device buffer (a kernel launch, given by the runtime)."""

    def __init__(self, xp, record_spikes) -> None:
        self.xp = xp
        self.record_spikes = record_spikes
        self.recorders: dict[int, Recorder] = {}
        self.next_id = 0

    def add(self, recorder: Recorder) -> int:
        if recorder.period < 1:
            raise InvalidConfiguration(
                f"A recording period must be >= 1 step, not {recorder.period}."
            )
        for channel in recorder.channels:
            channel.allocate(self.xp)
        rec_id = self.next_id
        self.next_id += 1
        self.recorders[rec_id] = recorder
        return rec_id

    def get(self, rec_id: int) -> Recorder:
        try:
            return self.recorders[rec_id]
        except KeyError:
            raise InvalidConfiguration(f"No recorder with id {rec_id}.") from None

    def remove(self, rec_id: int) -> None:
        self.get(rec_id)
        del self.recorders[rec_id]

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

    def fetch(self, rec_id: int) -> dict:
        out = {}
        for channel in self.get(rec_id).channels:
            channel.drain()
            data = channel.take()
            if channel.gather is not None:
                data = data[:, channel.gather]
            out[channel.name] = data
        return out
