"""Uniform and non-uniform delays on rate-coded projections."""


def run(ann):
    inp = ann.Neuron(equations="r = t")
    out_neuron = ann.Neuron(equations=["r = sum(u)", "s = sum(n)"])
    net = ann.Network(dt=1.0)
    pre = net.create(2, inp)
    post = net.create(2, out_neuron)
    pu = net.connect(pre, post, "u")
    pu.all_to_all(weights=1.0, delays=3.0)
    pn = net.connect(pre, post, "n")
    pn.from_matrix([[1.0, 2.0], [0.5, 0.0]], delays=[[1.0, 4.0], [2.0, 2.0]])
    m = net.monitor(post, ["r", "s"])
    net.compile(directory="annarchy_rate_delays", silent=True)
    net.simulate(8.0)
    data = m.get()
    return {"r": data["r"], "s": data["s"], "delay_u": pu.delay, "delay_n": pn.delay}


if __name__ == "__main__":
    from _main import main

    main(run)
