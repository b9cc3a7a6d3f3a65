"""Generic recorders: channels that the library fills every ``period`` steps from ``offset``.

A channel copies one array (any population or projection array) into a buffer, or appends the
spikes of a population as (step, rank) pairs. Buffers are numpy arrays owned here; when one is
full the library returns early from ``ann_run`` and the runtime drains it. Nothing is generated
per recorder, so recorders can be added at any time after load. The bookkeeping (ids, periods,
fetch) is ``ANNarchy.codegen.recording``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ANNarchy.codegen.recording import Recorder, RecorderBook, array_capacity

from .codegen import RECORDER_FIELDS

__all__ = ["BUFFER_BYTES", "MAX_RECORDS", "Channel", "Recorder", "RecorderSet"]

F = {name: k for k, name in enumerate(RECORDER_FIELDS)}
#: bytes of buffer per array channel (at least one record, at most MAX_RECORDS)
BUFFER_BYTES = 8 << 20
MAX_RECORDS = 4096


@dataclass
class Channel:
    name: str
    source: np.ndarray  # the array recorded (array channels) or the spike list (spikes)
    spikes: bool
    aux: int = 0  # spikes: index of the spike count in the ints; array: unused
    gather: np.ndarray | None = None  # masked dense storage: cells of the synapses (CSR order)
    phase: int = 1  # 0: right after the inputs of the step (conductances), 1: at its end
    buffer: np.ndarray | None = None
    chunks: list = field(default_factory=list)
    capacity: int = 0

    def allocate(self) -> None:
        if self.spikes:
            n = self.source.size
            self.capacity = max(16 * n, 1 << 16)
            self.buffer = np.zeros((self.capacity, 2), dtype=np.int64)
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
        return row

    def drain(self, count: int) -> None:
        if count:
            self.chunks.append(self.buffer[:count].copy())

    def take(self):
        data = np.concatenate(self.chunks) if self.chunks else self.buffer[:0].copy()
        self.chunks = []
        if self.spikes:
            return data[:, 0].copy(), data[:, 1].copy()
        return data


class RecorderSet(RecorderBook):
    """The recorders of one runtime and the channel table the library reads."""

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self.table = np.zeros((0, len(RECORDER_FIELDS)), dtype=np.int64)
        self._rows: list[tuple[int, Channel]] = []
        self._rebuild()

    def set_active(self, rec_id: int, active: bool) -> None:
        recorder = self.get(rec_id)
        recorder.active = active
        for row, (owner_id, _) in enumerate(self._rows):
            if owner_id == rec_id:
                self.table[row, F["active"]] = int(active)

    def drain(self) -> None:
        """Move what the library wrote into the channels' chunks and empty the buffers."""
        for row, (_, channel) in enumerate(self._rows):
            channel.drain(int(self.table[row, F["count"]]))
            self.table[row, F["count"]] = 0

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
        self.state.set_table(self.table, len(self._rows))
