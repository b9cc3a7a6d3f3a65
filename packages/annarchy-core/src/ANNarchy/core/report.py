"""``report()``: a description of a network in Markdown (``.md``/``.qmd``) or LaTeX (``.tex``).

The content follows ``manual/Reporting.qmd``: populations, projections, monitors, the neuron and
synapse models with their parameters and equations (rendered by sympy as LaTeX), and the values
of the parameters. `describe_network` gathers it; ``report_md``/``report_latex`` write it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InvalidConfiguration
from .report_math import (
    block_latex,
    continuous_ir,
    equations_of,
    expr_latex,
    function_latex,
    latex_name,
)
from .view import base_population

LOCALITY = {
    "neuron": {"global": "per population", "local": "per neuron"},
    "synapse": {
        "global": "per projection",
        "semiglobal": "per post-synaptic neuron",
        "local": "per synapse",
    },
}
CONNECTORS = {
    "all_to_all": "All-to-All",
    "one_to_one": "One-to-One",
    "fixed_probability": "Random",
    "fixed_number_pre": "Random convergent",
    "fixed_number_post": "Random divergent",
    "gaussian": "Gaussian",
    "dog": "Difference-of-Gaussians",
    "from_file": "From file",
}


def value_text(value) -> str:
    """A parameter value: the number, ``[min, max]`` for differing values, or the object."""
    arr = np.asarray(value) if not hasattr(value, "get_values") else None
    if arr is None or arr.dtype == object:
        return str(value)
    if arr.size and np.all(arr == arr.flat[0]):
        return str(arr.flat[0].item())
    return f"[{arr.min().item()}, {arr.max().item()}]" if arr.size else "[]"


def parameter_rows(ir, kind: str) -> list[tuple[str, str, str, str]]:
    """``(latex name, default, locality, type)`` of each parameter of a model IR."""
    return [
        (
            latex_name(a.name),
            value_text(a.init),
            LOCALITY[kind].get(a.locality, a.locality),
            a.ctype,
        )
        for a in ir.attributes
        if a.kind == "parameter"
    ]


def variable_rows(ir, kind: str) -> list[tuple[str, str, str]]:
    """``(latex name, description, latex equation)`` of each equation of a model IR."""
    attrs = {a.name: a for a in ir.attributes}
    rows = []
    for name, equation in equations_of(ir):
        attr = attrs[name]
        info = f"{LOCALITY[kind].get(attr.locality, attr.locality)}, initial value: "
        info += value_text(attr.init)
        if attr.is_ode and attr.method:
            info += f", {attr.method} numerical method"
        rows.append((latex_name(name), info, equation))
    return rows


def describe_model(model, kind: str, settings) -> dict:
    """Name, description, parameters, equations and events of a neuron or synapse model."""
    ir = continuous_ir(model, kind, settings) or model._parse(settings)
    out = {
        "name": model.name,
        "description": model.description or "",
        "parameters": parameter_rows(ir, kind),
        "equations": variable_rows(ir, kind),
        "functions": [function_latex(f) for f in ir.functions],
        "events": [],
    }
    if kind == "neuron" and ir.spike is not None:
        out["events"].append(
            ("Spike emission", expr_latex(ir.spike, ir), block_latex(ir.reset, ir))
        )
    if kind == "synapse":
        if ir.kind == "rate" and ir.psp is not None:
            out["events"].append(("Weighted sum", expr_latex(ir.psp, ir), []))
        for label, block in (
            ("Pre-synaptic event", ir.pre_spike),
            ("Post-synaptic event", ir.post_spike),
        ):
            if block:
                out["events"].append((label, "", block_latex(block, ir)))
    return out


def pattern_text(proj) -> str:
    """The connector and its arguments, e.g. ``Random, probability 0.1, weights 1.0``."""
    conn = proj.connectivity
    if conn is None:
        return "not connected"
    name = conn.connector or "user-defined"
    parts = [CONNECTORS.get(name, name.replace("_", " "))]
    parts += [
        f"{key} {value}"
        for key, value in conn.args.items()
        if value not in (None, False) and not key.startswith("storage")
    ]
    return ", ".join(parts)


def projection_rows(net, gather: bool) -> list[tuple[str, str, str, str, str]]:
    """``(source, destination, target, synapse, pattern)``; with ``gather``, projections between
    the same populations with the same target and synapse form one row."""
    rows: dict = {}
    for proj in net._projections:
        pre, post = base_population(proj.pre).name, base_population(proj.post).name
        target = " / ".join(proj._targets)
        key = (pre, post, target, proj.synapse_type.name) if gather else proj.name
        row = rows.setdefault(key, [pre, post, target, proj.synapse_type.name, []])
        row[4].append(pattern_text(proj))
    return [(*row[:4], "; ".join(row[4])) for row in rows.values()]


def monitor_rows(net) -> list[tuple[str, str, str]]:
    """``(object, variables, period in ms)`` of each monitor."""
    rows = []
    for monitor in net._monitors:
        obj = getattr(monitor.object, "name", str(monitor.object))
        period = getattr(monitor, "_period_steps", 1) * net.dt
        rows.append((obj, ", ".join(monitor._variables), str(period)))
    return rows


def unique_models(objects, attr: str) -> list:
    """The distinct models used by ``objects`` (by identity), in order of first use."""
    seen = {}
    for obj in objects:
        model = getattr(obj, attr)
        seen.setdefault(id(model), model)
    return list(seen.values())


def current_parameters(obj) -> list[tuple[str, str]]:
    """``(latex name, value)`` of the parameters of a population or projection, now."""
    rows = []
    for attr in obj._attributes.values():
        if attr.kind == "parameter":
            rows.append((latex_name(attr.name), value_text(obj._read(attr.name))))
    return rows


def describe_network(net, gather_subprojections: bool = False) -> dict:
    """Everything the report shows, as plain data."""
    settings = net._parse_settings()
    return {
        "dt": net.dt,
        "paradigm": net._config.get("paradigm", "openmp"),
        "populations": [(p.name, p.size, p.neuron_type.name) for p in net._populations],
        "projections": projection_rows(net, gather_subprojections),
        "monitors": monitor_rows(net),
        "neurons": [
            describe_model(m, "neuron", settings)
            for m in unique_models(net._populations, "neuron_type")
        ],
        "synapses": [
            describe_model(m, "synapse", settings)
            for m in unique_models(net._projections, "synapse_type")
        ],
        "pop_parameters": [(p.name, p.neuron_type.name, current_parameters(p)) for p in net._populations],
        "proj_parameters": [
            (f"{base_population(p.pre).name} -> {base_population(p.post).name} "
             f"({' / '.join(p._targets)})", p.synapse_type.name, current_parameters(p))
            for p in net._projections
        ],
    }  # fmt: skip


def report(
    network=None,
    filename: str = "./report.tex",
    standalone: bool = True,
    gather_subprojections: bool = False,
    title=None,
    author=None,
    date=None,
    net_id: int = 0,
) -> None:
    """Generate a report describing the network.

    A ``.tex`` file follows Nordlie et al. (2009), "Towards Reproducible Descriptions of
    Neuronal Network Models"; a ``.md`` or ``.qmd`` file is Markdown (convert it with pandoc).

    Parameters
    ----------
    network : Network, optional
        The network (default: the network ``net_id``, i.e. the magic network).
    filename : str
        Where the report is written.
    standalone : bool
        LaTeX only: a complete document (True) or a part to include.
    gather_subprojections : bool
        Group projections between the same populations, with the same target and synapse.
    title, author, date : str, optional
        Markdown only: the document header.
    net_id : int
        Id of the network when ``network`` is not given.
    """
    from .registry import network_by_id

    if isinstance(network, (str, Path)):
        network, filename = None, network
    net = network if network is not None else network_by_id(net_id)
    suffix = Path(filename).suffix.lower()
    if suffix not in (".tex", ".md", ".qmd"):
        raise InvalidConfiguration(
            f"report(): cannot tell the format of '{filename}'; use a .tex (LaTeX) or .md/.qmd "
            "(Markdown) file name."
        )
    info = describe_network(net, gather_subprojections)
    if suffix == ".tex":
        from .report_latex import latex_report

        text = latex_report(info, standalone)
    else:
        from .report_md import markdown_report

        text = markdown_report(info, title, author, date)
    path = Path(filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
