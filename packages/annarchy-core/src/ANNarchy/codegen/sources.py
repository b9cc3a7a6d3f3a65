"""Pieces of the generated sources shared by the code-generating backends.

``environment(package)``: the jinja2 environment of a backend's templates (package data of the
backend, folder ``templates``); jinja2 is imported only when it is called, so by backends that
depend on it, never at ``import ANNarchy``. ``user_functions``: the C definitions of the user
functions of a network and of its models, once each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from annarchy_parser.functions import c_function_name

from ANNarchy.core.network_ir import NetworkIR
from ANNarchy.errors import InvalidConfiguration


@cache
def environment(package: str):
    """The jinja2 environment of the templates of ``package`` (strict, no escaping, trailing
    newlines kept). Compiled templates are cached on disk (jinja2's per-user cache in the temp
    folder, keyed by the template's source, written atomically): a new process does not
    compile them again."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


@dataclass(frozen=True)
class CFunction:
    prototype: str
    body: str


def user_functions(
    net: NetworkIR, qualifier: str, real: str, make_printer: Callable
) -> list[CFunction]:
    """C definitions of the user functions of ``net`` and of every model, once each.

    Parameters
    ----------
    net : NetworkIR
        The network.
    qualifier : str
        What precedes the return type (``'static inline'``, ``'__device__ inline'``).
    real : str
        The C floating-point type of the arguments and of the result.
    make_printer : callable
        ``make_printer(symbols)``: the backend's expression printer for argument names
        ``{arg: '_a<n>'}``.
    """
    found = {}
    models = [p.neuron for p in net.populations] + [p.synapse for p in net.projections]
    for fn in (*net.functions, *(f for m in models for f in m.functions)):
        if found.setdefault(fn.name, fn) != fn:
            raise InvalidConfiguration(
                f"Two different functions are named '{fn.name}'; rename one of them."
            )
    out = []
    for fn in found.values():
        symbols = {arg: f"_a{n}" for n, arg in enumerate(fn.args)}
        params = ", ".join(f"const {real} _a{n}" for n in range(len(fn.args)))
        body = make_printer(symbols).expr(fn.expr)
        name = c_function_name(fn.name)
        out.append(CFunction(f"{qualifier} {real} {name}({params})", body))
    return out
