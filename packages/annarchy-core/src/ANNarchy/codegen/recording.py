"""Recorder bookkeeping shared by backends: ids, periods, pause/resume, fetch assembly.

A backend's channels (one recorded array or spike list each) own their buffers, native or
device memory; they provide ``name``, ``gather`` (cells to keep, or None) and ``take()`` (the
data recorded since the last take). A backend subclasses ``RecorderBook`` and fills in the
hooks that touch its memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from ANNarchy.errors import InvalidConfiguration


@dataclass
class Recorder:
    """The channels of one ``add_recorder`` call, recorded every ``period`` steps from
    ``offset`` while ``active``."""

    owner: str
    channels: list
    period: int
    offset: int
    active: bool = True

    def due(self, step: int) -> bool:
        """Whether the recorder records at ``step``."""
        return self.active and step >= self.offset and (step - self.offset) % self.period == 0


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
