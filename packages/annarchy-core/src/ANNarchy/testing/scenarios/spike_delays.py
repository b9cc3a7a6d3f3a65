"""Spikes travel through projections with uniform and non-uniform delays into g_target."""


def run(ann):
    clock = ann.Neuron(
        parameters=dict(period=ann.Parameter(3.0, locality="local")),
        equations=["dv/dt = 1.0 / period"],
        spike="v >= 1.0",
        reset="v = 0.0",
    )
    receiver = ann.Neuron(
        parameters=dict(tau=2.0),
        equations=[
            "tau * dg_exc/dt = -g_exc",
            "v = g_exc + g_inh",
        ],
        spike="v > 1000.0",
        reset="v = 0.0",
    )
    net = ann.Network(dt=0.5)
    pre = net.create(2, clock)
    pre.period = [3.0, 5.0]
    post = net.create(2, receiver)
    p1 = net.connect(pre, post, "exc")
    p1.all_to_all(weights=1.0, delays=2.0)
    p2 = net.connect(pre, post, "inh")
    p2.from_matrix([[0.5, 0.25], [1.0, None]], delays=[[1.0, 3.5], [0.5, 0.5]])
    m = net.monitor(post, ["g_exc", "g_inh"])
    mp = net.monitor(pre, "spike")
    net.compile(directory="annarchy_spike_delays", silent=True)
    net.simulate(15.0)
    spikes = mp.get("spike")
    data = m.get()
    return {"g_exc": data["g_exc"], "g_inh": data["g_inh"], "pre_spikes": [spikes[0], spikes[1]]}


if __name__ == "__main__":
    from _main import main

    main(run)
