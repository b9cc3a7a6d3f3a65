"""`from ANNarchy import *` gives the built-in models and core helpers (as the reference)."""

from __future__ import annotations

import ANNarchy as ann


def test_star_import_gives_models_and_lazy_core_names():
    namespace: dict = {}
    exec("from ANNarchy import *", namespace)  # the manual's own idiom
    for name in (
        "Izhikevich",
        "IF_curr_exp",
        "STDP",
        "Hebb",
        "Oja",
        "STP",
        "Parameter",
        "Variable",
        "Creating",
        "Pruning",
        "sparse_random_matrix",
    ):
        assert namespace[name] is getattr(ann, name), name
    assert issubclass(namespace["Izhikevich"], ann.Neuron)
    assert issubclass(namespace["STDP"], ann.Synapse)
    assert "NEURON_MODELS" not in namespace
