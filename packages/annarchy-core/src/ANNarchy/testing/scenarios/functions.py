"""Built-in functions, conditionals, user functions, global functions and constants."""


def run(ann):
    ann.add_function("sq(x) = x * x")
    neuron = ann.Neuron(
        parameters=dict(I=ann.Parameter(0.0, locality="local")),
        equations=[
            "a = pos(I) + neg(I) * 2 + clip(I, -1.0, 1.5)",
            "b = if (I > 0.5) and (I < 2.5): sq(I) else: modulo(t, 3)",
            "c = ite(I < 0.0, half(I), I^2) + k",
            "d = if I <= 0.0: exp(I) else: log(1 + I) + sign(I)",
            "r = a + b + c + d",
        ],
        functions="half(x) = x / 2.0",
    )
    net = ann.Network(dt=1.0)
    k = net.constant("k", 0.25)
    pop = net.create(4, neuron)
    pop.I = [-1.5, 0.3, 1.0, 3.0]
    m = net.monitor(pop, ["a", "b", "c", "d"])
    net.compile(directory="annarchy_functions", silent=True)
    net.simulate(2.0)
    k.set(1.5)
    net.simulate(2.0)
    return {key: val for key, val in m.get().items()}


if __name__ == "__main__":
    from _main import main

    main(run)
