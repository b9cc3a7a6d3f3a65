"""Recorder bookkeeping shared by backends: ids, periods, pause/resume, fetch assembly.

A backend's channels (one recorded array or spike list each) own their buffers, native or
device memory; they provide ``name``, ``gather`` (cells to keep, or None) and ``take()`` (the
data recorded since the last take). A backend subclasses ``RecorderBook`` and fills in the
hooks that touch its memory.

Memory: before a run, ``check_memory`` compares the bytes the active array channels will
record against the memory available (``available_memory``) and refuses a recording that cannot
fit; while a run goes on, a backend calls ``check_growth`` before it copies a full buffer to
the host. Either raises ``RecordingMemoryError``; what was recorded so far stays fetchable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ANNarchy.errors import InvalidConfiguration, RecordingMemoryError

#: a run whose recordings need fewer bytes than this is not checked (a step() loop stays cheap)
CHECK_BYTES = 1 << 20


@dataclass
class Recorder:
    """The channels of one ``add_recorder`` call, recorded every ``period`` steps from
    ``offset`` while ``active``."""

    owner: str
    channels: list
    period: int
    offset: int
    active: bool = True
    label: str = ""  # the name given to its population or projection, for messages

    def describe(self, channel) -> str:
        """``name.variable`` of one of its channels, for messages."""
        return f"{self.label or self.owner}.{channel.name}"

    def due(self, step: int) -> bool:
        """Whether the recorder records at ``step``."""
        return self.active and step >= self.offset and (step - self.offset) % self.period == 0


def available_memory() -> int | None:
    """Bytes of memory that new allocations can take without swapping, or None when unknown.

    ``MemAvailable`` of ``/proc/meminfo`` (Linux), else the free physical pages that
    ``os.sysconf`` reports.
    """
    try:
        with open("/proc/meminfo", "rb") as f:
            for line in f:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


def due_records(step: int, nsteps: int, period: int, offset: int) -> int:
    """How many of the steps ``step`` to ``step + nsteps - 1`` a recorder records."""
    first = max(step, offset)
    last = step + nsteps - 1
    if last < first:
        return 0
    return (last - offset) // period - (first - 1 - offset) // period


def _megabytes(nbytes: int) -> str:
    if nbytes < 1 << 20:
        return f"{nbytes / 1024:.1f} kB"
    return f"{nbytes / 2**20:.1f} MB"


def check_growth(nbytes: int, what: str) -> None:
    """Refuse to copy ``nbytes`` more recorded bytes to the host when they do not fit."""
    available = available_memory()
    if available is not None and nbytes > available:
        raise RecordingMemoryError(
            f"The recording of {what} needs {_megabytes(nbytes)} more but only "
            f"{_megabytes(available)} of memory are available: the simulation stopped at this "
            "step. The data recorded so far is kept (monitor.get()); record fewer variables or "
            "neurons, a longer period, or simulate in shorter parts and empty the monitors "
            "(monitor.get()) between them."
        )


def array_capacity(nbytes: int, buffer_bytes: int, max_records: int) -> int:
    """Records of ``nbytes`` a buffer of about ``buffer_bytes`` holds (1 to ``max_records``)."""
    return int(min(max_records, max(1, buffer_bytes // max(nbytes, 1))))


class RecorderBook:
    """The recorders of one runtime, by id.

    Hooks (no-ops here): ``_allocate(channel)`` before a recorder is added,
    ``_before_change()`` before a recorder is added or removed, ``_after_change()`` after,
    ``_drain_for(recorder)`` before its channels are taken by ``fetch``.
    """

    def __init__(self) -> None:
        self.recorders: dict[int, Recorder] = {}
        self.next_id = 0

    def add(self, recorder: Recorder) -> int:
        """Register ``recorder`` (its channels get their buffers); returns its id."""
        if recorder.period < 1:
            raise InvalidConfiguration(
                f"A recording period must be >= 1 step, not {recorder.period}."
            )
        self._before_change()
        for channel in recorder.channels:
            self._allocate(channel)
        rec_id = self.next_id
        self.next_id += 1
        self.recorders[rec_id] = recorder
        self._after_change()
        return rec_id

    def get(self, rec_id: int) -> Recorder:
        try:
            return self.recorders[rec_id]
        except KeyError:
            raise InvalidConfiguration(f"No recorder with id {rec_id}.") from None

    def remove(self, rec_id: int) -> None:
        self.get(rec_id)
        self._before_change()
        del self.recorders[rec_id]
        self._after_change()

    def check_memory(self, step: int, nsteps: int) -> None:
        """Refuse a run of ``nsteps`` steps from ``step`` whose array recordings would not fit
        in the memory available (spike recordings are checked as they grow)."""
        arrays = [(r, ch) for r in self.recorders.values() for ch in r.channels if not ch.spikes]
        if nsteps * sum(int(ch.source.nbytes) for _, ch in arrays) < CHECK_BYTES:
            return  # at most this much: not worth a look at the memory
        sizes = {}
        for recorder, channel in arrays:
            if recorder.active:
                records = due_records(step, nsteps, recorder.period, recorder.offset)
                name = recorder.describe(channel)
                sizes[name] = sizes.get(name, 0) + records * int(channel.source.nbytes)
        needed = sum(sizes.values())
        if needed < CHECK_BYTES:
            return
        available = available_memory()
        if available is not None and needed > available:
            largest = max(sizes, key=sizes.get)
            raise RecordingMemoryError(
                f"Recording for {nsteps} steps would need {_megabytes(needed)} (the most for "
                f"{largest}: {_megabytes(sizes[largest])}) but only {_megabytes(available)} of "
                "memory are available; nothing was simulated. Record fewer variables or "
                "neurons, a longer period, or simulate in shorter parts and empty the monitors "
                "(monitor.get()) between them."
            )

    def fetch(self, rec_id: int) -> dict:
        """``{channel name: data}`` recorded since the last fetch (masked cells dropped)."""
        recorder = self.get(rec_id)
        self._drain_for(recorder)
        out = {}
        for channel in recorder.channels:
            data = channel.take()
            if channel.gather is not None:
                data = data[:, channel.gather]
            out[channel.name] = data
        return out

    def _allocate(self, channel) -> None:
        pass

    def _before_change(self) -> None:
        pass

    def _after_change(self) -> None:
        pass

    def _drain_for(self, recorder: Recorder) -> None:
        pass
