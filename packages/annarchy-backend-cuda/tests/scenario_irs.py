"""NetworkIRs of the scenario networks of ``ANNarchy.testing``, lowered without a backend.

Each scenario's ``run(ann)`` builds a network and calls ``compile()``; here ``compile()`` lowers
the network, keeps its IR and stops the scenario.
"""

from __future__ import annotations

import importlib.util
from functools import cache

from ANNarchy.testing.runner import SCENARIO_DIR as SCENARIOS


class _Captured(Exception):
    pass


def scenario_names() -> list[str]:
    return sorted(p.stem for p in SCENARIOS.glob("*.py") if not p.stem.startswith("_"))


@cache
def scenario_ir(name: str):
    """The NetworkIR of the first network that scenario ``name`` compiles (None: none)."""
    import ANNarchy as ann
    from ANNarchy.core.lowering import lower

    spec = importlib.util.spec_from_file_location(f"scenario_{name}", SCENARIOS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "run"):
        return None
    captured = []

    def compile_(self, *args, **kwargs):
        captured.append(lower(self))
        raise _Captured

    original = ann.Network.compile
    ann.Network.compile = compile_
    try:
        module.run(ann)
    except _Captured:
        pass
    finally:
        ann.Network.compile = original
    return captured[0] if captured else None


def axon_ir():
    """A spiking network with axonal spikes and pre_axon_spike (as tests/test_spiking.py)."""
    import ANNarchy as ann
    from ANNarchy.core.lowering import lower

    neuron = ann.Neuron(
        parameters=dict(I=ann.Parameter(0.3, locality="local")),
        equations=["dv/dt = I", "da/dt = I"],
        spike="v >= 1.0",
        reset="v = 0.0",
        axon_spike="a >= 0.7",
        axon_reset="a = 0.0",
        refractory=2.0,
    )
    post = ann.Neuron(equations="dv/dt = -v + g_exc", spike="v > 100.0", reset="v = 0.0")
    syn = ann.Synapse(pre_spike="g_target += w", pre_axon_spike="g_target += 10 * w")
    net = ann.Network(dt=1.0)
    pre = net.create(2, neuron)
    out = net.create(2, post)
    net.connect(pre, out, "exc", syn).from_matrix([[1.0, None], [0.5, 2.0]])
    return lower(net)
