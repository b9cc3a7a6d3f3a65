"""The calls of a step and how a team of threads runs them (``ann_step_team`` in
``network.cpp.j2``): which calls one thread runs, which the team shares, and where the threads
wait for each other."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Call:
    """One call of ``ann_step``: a kernel (``serial``; ``threaded``: its team version, None when
    it has no loop to share; ``enabled``: the I index of the flag that gates it; ``work``: C
    expression of the elements its loops visit; ``grouped``: its team version ends without a
    barrier, consecutive grouped calls share one after the last), or the recording of ``phase``
    (``serial`` None). ``index``: its cells in the timing array of a profiled build
    (``profiling``), ``label``: what it is part of there. ``early``: a neuron update whose team
    version may start before the other threads are done with the inputs of their own neurons
    (``follows``: those inputs, propagations whose post-synaptic population's update may start
    on a thread once that thread's share is done; both carry the population's ``work``).
    ``merge``: a spiking update whose team version ends without a barrier, each thread's spikes
    in a list of its own, which the kernel ``merge`` joins on one thread afterwards."""

    serial: str | None
    threaded: str | None = None
    enabled: int | None = None
    work: str = ""
    phase: int = 0
    grouped: bool = False
    index: int = 0
    label: str = ""
    early: bool = False
    follows: bool = False
    merge: str | None = None


@dataclass(frozen=True)
class Block:
    """A part of the team's step: ``single`` (consecutive calls without a team version, run by
    one thread), ``grouped`` (consecutive grouped calls, one barrier after the last) or
    ``shared`` (one call the team shares). ``unsynced``: the block before it ends without a
    barrier, so a single block waits for every thread first and a shared block (an early
    neuron update) starts at once. ``merges``: the spike merges a single block runs before its
    calls (each only when its update ran on the team)."""

    kind: str
    calls: tuple[Call, ...]
    unsynced: bool = False
    merges: tuple[Call, ...] = ()

    @property
    def recording_only(self) -> bool:
        """A single block of recordings alone (the team skips it when nothing records)."""
        return (
            self.kind == "single" and bool(self.calls) and all(c.serial is None for c in self.calls)
        )


def team_blocks(calls: list[Call]) -> list[Block]:
    """The blocks of the team's step, in the order of ``calls``."""
    raw: list[tuple[str, list[Call]]] = []
    for call in calls:
        kind = "grouped" if call.grouped else "shared" if call.threaded else "single"
        if kind != "shared" and raw and raw[-1][0] == kind:
            raw[-1][1].append(call)
        else:
            raw.append((kind, [call]))
    blocks = [Block(kind, tuple(group)) for kind, group in raw]
    unsynced = _unsynced(blocks)
    blocks = [replace(b, unsynced=i in unsynced) for i, b in enumerate(blocks)]
    return _place_merges(blocks)


def balanced(blocks: list[Block]) -> bool:
    """Whether the team's step ends at a meeting (a single block after one without a barrier),
    where the last thread can weigh how long each took (``ann_balance``)."""
    return bool(blocks) and blocks[-1].kind == "single" and blocks[-1].unsynced


def _unsynced(blocks: list[Block]) -> set[int]:
    """Indices of the blocks that start without the barrier of the grouped block before them:
    the spiking update of a population right after its propagations (recordings aside), when
    each thread's share of the propagations writes and reads only its own neurons of that
    population, which are the ones it updates; a recording in between waits first."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != "grouped" or not all(c.follows for c in block.calls):
            continue
        j = i + 1
        while j < len(blocks) - 1 and blocks[j].recording_only:
            j += 1
        nxt = blocks[j] if j < len(blocks) else None
        if nxt and nxt.kind == "shared" and nxt.calls[0].early:
            if all(c.work == nxt.calls[0].work for c in block.calls):
                out.update(range(i + 1, j + 1))
    return out


def _place_merges(blocks: list[Block]) -> list[Block]:
    """The spike merges of the updates that end without a barrier: consecutive such updates
    run one after the other, then their merges run in the next single block, which waits for
    every thread first; where the next block is not one that always runs on one thread (a
    shared or grouped block, recordings alone), in a single block of their own before it."""
    out: list[Block] = []
    pending: list[Call] = []
    for block in blocks:
        if pending and not (block.kind == "shared" and block.calls[0].merge):
            if block.kind == "single" and not block.recording_only:
                block = Block(block.kind, block.calls, True, (*pending, *block.merges))
            else:
                out.append(Block("single", (), True, tuple(pending)))
            pending = []
        out.append(block)
        if block.kind == "shared" and block.calls[0].merge:
            pending.append(block.calls[0])
    if pending:
        out.append(Block("single", (), True, tuple(pending)))
    return out
