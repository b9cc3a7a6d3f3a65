"""Generic recorders: channels that the library fills every ``period`` steps from ``offset``.

A channel copies one array (any population or projection array) into a buffer, or appends the
spikes of a population to two flat buffers: the step (int64) and the rank (int32) of each. Buffers are numpy arrays owned here; the library
checks the room left at every write (a write that does not fit is dropped and counted in the
``overflow`` field), returns early from ``ann_run`` when a buffer is nearly full, and the
runtime calls ``drain_full`` after every call to the library that reports such a buffer (a
negative step count), so that a buffer always has room for one more step, whatever the number
of steps the call ran. Nothing is generated per recorder, so recorders can be added at any
time after load. The bookkeeping (ids, periods, fetch) is ``annarchy_codegen.recording``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ANNarchy.errors import RecordingMemoryError
from annarchy_codegen.recording import (
    CHECK_BYTES,
    Recorder,
    RecorderBook,
    array_capacity,
    check_growth,
)

from .codegen import RECORDER_FIELDS

__all__ = [
    "BUFFER_BYTES",
    "MAX_RECORDS",
    "SPIKE_ROWS",
    "SPIKE_STEPS",
    "Channel",
    "Recorder",
    "RecorderSet",
]

F = {name: k for k, name in enumerate(RECORDER_FIELDS)}
#: bytes of buffer per array channel (at least one record, at most MAX_RECORDS)
BUFFER_BYTES = 8 << 20
MAX_RECORDS = 4096
#: rows ((step, rank) pairs) of a spike buffer: at least SPIKE_ROWS, or SPIKE_STEPS steps of
#: every neuron spiking
SPIKE_ROWS = 1 << 16
SPIKE_STEPS = 16


@dataclass
class Channel:
    name: str
    source: np.ndarray  # the array recorded (array channels) or the spike list (spikes)
    spikes: bool
    aux: int = 0  # spikes: index of the spike count in the ints; array: unused
    gather: np.ndarray | None = None  # masked dense storage: cells of the synapses (CSR order)
    phase: int = 1  # 0: right after the inputs of the step (conductances), 1: at its end
    buffer: np.ndarray | None = None  # spikes: the steps
    ranks: np.ndarray | None = None  # spikes: the ranks
    chunks: list = field(default_factory=list)
    capacity: int = 0

    def allocate(self) -> None:
        if self.spikes:
            n = self.source.size
            self.capacity = max(SPIKE_STEPS * n, SPIKE_ROWS, n)
            self.buffer = np.zeros(self.capacity, dtype=np.int64)
            self.ranks = np.zeros(self.capacity, dtype=np.int32)
        else:
            self.capacity = array_capacity(self.source.nbytes, BUFFER_BYTES, MAX_RECORDS)
            self.buffer = np.zeros((self.capacity, *self.source.shape), dtype=self.source.dtype)

    def row(self, period: int, offset: int, active: bool) -> np.ndarray:
        row = np.zeros(len(RECORDER_FIELDS), dtype=np.int64)
        row[F["active"]] = int(active)
        row[F["period"]] = period
        row[F["offset"]] = offset
        row[F["kind"]] = int(self.spikes)
        row[F["src"]] = self.source.ctypes.data
        row[F["nbytes"]] = self.source.size if self.spikes else self.source.nbytes
        row[F["dst"]] = self.buffer.ctypes.data
        row[F["capacity"]] = self.capacity
        row[F["count"]] = 0
        row[F["aux"]] = self.aux
        row[F["phase"]] = self.phase
        row[F["ranks"]] = self.ranks.ctypes.data if self.spikes else 0
        return row

    @property
    def step_room(self) -> int:
        """The room (in buffer rows) one recorded step may take."""
        return self.source.size if self.spikes else 1

    @property
    def record_bytes(self) -> int:
        """Bytes of one buffer row (a record, or one spike)."""
        if self.spikes:
            return self.buffer.itemsize + self.ranks.itemsize
        return int(self.buffer[:1].nbytes)

    def drain(self, count: int) -> None:
        if not count:
            return
        if self.spikes:
            self.chunks.append((self.buffer[:count].copy(), self.ranks[:count].copy()))
        else:
            self.chunks.append(self.buffer[:count].copy())

    def take(self):
        chunks, self.chunks = self.chunks, []
        if self.spikes:
            steps = _merge([c[0] for c in chunks], self.buffer)
            return steps, _merge([c[1] for c in chunks], self.ranks)
        return _merge(chunks, self.buffer)


def _merge(chunks: list, like: np.ndarray) -> np.ndarray:
    """The chunks as one array (the chunk itself when there is one)."""
    if len(chunks) == 1:
        return chunks[0]
    return np.concatenate(chunks) if chunks else like[:0].copy()


class RecorderSet(RecorderBook):
    """The recorders of one runtime and the channel table the library reads."""

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self.table = np.zeros((0, len(RECORDER_FIELDS)), dtype=np.int64)
        self._rows: list[tuple[int, Channel]] = []
        self._counts = self.table[:0, F["count"]]  # view of the count column
        self._limit = np.zeros(0, dtype=np.int64)  # past this count, no room for one more step
        self.blocked = False  # a memory error left full buffers (drain before the next run)
        self.step_bytes = 0  # bytes the array channels record at a step (all of them due)
        self._rebuild()

    def set_active(self, rec_id: int, active: bool) -> None:
        recorder = self.get(rec_id)
        recorder.active = active
        for row, (owner_id, _) in enumerate(self._rows):
            if owner_id == rec_id:
                self.table[row, F["active"]] = int(active)

    def drain(self, check: bool = False) -> None:
        """Move what the library wrote into the channels' chunks and empty the buffers;
        ``check``: first make sure the copies fit in the memory available."""
        if check:
            self.blocked = True
            self._check_growth()
        self.blocked = False
        for row, (_, channel) in enumerate(self._rows):
            channel.drain(int(self.table[row, F["count"]]))
            self.table[row, F["count"]] = 0

    def check_run(self, step: int, nsteps: int) -> None:
        """Before a run: drain buffers left full by a memory error, and refuse a recording
        that would not fit in memory (see ``check_memory``)."""
        if self.blocked:
            self.drain_full()
        if nsteps * self.step_bytes >= CHECK_BYTES:
            self.check_memory(step, nsteps)

    def drain_full(self) -> None:
        """After a call to the library that reports a nearly full buffer: drain when a buffer
        has no room for one more step; raise when a write did not fit (what was written stays
        fetchable) or when the copies do not fit in memory (the buffers stay full)."""
        if not (self._counts > self._limit).any():  # a write that did not fit is past too
            return
        overflow = self.table[: len(self._rows), F["overflow"]]
        if overflow.any():
            self.drain()
            self._raise_overflow(int(np.flatnonzero(overflow)[0]))
        self.drain(check=True)

    def _check_growth(self) -> None:
        nbytes, names = 0, []
        for row, (rec_id, channel) in enumerate(self._rows):
            count = int(self.table[row, F["count"]])
            if count:
                nbytes += count * channel.record_bytes
                names.append(self.recorders[rec_id].describe(channel))
        if nbytes:
            check_growth(nbytes, ", ".join(names))

    def _raise_overflow(self, row: int) -> None:
        rec_id, channel = self._rows[row]
        lost = int(self.table[row, F["overflow"]])
        self.table[: len(self._rows), F["overflow"]] = 0
        raise RecordingMemoryError(
            f"The recorder buffer of {self.recorders[rec_id].describe(channel)} was full: "
            f"{lost} record(s) were dropped (the runtime did not empty it in time; please report "
            "this). The data recorded before is kept (monitor.get())."
        )

    def _allocate(self, channel: Channel) -> None:
        channel.allocate()

    def _before_change(self) -> None:
        self.drain()

    def _after_change(self) -> None:
        self._rebuild()

    def _drain_for(self, recorder: Recorder) -> None:
        self.drain()

    def _rebuild(self) -> None:
        self._rows = [(rec_id, ch) for rec_id, rec in self.recorders.items() for ch in rec.channels]
        table = np.zeros((max(1, len(self._rows)), len(RECORDER_FIELDS)), dtype=np.int64)
        for row, (rec_id, channel) in enumerate(self._rows):
            rec = self.recorders[rec_id]
            table[row] = channel.row(rec.period, rec.offset, rec.active)
        self.table = table
        room = np.asarray([ch.step_room for _, ch in self._rows], dtype=np.int64)
        self.step_bytes = sum(ch.source.nbytes for _, ch in self._rows if not ch.spikes)
        self._counts = table[: len(self._rows), F["count"]]
        self._limit = table[: len(self._rows), F["capacity"]] - room
        self.state.set_table(self.table, len(self._rows))
