"""Synapses: w, pre/post references, localities, psp, spike events, event-driven."""

from __future__ import annotations

import pytest
import sympy as sp
from annarchy_parser import Creating, ParserError, Pruning, Variable, parse_synapse
from annarchy_parser.ir import Assign, Bound, GlobalOp, StructuralRule
from parser_testutils import run

w, pre_r, post_r = sp.Symbol("w"), sp.Symbol("pre.r"), sp.Symbol("post.r")


def test_default_rate_synapse():
    syn = parse_synapse("Default")
    assert syn.kind == "rate" and syn.operation == "sum"
    assert syn.psp == w * pre_r
    assert syn.pre_refs == ("r",)
    a = syn.attribute("w")
    assert (a.kind, a.locality, a.init) == ("parameter", "local", 0.0)


def test_oja_learning_rule():
    syn = parse_synapse(
        "Oja",
        {"tau": 5000.0, "alpha": 8.0},
        ["tau * dw / dt = pre.r * post.r - alpha * post.r^2 * w"],
    )
    assert syn.attribute("w").kind == "variable" and syn.attribute("w").is_ode
    assert syn.pre_refs == ("r",) and syn.post_refs == ("r",)
    state = {"w": 0.5, "tau": 10.0, "alpha": 2.0, "pre.r": 2.0, "post.r": 3.0, "dt": 1.0}
    run(syn.updates.local, state)
    assert state["w"] == pytest.approx(0.5 + (6.0 - 2.0 * 9.0 * 0.5) / 10.0)


def test_bcm_localities():
    syn = parse_synapse(
        "BCM",
        {"eta": 0.01, "tau": 100.0},
        [
            Variable("tau * dtheta/dt + theta = post.r^2", locality="semiglobal"),
            Variable("dw/dt = eta * post.r * (post.r - theta) * pre.r", min=0.0),
        ],
    )
    assert [s.target for s in syn.updates.semiglobal] == ["_d_theta", "theta"]
    assert [type(s).__name__ for s in syn.updates.local] == ["Assign", "Assign", "Bound"]
    assert syn.attribute("theta").locality == "semiglobal"
    assert syn.attribute("eta").locality == "global"


def test_string_parameter_flags_in_synapses():
    syn = parse_synapse(
        "S",
        """
        wmin = 0.0
        wmax = 10.0 : projection
        eta = 0.5 : postsynaptic
    """,
    )
    loc = {a.name: a.locality for a in syn.attributes}
    assert loc == {"wmin": "local", "wmax": "global", "eta": "semiglobal", "w": "local"}


def test_locality_violations():
    with pytest.raises(ParserError, match="semiglobal statement cannot depend on 'pre.r'"):
        parse_synapse("S", {}, [Variable("x = pre.r", locality="semiglobal")])
    with pytest.raises(ParserError, match="global statement cannot depend on 'post.r'"):
        parse_synapse("S", {}, [Variable("x = post.r", locality="global")])
    with pytest.raises(ParserError, match="cannot depend on 'w'"):
        parse_synapse("S", {}, ["x = w : postsynaptic"])


def test_global_operations_of_pre_and_post():
    syn = parse_synapse(
        "Cov", {"tau": 5000.0}, ["tau * dw/dt = (pre.r - mean(pre.r)) * (post.r - max(post.v))"]
    )
    assert set(syn.global_ops) == {
        GlobalOp("_pre_mean_r", "mean", "r", "pre"),
        GlobalOp("_post_max_v", "max", "v", "post"),
    }
    with pytest.raises(ParserError, match="single variable"):
        parse_synapse("Cov", {}, ["x = mean(w)"])


def test_custom_psp_operation_and_functions():
    syn = parse_synapse(
        "Max",
        psp="product(w, pre.r) + post.sum(exc)",
        operation="max",
        functions="product(x, y) = x * y",
    )
    assert syn.operation == "max"
    assert syn.psp == sp.Function("product")(w, pre_r) + sp.Symbol("post._sum_exc")
    assert syn.post_refs == ("_sum_exc",)
    with pytest.raises(ParserError, match="operation must be one of"):
        parse_synapse("S", operation="prod")


def test_default_spiking_synapse():
    syn = parse_synapse("S", kind="spike")
    assert syn.kind == "spike" and syn.psp is None
    assert syn.pre_spike == (Assign("post.g_target", w, "+=", line="g_target += w"),)


