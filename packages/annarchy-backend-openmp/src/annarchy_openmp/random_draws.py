"""Random draws inside equations: one C call per draw, keyed by (seed, step, draw uid, index).

The generator (``templates/rng.h.j2``) is counter-based (Philox-4x32-10), so a draw depends only
on its key, never on the order of evaluation: the numbers are the same with 1 or N threads.
"""

from __future__ import annotations

from annarchy_codegen import random_draws as _shared
from annarchy_codegen.random_draws import draw_call

#: C expression of the index of an element, per locality of the draw, in a kernel
NEURON_INDEX = {"local": "(uint64_t)i", "global": "(uint64_t)0"}
SYNAPSE_INDEX = {
    "local": "(((uint64_t)(uint32_t)post << 32) | (uint64_t)(uint32_t)j)",
    "semiglobal": "(uint64_t)(uint32_t)post",
    "global": "(uint64_t)0",
}


def draw_line(draw, uid: int, index: str, printer) -> str:
    """``const double _rand_k = ann_normal(seed, step, uid, index, mu, sigma);``"""
    return f"const double {draw.name} = {draw_call(draw, uid, index, printer)};"


def draw_lines(draws, locality: str, uids: dict, owner: str, index_map, printer) -> list[str]:
    """One ``draw_line`` per draw of ``locality``."""
    return _shared.draw_lines(draws, locality, uids, owner, index_map, printer, draw_line)


def draw_array(name: str) -> str:
    """Name of the scratch array holding the local draw ``name`` of every neuron."""
    return f"_draw{name}"


def neuron_local_draws(draws, uids: dict, owner: str, printer) -> tuple[list[str], list[str]]:
    """(lines of a loop filling the scratch arrays, lines reading them in the update loop).

    The draws of every neuron are made in a loop of their own, before the update: without
    branches the generator vectorises; the numbers are the same (a draw depends on its key only,
    and its parameters are read before any statement of the step changes them).
    """
    fill, read = [], []
    for d in draws:
        if d.locality != "local":
            continue
        array = f"L_{draw_array(d.name)}[i]"
        call = draw_call(d, uids[(owner, d.name)], NEURON_INDEX["local"], printer)
        fill.append(f"{array} = {call};")
        read.append(f"const double {d.name} = {array};")
    return fill, read
