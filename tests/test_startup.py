"""What a script pays before its first network is built: loading every installed plugin
(``Network()``) imports none of the large optional libraries; they load when a feature needs
them (scipy.sparse for sparse matrices, scipy.io for Matrix Market files, scipy.special for
correlated inputs, h5py for Keras files): about a second of every script's start otherwise."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("scipy", "scipy.sparse", "scipy.io", "scipy.special", "h5py")

SCRIPT = """
import json, sys
import ANNarchy as ann
net = ann.Network()
pop = net.create(10, ann.Izhikevich)
proj = net.connect(pop, pop, "exc")
proj.fixed_probability(0.5, weights=1.0)
before = [m for m in %r if m in sys.modules]
import scipy.sparse
proj2 = net.connect(pop, pop, "inh")
proj2.from_sparse(scipy.sparse.lil_matrix(([[1.0] * 10] * 10)))
print(json.dumps({"before": before, "synapses": proj2.nb_synapses}))
"""


def test_plugins_load_without_the_large_optional_libraries():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT % (HEAVY,)], capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["before"] == []
    assert result["synapses"] == 100  # a sparse matrix still connects once scipy is there
