"""Continuous transmission of spiking synapses (psp), as the NMDA example of SpikeSynapse.qmd."""


def run(ann):
    clock = ann.Neuron(
        parameters=dict(period=ann.Parameter(3.0, locality="local")),
        equations=[ann.Variable("dv/dt = 1.0 / period", init=0.0)],
        spike="v >= 1.0",
        reset="v = 0.0",
    )
    lif = ann.Neuron(
        parameters=dict(tau=10.0),
        equations=["tau * dv/dt = -v + g_exc", "tau * du/dt = -u + g_nmda"],
        spike="v > 100.0",
        reset="v = 0.0",
    )
    nmda = ann.Synapse(
        parameters=dict(tau=10.0),
        equations=["tau * dx/dt = -x", "tau * dg/dt = -g + x * (1 - g)"],
        pre_spike="x += w",
        psp="g",
    )
    net = ann.Network(dt=0.5)
    pre = net.create(3, clock)
    pre.period = [4.0, 7.0, 11.0]
    post = net.create(2, lif)
    p1 = net.connect(pre, post, "nmda", nmda)
    p1.all_to_all(weights=0.5)
    p2 = net.connect(pre, post, "exc")
    p2.from_matrix([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    m = net.monitor(post, ["v", "u", "g_exc", "g_nmda"])
    net.compile(directory="annarchy_spike_psp", silent=True)
    net.simulate(40.0)
    data = m.get()
    return {
        "v": data["v"],
        "u": data["u"],
        "g_exc": data["g_exc"],
        "g_nmda": data["g_nmda"],
        "g": p1.g,
        "x": p1.x,
    }


if __name__ == "__main__":
    from _main import main

    main(run)
