"""The LaTeX report (see `.report`), after Nordlie, Gewaltig and Plesser (2009)."""

from __future__ import annotations

ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
           "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}  # fmt: skip

PREAMBLE = r"""\documentclass{article}
\usepackage[margin=1in]{geometry}
\usepackage{amsmath, amssymb}
\usepackage{longtable}
\begin{document}
"""


def escape(text) -> str:
    """Plain text made safe for LaTeX."""
    return "".join(ESCAPES.get(c, c) for c in str(text))


def bold(word: str) -> str:
    """``\\textbf{word}``."""
    return "\\textbf{" + word + "}"


def table(title: str, header: list[str], rows, spec: str | None = None) -> list[str]:
    """A longtable with a title row; cells are already LaTeX."""
    spec = spec or "|" + "l|" * len(header)
    lines = ["\\begin{longtable}{" + spec + "}", r"\hline"]
    lines.append(f"\\multicolumn{{{len(header)}}}{{|l|}}{{\\textbf{{{title}}}}} \\\\ \\hline")
    if any(header):
        lines.append(" & ".join(bold(h) for h in header) + r" \\ \hline")
    lines += [" & ".join(str(c) for c in row) + r" \\ \hline" for row in rows]
    return lines + [r"\end{longtable}", ""]


def _summary(info: dict) -> list[str]:
    rows = [
        ("Populations", escape(", ".join(p[0] for p in info["populations"]))),
        ("Connectivity", escape("; ".join(f"{r[0]} to {r[1]}" for r in info["projections"]))),
        ("Neuron models", escape(", ".join(m["name"] for m in info["neurons"]))),
        ("Synapse models", escape(", ".join(m["name"] for m in info["synapses"]))),
        ("Step size", f"{info['dt']} ms"),
    ]
    return table("Summary", ["", ""], rows, spec="|l|p{0.7\\textwidth}|")


def _model(model: dict, kind: str) -> list[str]:
    rows = [("Name", escape(model["name"]))]
    if model["description"]:
        rows.append(("Description", model["description"]))
    for name, value, locality, _type in model["parameters"]:
        rows.append((f"${name}$", escape(f"{value} ({locality})")))
    for name, info, equation in model["equations"]:
        rows.append((f"${name}$", "$\\displaystyle " + equation + "$ \\newline " + escape(info)))
    for label, condition, statements in model["events"]:
        body = [f"${condition}$"] if condition else []
        body += [f"${s}$" for s in statements]
        rows.append((escape(label), r" \newline ".join(body)))
    for function in model["functions"]:
        rows.append(("Function", f"${function}$"))
    return table(f"{kind} model: {escape(model['name'])}", ["", ""], rows,
                 spec="|l|p{0.75\\textwidth}|")  # fmt: skip


def _parameters(title: str, entries) -> list[str]:
    rows = []
    for obj, model, params in entries:
        for k, (name, value) in enumerate(params or [("", "")]):
            first = (escape(obj), escape(model)) if k == 0 else ("", "")
            rows.append((*first, f"${name}$" if name else "", escape(value)))
    return table(title, ["Object", "Model", "Name", "Value"], rows)


def latex_report(info: dict, standalone: bool = True) -> str:
    """The LaTeX text of the report described by ``info``."""
    lines = [PREAMBLE] if standalone else []
    lines += _summary(info)
    pops = [(escape(n), s, escape(m)) for n, s, m in info["populations"]]
    lines += table("Populations", ["Name", "Size", "Neuron model"], pops)
    projs = [tuple(escape(c) for c in row) for row in info["projections"]]
    header = ["Source", "Destination", "Target", "Synapse", "Pattern"]
    lines += table("Projections", header, projs, spec="|l|l|l|l|p{0.35\\textwidth}|")
    for model in info["neurons"]:
        lines += _model(model, "Neuron")
    for model in info["synapses"]:
        lines += _model(model, "Synapse")
    lines += _parameters("Population parameters", info["pop_parameters"])
    lines += _parameters("Projection parameters", info["proj_parameters"])
    lines += table("Input", ["Type", "Description"], [("---", "to be filled")])
    monitors = [tuple(escape(c) for c in row) for row in info["monitors"]]
    lines += table("Measurements", ["Object", "Variables", "Period (ms)"], monitors)
    if standalone:
        lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"
