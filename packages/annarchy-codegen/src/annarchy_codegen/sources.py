"""Pieces of the generated sources shared by the code-generating backends.

``environment(package)``: the jinja2 environment of a backend's templates (package data of the
backend, folder ``templates``); jinja2 is imported only when it is called, so by backends that
depend on it, never at ``import ANNarchy``. ``user_functions``: the C definitions of the user
functions of a network and of its models, once each. ``used_declarations``: a kernel context
reduced to the pointers and values its body names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from ANNarchy.plugin import NetworkIR
from annarchy_parser.functions import c_function_name


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


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def identifiers(code: str) -> set[str]:
    """The C identifiers of ``code`` outside comments."""
    return set(_IDENTIFIER.findall(_COMMENT.sub(" ", code)))


#: fields of a kernel context that declare read-only values, innermost first
VALUE_FIELDS = ("local_values", "values")


def used_declarations(kernel, render: Callable):
    """``kernel`` (a context with ``pointers``, ``values`` and maybe ``local_values``) keeping
    only the declarations that its body names, so the generated code has no unused variables.

    ``render(kernel)`` renders a context. A value is kept when the body or a kept value declared
    after it names it, a pointer when the body or a kept value names it. Two kept pointers of
    one slot point to the same array: both lose ``restrict`` (restrict on aliases is undefined
    behaviour).
    """
    fields = [f for f in VALUE_FIELDS if hasattr(kernel, f)]
    empty = {f: type(getattr(kernel, f))() for f in fields}
    names = identifiers(render(replace(kernel, pointers=type(kernel.pointers)(), **empty)))
    kept = {}
    for field in fields:
        values = []
        for value in reversed(getattr(kernel, field)):  # may name the values declared above
            if value.cname in names:
                values.append(value)
                names |= identifiers(value.expr)
        kept[field] = type(getattr(kernel, field))(values[::-1])
    pointers = [p for p in kernel.pointers if p.cname in names]
    per_slot = Counter(p.slot for p in pointers)
    pointers = [replace(p, restrict=p.restrict and per_slot[p.slot] == 1) for p in pointers]
    return replace(kernel, pointers=type(kernel.pointers)(pointers), **kept)


@dataclass(frozen=True)
class CFunction:
    prototype: str
    body: str


def user_functions(net: NetworkIR, dialect, make_printer: Callable) -> list[CFunction]:
    """C definitions of the user functions of ``net`` and of every model, once each.

    Parameters
    ----------
    net : NetworkIR
        The network.
    dialect : CDialect
        The backend's C dialect: ``function`` precedes the return type (``'static inline'``,
        ``'__device__ inline'``), ``real`` is the type of the arguments and of the result.
    make_printer : callable
        ``make_printer(symbols)``: the backend's expression printer for argument names
        ``{arg: '_a<n>'}``.
    """
    found = {}
    models = [p.neuron for p in net.populations] + [p.synapse for p in net.projections]
    for fn in (*net.functions, *(f for m in models for f in m.functions)):
        # validate() refuses two different definitions of one name
        assert found.setdefault(fn.name, fn) == fn, f"function '{fn.name}' defined twice"
    out, qualifier, real = [], dialect.function, dialect.real
    for fn in found.values():
        symbols = {arg: f"_a{n}" for n, arg in enumerate(fn.args)}
        params = ", ".join(f"const {real} _a{n}" for n in range(len(fn.args)))
        body = make_printer(symbols).expr(fn.expr)
        name = c_function_name(fn.name)
        out.append(CFunction(f"{qualifier} {real} {name}({params})", body))
    return out
