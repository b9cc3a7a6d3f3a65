"""The manual's Network page example, driven by an input population, with a Hebbian projection."""


def run(ann):
    neuron = ann.Neuron(
        parameters=dict(tau=10.0, baseline=ann.Parameter(0.0, locality="local")),
        equations=["tau * dv/dt  + v =  baseline + sum(exc)", "r = pos(v)"],
    )
    synapse = ann.Synapse(parameters=dict(tau=100.0), equations="tau * dw/dt = pre.r * post.r ")
    inp = ann.Neuron(parameters="x = 1.0", equations="r = x")
    net = ann.Network(dt=1.0)
    pop0 = net.create(3, inp)
    pop1 = net.create(2, neuron)
    pop0.x = [1.0, 2.0, -1.0]
    pop1.baseline = [0.5, -1.0]
    proj = net.connect(pop0, pop1, "exc", synapse)
    proj.all_to_all(weights=0.5)
    m = net.monitor(pop1, ["v", "r"])
    mw = net.monitor(proj, "w")
    net.compile(directory="annarchy_hebb_rate", silent=True)
    net.simulate(5.0)
    data = m.get()
    return {
        "v": data["v"],
        "r": data["r"],
        "w_rec": mw.get("w"),
        "w": proj.w,
        "time": net.time,
        "step": net.current_step,
    }


if __name__ == "__main__":
    from _main import main

    main(run)
