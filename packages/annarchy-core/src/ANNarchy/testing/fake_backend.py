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
    """The runtime of a network loaded by ``FakeBackend``: zeros, changed only by
    ``set()``, ``update(runtime, step)`` and ``reset()``.

    Parameters
    ----------
    net : NetworkIR
        The loaded network: each attribute of its neurons and synapses gets an array of zeros
        (one value for a global attribute, one per neuron, per synapse or per post-synaptic
        neuron), and each target of a population a ``_sum_<target>`` array.

    Attributes
    ----------
    step : int
        The current step.
    store : dict
        The arrays by owner (``'pop<id>'``, ``'proj<id>'``), then by attribute name.
    constants : dict of str to float
        The values given to ``set_constant``.
    learning : dict of str to bool
        The last flag given to ``set_learning``, by projection.
    recorders : dict of int to dict
        The recorders by id: owner, names, period, offset, paused and the recorded data.
    sets : list of tuple of (str, str)
        Every ``(owner, name)`` given to ``set``, in order (what core pushed).
    update : callable or None
        ``update(runtime, step)``, called at each step before recording: the test's dynamics.
    spikes : callable or None
        ``spikes(runtime, step) -> {owner: ranks}``: the spikes recorded at ``step``.
    resets : int
        The number of ``reset()`` calls.
    """

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
        """The array of attribute ``name`` of ``owner`` (itself, not a copy).

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.
        name : str
            An attribute of its neuron or synapse, or ``'_sum_<target>'``.

        Returns
        -------
        numpy.ndarray
        """
        return self.store[owner][name]

    def set(self, owner, name, values):
        """Write ``values`` into the array of ``name`` of ``owner`` and note it in ``sets``.

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.
        name : str
            An attribute of its neuron or synapse.
        values : numpy.ndarray or float
            Values broadcast to the shape ``get`` returns.
        """
        target = self.store[owner][name]
        self.sets.append((owner, name))
        if target.ndim == 0:
            self.store[owner][name] = np.asarray(values, dtype=float).reshape(())
        else:
            target[...] = values

    def run(self, nsteps):
        """Call ``update(self, step)``, record and advance ``step``, ``nsteps`` times.

        Parameters
        ----------
        nsteps : int
            Number of steps.
        """
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
        """Keep ``value`` in ``constants`` (nothing uses it).

        Parameters
        ----------
        name : str
            The name of the constant.
        value : float
            Its value.
        """
        self.constants[name] = value

    def set_learning(self, owner, enabled):
        """Keep ``enabled`` in ``learning`` (nothing learns).

        Parameters
        ----------
        owner : str
            ``'proj<id>'``.
        enabled : bool
            Whether learning is on.
        """
        self.learning[owner] = enabled

    def add_recorder(self, owner, names, period, offset):
        """Record ``names`` of ``owner`` at the steps ``t`` where ``(t - offset) % period``
        is 0: a copy of each array, or the ranks ``spikes(self, t)`` gives for ``owner``.

        Parameters
        ----------
        owner : str
            ``'pop<id>'`` or ``'proj<id>'``.
        names : list of str
            Attribute names, or ``'spike'``.
        period : int
            Recording period in steps.
        offset : int
            Offset of the records within the period, in steps.

        Returns
        -------
        int
            The recorder's id (0, 1, ... in order of creation).
        """
        rec_id = len(self.recorders)
        data = {n: ([], []) if n == "spike" else [] for n in names}
        self.recorders[rec_id] = dict(
            owner=owner, names=list(names), period=period, offset=offset, paused=False, data=data
        )
        return rec_id

    def fetch(self, rec_id):
        """What recorder ``rec_id`` recorded since the last fetch, then forgotten.

        Parameters
        ----------
        rec_id : int
            An id returned by ``add_recorder``.

        Returns
        -------
        dict
            By name: an array of one row per record, or for ``'spike'`` a tuple
            ``(steps, ranks)`` of arrays with one entry per spike.
        """
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
        """Stop recorder ``rec_id`` until ``resume``.

        Parameters
        ----------
        rec_id : int
            An id returned by ``add_recorder``.
        """
        self.recorders[rec_id]["paused"] = True

    def resume(self, rec_id):
        """Record again with recorder ``rec_id``.

        Parameters
        ----------
        rec_id : int
            An id returned by ``add_recorder``.
        """
        self.recorders[rec_id]["paused"] = False

    def remove(self, rec_id):
        """Delete recorder ``rec_id`` and what it holds.

        Parameters
        ----------
        rec_id : int
            An id returned by ``add_recorder``.
        """
        del self.recorders[rec_id]

    def reset(self):
        """Count the call in ``resets``, go back to step 0 and set every array to zero."""
        self.resets += 1
        self.step = 0
        for values in self.store.values():
            for arr in values.values():
                arr[...] = 0.0


class FakeBackend:
    """A backend that generates a comment, builds nothing and loads a ``FakeRuntime``.

    Parameters
    ----------
    ok : bool
        What ``available()`` answers (False: "no compiler on this machine").

    Attributes
    ----------
    generated : NetworkIR or None
        The network last given to ``generate``.
    options : BuildOptions or None
        The options last given to ``build``.
    runtime : FakeRuntime or None
        The runtime last loaded: tests set its ``update`` and ``spikes`` hooks.
    """

    name = "fake"

    def __init__(self, ok=True):
        self.ok = ok
        self.generated = None
        self.options = None
        self.runtime = None

    def available(self):
        """Whether the backend can run, as ``ok`` says.

        Returns
        -------
        tuple of (bool, str)
            ``(True, '')``, or ``(False, 'no compiler on this machine')``.
        """
        return (True, "") if self.ok else (False, "no compiler on this machine")

    def generate(self, net):
        """A one-line comment as source; ``net`` is kept in ``generated``.

        Parameters
        ----------
        net : NetworkIR
            The network to generate.

        Returns
        -------
        dict of str to str
            ``{'network.cpp': '// <n> populations'}``.
        """
        self.generated = net
        return {"network.cpp": f"// {len(net.populations)} populations"}

    def build(self, sources, options):
        """Build nothing; ``options`` is kept in ``options``.

        Parameters
        ----------
        sources : dict of str to str
            What ``generate`` returned (ignored).
        options : BuildOptions
            The build options.

        Returns
        -------
        BuildResult
            A cached result (key ``'0'``) naming ``fake.so`` under ``options.directory``
            (no such file is written).
        """
        self.options = options
        return BuildResult(library=Path(options.directory) / "fake.so", key="0", cached=True)

    def load(self, build, net):
        """A new ``FakeRuntime`` of ``net``, also kept in ``runtime``.

        Parameters
        ----------
        build : BuildResult
            What ``build`` returned (ignored).
        net : NetworkIR
            The network to load.

        Returns
        -------
        FakeRuntime
        """
        self.runtime = FakeRuntime(net)
        return self.runtime


class FakeBackendPlugin:
    """A plugin object registering ``backend`` under the paradigm name ``'fake'``.

    Parameters
    ----------
    backend : FakeBackend
        The backend to register (tests keep it to reach its ``runtime``).
    """

    def __init__(self, backend):
        self.backend = backend

    @hookimpl
    def register_backends(self, register):
        """The ``register_backends`` hook: adds ``backend`` as ``'fake'``.

        Parameters
        ----------
        register : Registry
            The backend registry of ``ANNarchy.plugin``.
        """
        register.add("fake", self.backend)
