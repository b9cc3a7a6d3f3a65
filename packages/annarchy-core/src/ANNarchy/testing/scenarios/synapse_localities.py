"""Local, semiglobal (postsynaptic) and global synaptic variables; pre./post. references."""


def run(ann):
    inp = ann.Neuron(parameters="x = 0.0", equations="r = x")
    neuron = ann.Neuron(
        parameters=dict(tau=10.0), equations=["tau * dv/dt + v = sum(exc)", "r = v"]
    )
    syn = ann.Synapse(
        parameters=dict(eta=0.1, k=ann.Parameter(2.0, locality="semiglobal")),
        equations=[
            ann.Variable("trace = post.r * k", locality="semiglobal"),
            ann.Variable("total = total + eta", locality="global"),
            ann.Variable("dw/dt = eta * pre.r * trace - total * w", min=0.0, max=1.0),
        ],
    )
    net = ann.Network(dt=0.5)
    pre = net.create(3, inp)
    post = net.create(2, neuron)
    pre.x = [1.0, 0.5, 2.0]
    proj = net.connect(pre, post, "exc", syn)
    proj.all_to_all(weights=0.3)
    m = net.monitor(post, "v")
    net.compile(directory="annarchy_syn_loc", silent=True)
    proj.k = [1.0, 3.0]
    net.simulate(4.0)
    return {"w": proj.w, "trace": proj.trace, "total": proj.total, "v": m.get("v")}


if __name__ == "__main__":
    from _main import main

    main(run)
