"""Leaky integrate-and-fire neurons with constant input: spike times, refractoriness, t_last."""


def make(ann, method):
    return ann.Neuron(
        parameters=dict(
            tau=10.0,
            v_rest=0.0,
            v_thresh=1.0,
            v_reset=0.0,
            I=ann.Parameter(0.0, locality="local"),
        ),
        equations=[ann.Variable("tau * dv/dt = v_rest - v + I", init=0.0, method=method)],
        spike="v > v_thresh",
        reset="v = v_reset",
        refractory=2.0,
    )


def run(ann):
    out = {}
    for method in ("explicit", "exponential"):
        net = ann.Network(dt=0.5)
        pop = net.create(3, make(ann, method))
        pop.I = [1.5, 3.0, 0.9]
        m = net.monitor(pop, ["spike", "v"])
        net.compile(directory="annarchy_lif_" + method, silent=True)
        net.simulate(40.0)
        spikes = m.get("spike")
        out[method] = {
            "spikes": [spikes[i] for i in range(3)],
            "v": m.get("v"),
        }
    return out


if __name__ == "__main__":
    from _main import main

    main(run)