def test_stdp_online():
    syn = parse_synapse(
        "STDP",
        {"tau_pre": 10.0, "tau_post": 10.0, "cApre": 0.01, "cApost": 0.0105, "wmax": 0.01},
        [
            Variable("tau_pre * dApre/dt = - Apre", method="event-driven"),
            Variable("tau_post * dApost/dt = - Apost", method="event-driven"),
        ],
        pre_spike="""
            g_target += w
            Apre += cApre * wmax : unless_post
            w = clip(w - Apost, 0.0 , wmax)
        """,
        post_spike="""
            Apost += cApost * wmax
            w = clip(w + Apre, 0.0 , wmax) : max = wmax
        """,
    )
    assert syn.kind == "spike"
    assert [s.target for s in syn.pre_spike] == ["post.g_target", "Apre", "w"]
    assert [s.unless_post for s in syn.pre_spike] == [False, True, False]
    assert syn.post_spike[-1] == Bound("w", None, sp.Symbol("wmax"))
    assert syn.attribute("w").kind == "variable"  # modified by events
    state = {
        "w": 0.005,
        "Apost": 0.002,
        "wmax": 0.01,
        "post.g_target": 0.0,
        "Apre": 0.0,
        "cApre": 0.01,
    }
    run(syn.pre_spike, state)
    assert state["post.g_target"] == 0.005
    assert state["w"] == pytest.approx(0.003) and state["Apre"] == pytest.approx(1e-4)


def test_stdp_with_spike_times():
    syn = parse_synapse(
        "STDP",
        {"tau_pre": 10.0, "tau_post": 10.0, "cApre": 0.01, "cApost": 0.0105, "wmax": 0.01},
        pre_spike="g_target += w\nw = clip(w - cApost * exp((t_post - t)/tau_post) , 0.0 , wmax)",
        post_spike="w = clip(w + cApre * exp((t_pre - t)/tau_pre) , 0.0 , wmax)",
    )
    assert {"t_post", "t"} <= {s.name for s in syn.pre_spike[1].expr.free_symbols}


def test_nmda_continuous_transmission():
    syn = parse_synapse(
        "NMDA",
        {"tau": 10.0},
        ["tau * dx/dt = -x", "tau * dg/dt = -g + x * (1 - g)"],
        pre_spike="x += w",
        psp="g",
    )
    assert syn.kind == "spike" and syn.psp == sp.Symbol("g")
    assert syn.pre_spike == (Assign("x", w, "+=", line="x += w"),)
    assert [s.target for s in syn.updates.local] == ["_d_x", "_d_g", "x", "g"]


def test_event_driven_impossible_with_psp():
    with pytest.raises(ParserError, match="event-driven integration is not possible"):
        parse_synapse(
            "S", {"tau": 1.0}, ["tau * dx/dt = -x : event-driven"], pre_spike="x += w", psp="x"
        )


def test_spike_event_errors():
    with pytest.raises(ParserError, match="ODEs are not allowed in pre_spike"):
        parse_synapse("S", pre_spike="dw/dt = 1")
    with pytest.raises(ParserError, match="'a' is a global parameter"):
        parse_synapse("S", {"a": 1.0}, pre_spike="a += 1")
    with pytest.raises(ParserError, match="unknown variable 'q'"):
        parse_synapse("S", post_spike="q += 1")
    with pytest.raises(ParserError, match="unknown or misplaced flag"):
        parse_synapse("S", post_spike="w += 1 : unless_post")
    with pytest.raises(ParserError, match="spiking synapses only support"):
        parse_synapse("S", pre_spike="g_target += w", operation="max")
    with pytest.raises(ParserError, match="for spiking synapses only"):
        parse_synapse("S", pre_spike="g_target += w", kind="rate")


def test_synapse_description():
    syn = parse_synapse("S", {"tau": 1.0}, "tau * dw/dt = -w", psp="w * pre.r")
    assert syn.description["equations"] == "tau * dw/dt = -w"
    assert syn.description["psp"] == "w * pre.r"


def test_structural_plasticity():
    syn = parse_synapse(
        "Creating",
        {"eta": 0.1, "T": 1.0},
        Variable("dw/dt = eta * pre.r * post.r"),
        creating=Creating("pre.r * post.r > T", proba=0.1, w=0.01),
        pruning=Pruning("w < 0.001 : proba = 0.5"),
    )
    assert syn.creating == StructuralRule(pre_r * post_r > sp.Symbol("T"), 0.1, 0.01, None)
    assert syn.pruning == StructuralRule(w < sp.Float(0.001), 0.5)
    syn = parse_synapse("S", creating="pre.r > 1 : proba = 0.5, w=0.2, d=2")
    assert (syn.creating.proba, syn.creating.w, syn.creating.d) == (0.5, 0.2, 2.0)
    with pytest.raises(ParserError, match="does not exist yet"):
        parse_synapse("S", creating="w > 1")
    with pytest.raises(ParserError, match="unknown flag in pruning"):
        parse_synapse("S", pruning="w > 1 : w = 2")
    with pytest.raises(ParserError, match="not an assignment"):
        parse_synapse("S", pruning="w = 1")
