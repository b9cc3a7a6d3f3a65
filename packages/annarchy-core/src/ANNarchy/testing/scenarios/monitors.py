"""Monitor timing: period, start=False + resume, pause, times()."""


def run(ann):
    neuron = ann.Neuron(equations="r = t")
    net = ann.Network(dt=0.5)
    pop = net.create(3, neuron)
    m1 = net.monitor(pop, "r", period=1.5)
    m2 = net.monitor(pop[1:], "r", start=False)
    net.compile(directory="annarchy_monitors", silent=True)
    net.simulate(3.0)
    m2.resume()
    net.simulate(2.0)
    m2.pause()
    net.simulate(1.0)
    m2.resume()
    net.simulate(1.0)
    return {
        "m1": m1.get("r"),
        "m1_times": m1.times(),
        "m2": m2.get("r"),
    }


if __name__ == "__main__":
    from _main import main

    main(run)
