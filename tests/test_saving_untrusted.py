"""Loading a file never runs code from it: a pickle naming any callable (``os.system`` here)
is refused by every loading path with the library's error, and nothing runs."""

from __future__ import annotations

import gzip
import os
import pickle

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.saving_formats import META_KEY, StateFileError
from ANNarchy.errors import ANNarchyException

MARKER = "executed.marker"


class Payload:
    """Unpickling this calls ``os.system('touch executed.marker')``."""

    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


def write_payload(name: str) -> str:
    data = {META_KEY: "{}", "arrays": {"p0__r": Payload()}}
    if name.endswith(".npz"):
        with open(name, "wb") as f:
            np.savez(f, **{META_KEY: np.array("{}"), "p0__r": np.array([Payload()], dtype=object)})
        return name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(name, "wb") as f:
        pickle.dump(data, f)
    return name


def build():
    net = ann.Network(dt=1.0)
    pop = net.create(3, ann.Neuron(equations="r = 1.0"), name="pop")
    proj = net.connect(pop, pop, "exc", name="proj")
    proj.all_to_all(weights=0.5)
    return net, pop, proj


@pytest.mark.filterwarnings("ignore:ANNarchy.load")
@pytest.mark.parametrize("ext", ["data", "pkl", "pickle", "txt", "txt.gz", "npz"])
def test_crafted_file_is_refused_by_every_loader(tmp_path, ext):
    os.chdir(tmp_path)
    name = write_payload(f"evil.{ext}")
    net, pop, proj = build()
    loaders = [
        lambda: net.load(name),
        lambda: pop.load(name),
        lambda: proj.load(name),
        lambda: ann.load(name, net_id=net.id),
        lambda: build()[2].from_file(name),
    ]
    for load in loaders:
        with pytest.raises(ANNarchyException, match=f"Refusing to read 'evil.{ext}'.*posix.system"):
            load()
        assert not os.path.exists(MARKER)


def test_refused_globals_are_named_and_numpy_data_is_read(tmp_path):
    os.chdir(tmp_path)
    with open("eval.data", "wb") as f:  # builtins.eval through a hand-written pickle
        f.write(b"cbuiltins\neval\n(S'1+1'\ntR.")
    with pytest.raises(StateFileError, match="builtins.eval"):
        ann.Network(dt=1.0).load("eval.data")
    from ANNarchy.core.safe_pickle import load_pickle

    value = {"a": np.arange(3.0), "b": np.float32(2.5), "c": [1, (2, "x")], "d": {1, 2}}
    with open("ok.data", "wb") as f:
        pickle.dump(value, f, protocol=5)
    with open("ok.data", "rb") as f:
        back = load_pickle(f)
    assert np.array_equal(back["a"], [0.0, 1.0, 2.0])
    assert back["b"] == np.float32(2.5) and back["b"].dtype == np.float32
    assert back["c"] == [1, (2, "x")] and back["d"] == {1, 2}
