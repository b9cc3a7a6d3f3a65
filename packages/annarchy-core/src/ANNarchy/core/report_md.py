"""The Markdown report (see `.report`)."""

from __future__ import annotations


def table(header: list[str], rows) -> list[str]:
    """A pipe table with bold headers."""
    lines = ["| " + " | ".join(f"**{h}**" for h in header) + " |"]
    lines.append("| " + " | ".join("---" for _ in header) + " |")
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _front_matter(title, author, date) -> list[str]:
    items = [(k, v) for k, v in (("title", title), ("author", author), ("date", date)) if v]
    if not items:
        return []
    return ["---", *(f"{k}: {v}" for k, v in items), "---", ""]


def _model(model: dict) -> list[str]:
    lines = [f"## {model['name']}", ""]
    if model["description"]:
        lines += [model["description"], ""]
    if model["parameters"]:
        rows = [(f"${n}$", v, loc, t) for n, v, loc, t in model["parameters"]]
        lines += ["**Parameters:**", ""]
        lines += table(["Name", "Default value", "Locality", "Type"], rows)
    if model["equations"]:
        lines += ["**Equations:**", ""]
        for name, info, equation in model["equations"]:
            lines += [f"* Variable ${name}$ : {info}", "", "$$", equation, "$$", ""]
    for label, condition, statements in model["events"]:
        lines += [f"**{label}:**", ""]
        if condition:
            lines += [f"if ${condition}$ :" if label == "Spike emission" else f"${condition}$", ""]
        if label == "Spike emission":
            lines.append("* Emit a spike at time $t$.")
        lines += [f"* ${s}$" for s in statements] + [""]
    if model["functions"]:
        lines += ["**Functions:**", ""] + [f"$${f}$$" for f in model["functions"]] + [""]
    return lines


def _parameters(title: str, first: str, entries) -> list[str]:
    rows = []
    for obj, model, params in entries:
        for k, (name, value) in enumerate(params or [("", "")]):
            rows.append(
                (obj if k == 0 else "", model if k == 0 else "", f"${name}$" if name else "", value)
            )
    return [f"## {title}", ""] + table([first, "Model", "Name", "Value"], rows)


def markdown_report(info: dict, title=None, author=None, date=None) -> str:
    """The Markdown text of the report described by ``info``."""
    from ..version import __version__

    lines = _front_matter(title, author, date)
    lines += ["# Structure of the network", ""]
    lines += [f"* ANNarchy {__version__} using the {info['paradigm']} backend."]
    lines += [f"* Numerical step size: {info['dt']} ms.", ""]
    lines += ["## Populations", ""]
    lines += table(["Population", "Size", "Neuron type"], info["populations"])
    if info["projections"]:
        lines += ["## Projections", ""]
        header = ["Source", "Destination", "Target", "Synapse type", "Pattern"]
        lines += table(header, info["projections"])
    if info["monitors"]:
        lines += ["## Monitors", ""] + table(["Object", "Variables", "Period"], info["monitors"])
    lines += ["# Neuron models", ""]
    for model in info["neurons"]:
        lines += _model(model)
    if info["synapses"]:
        lines += ["# Synapse models", ""]
        for model in info["synapses"]:
            lines += _model(model)
    lines += ["# Parameters", ""]
    lines += _parameters("Population parameters", "Population", info["pop_parameters"])
    if info["proj_parameters"]:
        lines += _parameters("Projection parameters", "Projection", info["proj_parameters"])
    return "\n".join(lines) + "\n"
