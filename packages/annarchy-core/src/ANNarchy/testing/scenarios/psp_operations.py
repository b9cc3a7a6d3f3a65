"""Weighted sums with operation sum / max / min / mean, a custom psp, and two targets."""


def run(ann):
    inp = ann.Neuron(parameters="x = 0.0", equations="r = x")
    out_neuron = ann.Neuron(equations=["r = sum(a) + 10 * sum(b)", "s = sum(c)"])
    net = ann.Network(dt=1.0)
    pre = net.create(4, inp)
    post = net.create(3, out_neuron)
    pre.x = [1.0, -2.0, 3.0, 0.5]
    result = {}
    projs = {}
    for target, op in (("a", "max"), ("b", "mean"), ("c", "min")):
        syn = ann.Synapse(psp="w * pre.r", operation=op)
        proj = net.connect(pre, post, target, syn)
        proj.all_to_all(weights=ann.Uniform(0.5, 1.5))
        projs[target] = proj
    net.compile(directory="annarchy_psp_ops", silent=True)
    for proj in projs.values():
        proj.w = [[0.5 + 0.1 * i + 0.2 * j for j in range(4)] for i in range(3)]
    net.simulate(2.0)
    result["r"] = post.r
    result["s"] = post.s
    result["sum_a"] = post.sum("a")
    return result


if __name__ == "__main__":
    from _main import main

    main(run)
