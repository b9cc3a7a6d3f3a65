"""Random draws inside equations: one native call per draw, keyed by (seed, step, draw uid, index).

Every backend provides the functions named in ``DISTRIBUTIONS`` with the signature
``fn(seed, step, uid, index, params...)`` (a counter-based generator: a draw depends only on its
key) and ``ann_bound(value, low, high)``; this module builds the calls.
"""

from __future__ import annotations

from collections.abc import Callable

from ANNarchy.errors import InvalidConfiguration

#: distribution -> (native function, number of parameters before the optional min/max bounds)
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


def draw_call(
    draw,
    uid: int,
    index: str,
    printer,
    argument: Callable[[str], str] | None = None,
    infinity: str = "INFINITY",
) -> str:
    """``ann_normal(seed, step, uid, index, mu, sigma)``, bounded with ``ann_bound`` if asked.

    Parameters
    ----------
    draw : annarchy_parser.ir.RandomDraw
        The draw.
    uid : int
        Its number in the network (part of the key).
    index : str
        C expression of the element index (part of the key).
    printer : CPrinter
        Prints the draw's arguments.
    argument : callable, optional
        Wraps each printed argument (e.g. a cast); default: unchanged.
    infinity : str
        C name of positive infinity, for a missing bound.
    """
    try:
        fn, nparams = DISTRIBUTIONS[draw.dist]
    except KeyError:
        known = ", ".join(DISTRIBUTIONS)
        raise InvalidConfiguration(
            f"Unknown random distribution '{draw.dist}' in equations (known: {known})."
        ) from None
    printed = [printer.expr(a) for a in draw.args]
    args = [argument(a) for a in printed] if argument else printed
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
        low = f"-{infinity}" if printed[nparams] == "None" else bounds[0]
        high = bounds[1] if len(bounds) > 1 else infinity
        call = f"ann_bound({call}, {low}, {high})"
    return call


def draw_lines(draws, locality: str, uids: dict, owner: str, index_map, printer, line) -> list[str]:
    """``line(draw, uid, index, printer)`` for each draw of ``locality`` (in the model's order).

    ``uids`` maps (owner, draw name) to the draw's uid, ``index_map`` a locality to the C
    expression of the element index.
    """
    return [
        line(d, uids[(owner, d.name)], index_map[locality], printer)
        for d in draws
        if d.locality == locality
    ]
