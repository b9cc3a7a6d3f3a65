"""Random draws inside equations: one device call per draw, keyed by (seed, step, draw uid,
index), the same key and the same Philox-4x32-10 scheme as the CPU backend, so a seeded network
draws the same numbers on both (``templates/rng.cuh.j2``). The calls are built by
``annarchy_codegen.random_draws``."""

from __future__ import annotations

from annarchy_codegen import random_draws as _shared

from .layout import REAL

U64 = "unsigned long long"
U32 = "unsigned int"
#: index of an element per locality of the draw (the CPU backend's keys)
NEURON_INDEX = {"local": f"({U64})i", "global": f"({U64})0"}
SYNAPSE_INDEX = {
    "local": f"(((({U64})({U32})post) << 32) | ({U64})({U32})j)",
    "semiglobal": f"({U64})({U32})post",
    "global": f"({U64})0",
}


def _double(arg: str) -> str:
    return f"(double)({arg})"


def draw_line(draw, uid: int, index: str, printer) -> str:
    """``const ann_real _rand_k = (ann_real)ann_normal(seed, step, uid, index, mu, sigma);``"""
    call = _shared.draw_call(draw, uid, index, printer, argument=_double, infinity="ANN_INF")
    return f"const {REAL} {draw.name} = ({REAL}){call};"


def draw_lines(draws, locality: str, uids: dict, owner: str, index_map, printer) -> list[str]:
    """One ``draw_line`` per draw of ``locality``."""
    return _shared.draw_lines(draws, locality, uids, owner, index_map, printer, draw_line)
