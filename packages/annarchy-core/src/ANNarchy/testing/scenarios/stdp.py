"""Online STDP with traces: weight changes of pre/post pairs at known lags."""


def run(ann):
    clock = ann.Neuron(
        parameters=dict(
            period=ann.Parameter(3.0, locality="local"), phase=ann.Parameter(0.0, locality="local")
        ),
        equations=[ann.Variable("dv/dt = 1.0 / period", init=0.0)],
        spike="v >= 1.0",
        reset="v = 0.0",
    )
    stdp = ann.Synapse(
        parameters=dict(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.0105, w_max=1.0),
        equations=[
            ann.Variable("tau_plus * dx/dt = -x", method="event-driven"),
            ann.Variable("tau_minus * dy/dt = -y", method="event-driven"),
        ],
        pre_spike="""
            g_target += w
            x += A_plus * w_max
            w = clip(w - y, 0.0, w_max)
        """,
        post_spike="""
            y += A_minus * w_max
            w = clip(w + x, 0.0, w_max)
        """,
    )
    net = ann.Network(dt=1.0)
    pre = net.create(2, clock)
    post = net.create(2, clock)
    pre.period = [10.0, 14.0]
    post.period = [12.0, 9.0]
    proj = net.connect(pre, post, "exc", stdp)
    proj.all_to_all(weights=0.5)
    net.compile(directory="annarchy_stdp", silent=True)
    net.simulate(60.0)
    return {"w": proj.w, "x": proj.x, "y": proj.y}


if __name__ == "__main__":
    from _main import main

    main(run)
