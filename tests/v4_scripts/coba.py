# ruff: noqa: F403, F405  (an ANNarchy 4 script: star import of the top-level API)
"""COBA network (Vogels & Abbott, 2005), ANNarchy 4 style, 400 neurons for 100 ms."""

from ANNarchy import *

setup(dt=0.1, seed=42)

COBA = Neuron(
    parameters="""
        El = -60.0
        Vr = -60.0
        Erev_exc = 0.0
        Erev_inh = -80.0
        Vt = -50.0
        tau = 20.0
        tau_exc = 5.0
        tau_inh = 10.0
        I = 20.0
    """,
    equations="""
        tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I
        tau_exc * dg_exc/dt = -g_exc
        tau_inh * dg_inh/dt = -g_inh
    """,
    spike="v > Vt",
    reset="v = Vr",
    refractory=5.0,
)

P = Population(geometry=400, neuron=COBA)
Pe = P[:320]
Pi = P[320:]
P.v = Normal(-55.0, 5.0)
P.g_exc = Normal(4.0, 1.5)
P.g_inh = Normal(20.0, 12.0)

Ce = Projection(pre=Pe, post=P, target="exc")
Ce.connect_fixed_probability(weights=0.6, probability=0.1)
Ci = Projection(pre=Pi, post=P, target="inh")
Ci.connect_fixed_probability(weights=6.7, probability=0.1)

m = Monitor(P, "spike")
compile()
simulate(100.0)
spikes = m.get("spike")
RESULT = {"spikes": {int(k): [int(t) for t in v] for k, v in spikes.items()}}
print(sum(len(v) for v in RESULT["spikes"].values()), "spikes")
