"""Two coupled ODEs under every numerical method (a block of consecutive ODEs)."""

METHODS = ["explicit", "implicit", "semiimplicit", "exponential", "midpoint", "rk4"]


def run(ann):
    out = {}
    for method in METHODS:
        neuron = ann.Neuron(
            parameters=dict(tau=10.0, I=ann.Parameter(1.0, locality="local")),
            equations=[
                ann.Variable("tau*dx/dt = I - y - x", method=method),
                ann.Variable("tau*dy/dt = x - y", method=method),
                "r = x",
            ],
        )
        net = ann.Network(dt=0.5)
        pop = net.create(2, neuron)
        pop.I = [1.0, 2.0]
        m = net.monitor(pop, ["x", "y"])
        net.compile(directory="annarchy_methods_" + method, silent=True)
        net.simulate(5.0)
        data = m.get()
        out[method] = {"x": data["x"], "y": data["y"]}
    return out


if __name__ == "__main__":
    from _main import main

    main(run)
