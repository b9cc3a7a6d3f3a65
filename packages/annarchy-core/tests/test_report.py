"""report(): Markdown and LaTeX descriptions list every population, projection, monitor and
model, with the equations rendered as LaTeX."""

from __future__ import annotations

import ANNarchy as ann
import pytest

STDP = ann.Synapse(
    parameters=dict(tau_plus=20.0, A_plus=0.0002),
    equations=[
        ann.Variable("tau_plus * dltp/dt = -ltp", method="exponential"),
        ann.Variable("R = mean(post.r)", locality="semiglobal"),
    ],
    pre_spike="g_target += w\nltp = A_plus",
    name="Nearest-neighbour STDP",
    description="An STDP rule.",
)


def network():
    net = ann.Network(dt=0.1)
    inp = net.create(100, ann.Izhikevich, name="Input")
    out = net.create(10, ann.LeakyIntegrator, name="Out")
    net.connect(inp, inp, ["ampa", "nmda"], STDP).fixed_probability(0.1, weights=0.02)
    net.connect(inp, out, "exc").all_to_all(0.5)
    net.monitor(inp, ["v", "spike"])
    return net


def test_markdown_lists_everything(tmp_path):
    path = tmp_path / "model.md"
    ann.report(network(), str(path), title="My net", author="Me", date="today")
    text = path.read_text()
    assert text.startswith("---\ntitle: My net\nauthor: Me\ndate: today\n---\n")
    assert "* Numerical step size: 0.1 ms." in text
    assert "| Input | 100 | Izhikevich |" in text
    assert "| Out | 10 | Leaky-Integrator |" in text
    assert (
        "| Input | Input | ampa / nmda | Nearest-neighbour STDP | Random, weights 0.02, "
        "probability 0.1 |" in text
    )
    assert "| Input | Out | exc | Default spiking synapse | All-to-All, weights 0.5 |" in text
    assert "| Input | v, spike | 0.1 |" in text
    assert "\\frac{du}{dt} = a \\cdot \\left(b \\cdot v - u\\right)" in text
    assert (
        "\\frac{dv}{dt} = \\frac{B + \\sum_{\\text{exc}} - \\sum_{\\text{inh}} - v}{\\tau}" in text
    )
    assert "\\frac{d{\\text{ltp}}}{dt} = - \\frac{{\\text{ltp}}}{\\tau_{\\text{plus}}}" in text
    assert "R = \\text{mean}({r}^{\\text{post}})" in text
    assert "* Variable $R$ : per post-synaptic neuron, initial value: 0.0" in text
    assert "if $v > v_{\\text{thresh}}$ :" in text and "* $u \\mathrel{+}= d$" in text
    assert "| $\\tau_{\\text{plus}}$ | 20.0 | per projection | double |" in text
    assert text.count("## Izhikevich") == 1  # one section per model


def test_latex_standalone_and_includable(tmp_path):
    net = network()
    net.report(str(tmp_path / "full.tex"))
    full = (tmp_path / "full.tex").read_text()
    assert full.startswith("\\documentclass{article}") and full.rstrip().endswith("\\end{document}")
    assert full.count("\\begin{longtable}") == full.count("\\end{longtable}") == 11
    assert "Input & 100 & Izhikevich \\\\ \\hline" in full
    assert "\\textbf{Neuron model: Leaky-Integrator}" in full
    ann.report(net, str(tmp_path / "part.tex"), standalone=False)
    part = (tmp_path / "part.tex").read_text()
    assert "\\documentclass" not in part and "\\begin{longtable}" in part


def test_gathered_subprojections(tmp_path):
    net = ann.Network()
    pop = net.create(10, ann.LeakyIntegrator, name="P")
    net.connect(pop[:5], pop, "exc").all_to_all(1.0)
    net.connect(pop[5:], pop, "exc").all_to_all(2.0)
    ann.report(net, str(tmp_path / "g.md"), gather_subprojections=True)
    rows = [line for line in (tmp_path / "g.md").read_text().splitlines() if "All-to-All" in line]
    assert rows == [
        "| P | P | exc | Default rate-coded synapse | All-to-All, weights 1.0; All-to-All, weights 2.0 |"
    ]


def test_unknown_extension(tmp_path):
    with pytest.raises(ann.InvalidConfiguration, match="use a .tex"):
        ann.report(network(), str(tmp_path / "model.docx"))
