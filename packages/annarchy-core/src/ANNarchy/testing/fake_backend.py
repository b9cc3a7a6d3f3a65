"""A backend without a compiler: the runtime is a dict of numpy arrays following the ``Runtime``
protocol of ``ANNarchy.plugin`` (get/set/run/step/recorders). Nothing is simulated: tests give it
an ``update`` hook that changes values at each step, so recordings hold known numbers.

Register it with the ``fake_backend`` fixture of ``ANNarchy.testing.pytest`` (paradigm name
``'fake'``), or by hand::

    backend = FakeBackend()
    ANNarchy.plugin.register_plugin(FakeBackendPlugin(backend), name="fake-backend")
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..plugin import BuildResult, hookimpl

__all__ = ["FakeBackend", "FakeBackendPlugin", "FakeRuntime"]


class FakeRuntime:
    """The runtime of a network loaded by :class:`FakeBackend`: zeros, changed only by
    ``set()``, ``update(runtime, step)`` and ``reset()``."""

    def __init__(self, net):
        self.net = net
        self.step = 0
        self.store: dict[str, dict[str, np.ndarray]] = {}
        for pop in net.populations:
            self.store[f"pop{pop.id}"] = {
                a.name: np.zeros(pop.size if a.locality == "local" else ())
                for a in pop.neuron.attributes
            }
            for target in pop.neuron.targets:
                self.store[f"pop{pop.id}"][f"_sum_{target}"] = np.zeros(pop.size)
        for proj in net.projections:
            csr = proj.connectivity
            sizes = {"local": csr.nnz, "semiglobal": csr.n_rows, "global": ()}
            self.store[f"proj{proj.id}"] = {
                a.name: np.zeros(sizes[a.locality]) for a in proj.synapse.attributes
            }
        self.constants: dict[str, float] = {}
        self.learning: dict[str, bool] = {}
        self.recorders: dict[int, dict] = {}
        self.sets: list[tuple[str, str]] = []
        self.update = None  # update(runtime, step) called before recording
        self.spikes = None  # spikes(runtime, step) -> {owner: ranks}
        self.resets = 0

    def get(self, owner, name):
        return self.store[owner][name]

    def set(self, owner, name, values):
        target = self.store[owner][name]
        self.sets.append((owner, name))
        if target.ndim == 0:
            self.store[owner][name] = np.asarray(values, dtype=float).reshape(())
        else:
            target[...] = values

    def run(self, nsteps):
        for _ in range(nsteps):
            if self.update is not None:
                self.update(self, self.step)
            self._record()
            self.step += 1

    def _record(self):
        s = self.step
        for rec in self.recorders.values():
            if rec["paused"] or (s - rec["offset"]) % rec["period"]:
                continue
            for name in rec["names"]:
                if name == "spike":
                    fired = (self.spikes(self, s) or {}).get(rec["owner"], [])
                    rec["data"]["spike"][0].extend([s] * len(fired))
                    rec["data"]["spike"][1].extend(fired)
                else:
                    rec["data"][name].append(np.array(self.store[rec["owner"]][name]))

    def set_constant(self, name, value):
        self.constants[name] = value

    def set_learning(self, owner, enabled):
        self.learning[owner] = enabled

    def add_recorder(self, owner, names, period, offset):
        rec_id = len(self.recorders)
        data = {n: ([], []) if n == "spike" else [] for n in names}
        self.recorders[rec_id] = dict(
            owner=owner, names=list(names), period=period, offset=offset, paused=False, data=data
        )
        return rec_id

    def fetch(self, rec_id):
        rec = self.recorders[rec_id]
        out = {}
        for name, values in rec["data"].items():
            if name == "spike":
                out[name] = (np.array(values[0]), np.array(values[1]))
                rec["data"][name] = ([], [])
            else:
                out[name] = np.array(values)
                rec["data"][name] = []
        return out

    def pause(self, rec_id):
        self.recorders[rec_id]["paused"] = True

    def resume(self, rec_id):
        self.recorders[rec_id]["paused"] = False

    def remove(self, rec_id):
        del self.recorders[rec_id]

    def reset(self):
        self.resets += 1
        self.step = 0
        for values in self.store.values():
            for arr in values.values():
                arr[...] = 0.0


class FakeBackend:
    """A backend that generates a comment, builds nothing and loads a :class:`FakeRuntime`.

    Parameters
    ----------
    ok : bool
        What ``available()`` answers (False: "no compiler on this machine").
    """

    name = "fake"

    def __init__(self, ok=True):
        self.ok = ok
        self.generated = None
        self.options = None
        self.runtime = None

    def available(self):
        return (True, "") if self.ok else (False, "no compiler on this machine")

    def generate(self, net):
        self.generated = net
        return {"network.cpp": f"// {len(net.populations)} populations"}

    def build(self, sources, options):
        self.options = options
        return BuildResult(library=Path(options.directory) / "fake.so", key="0", cached=True)

    def load(self, build, net):
        self.runtime = FakeRuntime(net)
        return self.runtime


class FakeBackendPlugin:
    """A plugin object registering ``backend`` under the paradigm name ``'fake'``."""

    def __init__(self, backend):
        self.backend = backend

    @hookimpl
    def register_backends(self, register):
        register.add("fake", self.backend)
