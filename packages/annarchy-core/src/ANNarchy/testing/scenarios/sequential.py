"""ODEs separated by an assignment are updated in the written order; global variables first."""

# (the reference solves "implicit" jointly across an interleaved assignment: not compared)
METHODS = ["explicit", "semiimplicit", "exponential"]


def run(ann):
    out = {}
    for method in METHODS:
        neuron = ann.Neuron(
            parameters=dict(tau=10.0, I=ann.Parameter(1.0, locality="local")),
            equations=[
                ann.Variable("tau*dx/dt = I - y - x", method=method),
                "z = x + y",
                ann.Variable("tau*dy/dt = x - y + z", method=method),
                ann.Variable("g = g + 1", locality="global"),
                "r = z + g",
            ],
        )
        net = ann.Network(dt=1.0)
        pop = net.create(2, neuron)
        pop.I = [1.0, 2.0]
        m = net.monitor(pop, ["x", "y", "z", "r"])
        net.compile(directory="annarchy_seq_" + method, silent=True)
        net.simulate(4.0)
        data = m.get()
        out[method] = {k: data[k] for k in ("x", "y", "z", "r")}
        out[method]["g"] = float(pop.g)
    return out


if __name__ == "__main__":
    from _main import main

    main(run)
