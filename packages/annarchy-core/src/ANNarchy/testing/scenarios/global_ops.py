"""Global operations (mean, max, min, norm1, norm2) seen by the next step's equations."""


def run(ann):
    neuron = ann.Neuron(
        parameters=dict(tau=5.0, I=ann.Parameter(0.0, locality="local")),
        equations=[
            "tau * dv/dt = I - v",
            "r = v",
            "a = mean(v)",
            "b = max(v) - min(v)",
            "c = norm1(v) + norm2(v)",
        ],
    )
    net = ann.Network(dt=1.0)
    pop = net.create(4, neuron)
    pop.I = [1.0, -2.0, 3.0, 0.5]
    m = net.monitor(pop, ["v", "a", "b", "c"])
    net.compile(directory="annarchy_global_ops", silent=True)
    net.simulate(4.0)
    return {k: v for k, v in m.get().items()}


if __name__ == "__main__":
    from _main import main

    main(run)
