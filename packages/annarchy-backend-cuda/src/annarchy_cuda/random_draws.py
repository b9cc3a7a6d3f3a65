"""Random draws inside equations: one device call per draw, keyed by (seed, step, draw uid,
index), the same key and the same Philox-4x32-10 scheme as the CPU backend, so a seeded network
draws the same numbers on both (``templates/rng.cuh.j2``)."""

from __future__ import annotations

from ANNarchy.errors import InvalidConfiguration
from annarchy_parser.ir import RandomDraw

from .layout import REAL

#: distribution -> (device function, number of parameters before the optional min/max bounds)
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

U64 = "unsigned long long"
U32 = "unsigned int"
#: index of an element per locality of the draw (the CPU backend's keys)
NEURON_INDEX = {"local": f"({U64})i", "global": f"({U64})0"}
SYNAPSE_INDEX = {
    "local": f"(((({U64})({U32})post) << 32) | ({U64})({U32})j)",
    "semiglobal": f"({U64})({U32})post",
    "global": f"({U64})0",
}


def draw_line(draw: RandomDraw, uid: int, index: str, printer) -> str:
    """``const ann_real _rand_k = (ann_real)ann_normal(seed, step, uid, index, mu, sigma);``"""
    try:
        fn, nparams = DISTRIBUTIONS[draw.dist]
    except KeyError:
        known = ", ".join(DISTRIBUTIONS)
        raise InvalidConfiguration(
            f"Unknown random distribution '{draw.dist}' in equations (known: {known})."
        ) from None
    printed = [printer.expr(a) for a in draw.args]
    args = [f"(double)({a})" for a in printed]
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
        low = "-ANN_INF" if printed[nparams] == "None" else bounds[0]
        high = bounds[1] if len(bounds) > 1 else "ANN_INF"
        call = f"ann_bound({call}, {low}, {high})"
    return f"const {REAL} {draw.name} = ({REAL}){call};"


def draw_lines(draws, locality: str, uids: dict, owner: str, index_map, printer) -> list[str]:
    return [
        draw_line(d, uids[(owner, d.name)], index_map[locality], printer)
        for d in draws
        if d.locality == locality
    ]
