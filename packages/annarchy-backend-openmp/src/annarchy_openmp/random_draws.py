"""Random draws inside equations: one C call per draw, keyed by (seed, step, draw uid, index).

The generator (``templates/rng.h.j2``) is counter-based (Philox-4x32-10), so a draw depends only
on its key, never on the order of evaluation: the numbers are the same with 1 or N threads.
"""

from __future__ import annotations

from ANNarchy.errors import InvalidConfiguration
from annarchy_parser.ir import RandomDraw

#: distribution -> (C function, number of parameters before the optional min/max bounds)
DISTRIBUTIONS = {
    "Uniform": ("ann_uniform", 2),
    "DiscreteUniform": ("ann_discrete_uniform", 2),
    "Normal": ("ann_normal", 2),
    "LogNormal": ("ann_lognormal", 2),
    "Exponential": ("ann_exponential", 1),
    "Gamma": ("ann_gamma", 2),
    "Binomial": ("ann_binomial", 2),
}
#: distributions whose optional extra arguments are (min, max) bounds
BOUNDED = ("Normal", "LogNormal", "Exponential", "Gamma")

#: C expression of the index of an element, per locality of the draw, in a kernel
NEURON_INDEX = {"local": "(uint64_t)i", "global": "(uint64_t)0"}
SYNAPSE_INDEX = {
    "local": "(((uint64_t)(uint32_t)post << 32) | (uint64_t)(uint32_t)j)",
    "semiglobal": "(uint64_t)(uint32_t)post",
    "global": "(uint64_t)0",
}


def draw_line(draw: RandomDraw, uid: int, index: str, printer) -> str:
    """``const double _rand_k = ann_normal(seed, step, uid, index, mu, sigma);``"""
    return f"const double {draw.name} = {draw_call(draw, uid, index, printer)};"


def draw_call(draw: RandomDraw, uid: int, index: str, printer) -> str:
    """``ann_normal(seed, step, uid, index, mu, sigma)`` (bounded if asked)."""
    try:
        fn, nparams = DISTRIBUTIONS[draw.dist]
    except KeyError:
        known = ", ".join(DISTRIBUTIONS)
        raise InvalidConfiguration(
            f"Unknown random distribution '{draw.dist}' in equations (known: {known})."
        ) from None
    args = [printer.expr(a) for a in draw.args]
    params = args[:nparams]
    if draw.dist == "Gamma" and len(params) == 1:
        params.append("1.0")
    if len(params) != nparams:
        raise InvalidConfiguration(
            f"{draw.dist} in equations takes {nparams} arguments, got {len(draw.args)}."
        )
    call = f"{fn}(seed, step, {uid}u, {index}, {', '.join(params)})"
    bounds = args[nparams:]
    if bounds and draw.dist in BOUNDED:
        low = bounds[0] if bounds[0] not in ("None",) else "-INFINITY"
        high = bounds[1] if len(bounds) > 1 else "INFINITY"
        call = f"ann_bound({call}, {low}, {high})"
    return call


def draw_lines(draws, locality: str, uids: dict, owner: str, index_map, printer) -> list[str]:
    return [
        draw_line(d, uids[(owner, d.name)], index_map[locality], printer)
        for d in draws
        if d.locality == locality
    ]


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
        fill.append(f"{array} = {draw_call(d, uids[(owner, d.name)], NEURON_INDEX['local'], printer)};")
        read.append(f"const double {d.name} = {array};")
    return fill, read
