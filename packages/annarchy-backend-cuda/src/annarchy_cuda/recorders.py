"""Recording on the device: every channel owns a device buffer; the host copies it back only
when it is full or when the data is fetched.

An array channel copies its array into the next row of its buffer at each recorded step (a
device-to-device copy, no synchronisation). A spike channel appends this step's (step, rank)
pairs (two flat buffers: steps int64, ranks int32) with a small kernel and a device fill counter; its buffer holds ``SPIKE_STEPS`` steps of
every neuron spiking, so the host drains it (one synchronisation) every ``SPIKE_STEPS`` records.
Spikes are returned sorted by step, then rank, like the CPU backend. The bookkeeping (ids,
periods, fetch) is ``annarchy_codegen.recording``'s.

Every write checks the room left (the spike kernel against the rows of its buffer, counting a
step that does not fit in ``fill[1]``); a write that does not fit is dropped and the runtime
raises ``RecordingMemoryError`` after the step. A buffer drained while the host lacks memory
for the copy is still copied (a bounded buffer), and the error is raised after the step too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ANNarchy.errors import RecordingMemoryError
from annarchy_codegen.recording import Recorder, RecorderBook, array_capacity, check_growth

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
    buffer: object = None  # spikes: the steps
    ranks: object = None  # spikes: the ranks
    fill: object = None  # spikes: device [rows filled, steps dropped for want of room]
    count: int = 0  # records written since the last drain
    capacity: int = 0
    overflow: int = 0  # records dropped for want of room
    chunks: list = field(default_factory=list)

    @property
    def rows(self) -> int:
        """Rows of the buffer."""
        return int(self.buffer.shape[0])

    def allocate(self, xp) -> None:
        if self.spikes:
            self.capacity = SPIKE_STEPS
            rows = SPIKE_STEPS * max(1, self.source.size)
            self.buffer = xp.zeros(rows, dtype=np.int64)
            self.ranks = xp.zeros(rows, dtype=np.int32)
            self.fill = xp.zeros(2, dtype=np.uint64)
        else:
            self.capacity = array_capacity(self.source.nbytes, BUFFER_BYTES, MAX_RECORDS)
            self.buffer = xp.zeros((self.capacity, *self.source.shape), dtype=self.source.dtype)

    def drain(self, what: str | None = None) -> None:
        """Copy the buffer to the host; ``what`` (a name): check first that the copy fits in
        the memory available (``RecordingMemoryError``, raised after the copy)."""
        error = None
        if self.spikes:
            filled, dropped = (int(x) for x in to_host(self.fill)[:2])
            self.overflow += dropped
        else:
            filled = self.count
        if what is not None and filled:
            try:
                row_bytes = (
                    self.buffer.itemsize + self.ranks.itemsize
                    if self.spikes
                    else int(self.buffer[:1].nbytes)
                )
                check_growth(filled * row_bytes, what)
            except RecordingMemoryError as exc:
                error = exc
        if filled and self.spikes:
            self.chunks.append((to_host(self.buffer[:filled]), to_host(self.ranks[:filled])))
        elif filled:
            self.chunks.append(to_host(self.buffer[:filled]))
        if self.spikes:
            self.fill[...] = 0
        self.count = 0
        if error is not None:
            raise error

    def take(self):
        chunks, self.chunks = self.chunks, []
        if self.spikes:
            steps = _merge([c[0] for c in chunks], np.int64)
            return _by_step_then_rank(steps, _merge([c[1] for c in chunks], np.int32))
        if chunks:
            return np.concatenate(chunks)
        return np.zeros((0, *self.source.shape), self.buffer.dtype)


def _merge(chunks: list, dtype) -> np.ndarray:
    if len(chunks) == 1:
        return chunks[0]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype)


def _by_step_then_rank(steps: np.ndarray, ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The spikes sorted by step, then rank (the device appends a step's spikes in any order):
    one sort of 64-bit keys (step in the high bits) where the steps fit, else a lexsort."""
    if steps.size < 2:
        return steps, ranks
    if steps.min() >= 0 and steps.max() < 1 << 31:
        key = steps << 32
        key |= ranks.astype(np.int64)
        key.sort()
        return key >> 32, (key & 0xFFFFFFFF).astype(np.int32)
    order = np.lexsort((ranks, steps))
    return steps[order], ranks[order]


class RecorderSet(RecorderBook):
    """The recorders of one runtime. ``record_spikes(channel, step)`` appends one step of
    spikes to a channel's device buffer (a kernel launch, given by the runtime)."""

    def __init__(self, xp, record_spikes) -> None:
        super().__init__()
        self.xp = xp
        self.record_spikes = record_spikes
        self.error: RecordingMemoryError | None = None  # raised by ``raise_pending``
        self.pending = False  # an error or an overflow waits for ``raise_pending``

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
                if channel.count >= channel.capacity:  # never: full buffers are drained
                    channel.overflow += 1
                    self.pending = True
                    continue
                if channel.spikes:
                    self.record_spikes(channel, step)
                else:
                    channel.buffer[channel.count] = channel.source
                channel.count += 1
                if channel.count >= channel.capacity:
                    self._drain(recorder, channel)

    def _drain(self, recorder: Recorder, channel: Channel) -> None:
        try:
            channel.drain(recorder.describe(channel))
        except RecordingMemoryError as exc:
            self.error = self.error or exc
        self.pending = self.pending or self.error is not None or channel.overflow > 0

    def raise_pending(self) -> None:
        """After a step: raise the error of a buffer that overflowed or of a host that lacks
        memory for the recorded data (the data recorded so far stays fetchable)."""
        self.pending = False
        for recorder in self.recorders.values():
            for channel in recorder.channels:
                if channel.overflow:
                    lost, channel.overflow = channel.overflow, 0
                    raise RecordingMemoryError(
                        f"The recorder buffer of {recorder.describe(channel)} was full: "
                        f"{lost} record(s) were dropped (please report this). The data recorded "
                        "before is kept (monitor.get())."
                    )
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _allocate(self, channel: Channel) -> None:
        channel.allocate(self.xp)

    def _drain_for(self, recorder: Recorder) -> None:
        for channel in recorder.channels:
            channel.drain()
