"""``Population``: a group of neurons of one type, with a geometry and per-neuron attributes."""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ..errors import InvalidConfiguration
from .assignment import GuardedMeta, check_assignment
from .capabilities import SupportsClearSpikes, SupportsEnable, SupportsFiringRate, require
from .evaluate import numpy_function
from .io_methods import PopulationIOMixin
from .neuron import Neuron, as_model
from .population_geometry import GeometryMixin, check_geometry
from .values import (
    attribute_error,
    dtype_of,
    initial_values,
    sample_or_array,
    scalar_value,
    to_python,
)
from .view import IndividualNeuron, PopulationView, base_population, geometry_index

_RECREATE = "create a new population instead (in a new Network if this one is compiled)"


class Population(GeometryMixin, PopulationIOMixin, metaclass=GuardedMeta):
    """Population of neurons.

    Returned by ``Network.create()``; creating one directly adds it to the magic network.

    Assigning a name that is neither a parameter or variable of the neuron nor a setting of the
    population (``pop.vv = 1`` for ``pop.v``) raises ``UnknownAttributeError``; ``geometry``,
    ``size`` and ``neuron_type`` are fixed (``ReadOnlyAttributeError``). A subclass may assign
    new names in its ``__init__``; names it assigns only later are listed in its class
    attribute ``_extra_attributes``.

    Parameters
    ----------
    geometry : int or tuple
        Size (int) or shape (tuple) of the population.
    neuron : Neuron
        Neuron model (instance or class).
    name : str, optional
        Unique name in the network (default ``pop<id>``).
    stop_condition : str, optional
        Condition stopping ``simulate_until()``.
    storage_order : str
        ``'post_to_pre'`` (default) or ``'pre_to_post'``: in the reference, the layout of
        the C++ connectivity structures; this project's backends choose their own layout, with
        identical results, so the value is only checked.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).
    """

    _fixed_attributes = {
        "geometry": f"the geometry is fixed when the population is created; {_RECREATE}",
        "size": f"the size follows from the geometry, fixed at creation; {_RECREATE}",
        "neuron_type": f"the neuron model is fixed when the population is created; {_RECREATE}",
    }

    def __init__(
        self,
        geometry,
        neuron,
        name=None,
        stop_condition=None,
        storage_order="post_to_pre",
        copied=False,
        net_id=0,
    ):
        from .config import STORAGE_ORDERS
        from .registry import network_by_id

        if storage_order not in STORAGE_ORDERS:
            raise InvalidConfiguration(
                f"Population '{name or ''}': storage_order must be 'post_to_pre' or "
                f"'pre_to_post', got {storage_order!r}."
            )
        self._define(geometry, neuron, name, stop_condition)
        network_by_id(net_id)._add_population(self)

    # ----------------------------------------------------------------- set-up
    def _define(self, geometry, neuron, name, stop_condition) -> None:
        self.geometry = check_geometry(geometry)
        self.size = int(np.prod(self.geometry))
        self.neuron_type = as_model(neuron, Neuron, "Population")
        self._user_name = name
        self.name = name
        self.stop_condition = stop_condition
        self.enabled = True
        self.id = -1
        self._net = None
        self._ir = None
        self._values: dict[str, np.ndarray] = {}
        self._initial: dict[str, np.ndarray] = {}
        self._attributes = {}

    def _attach(self, net, pop_id: int) -> None:
        """Join ``net`` as its population ``pop_id``: parse the neuron, set initial values."""
        self._net = net
        self.id = pop_id
        self.name = self._user_name or f"pop{pop_id}"
        ir = self.neuron_type._parse(net._parse_settings())
        old = self._values
        self._ir = ir
        self._attributes = {a.name: a for a in ir.attributes}
        self._values = {}
        for attr in ir.attributes:
            shape = (self.size,) if attr.locality == "local" else ()
            prev = old.get(attr.name)
            if prev is not None and prev.shape == shape:
                self._values[attr.name] = prev.astype(dtype_of(attr))
            else:
                self._values[attr.name] = initial_values(attr, shape, net.default_rng, self._values)

    @property
    def owner(self) -> str:
        """The runtime owner name (``pop<id>``)."""
        return f"pop{self.id}"

    def _runtime(self):
        net = self._net
        return net._runtime if net is not None and net._runtime is not None else None

    # ------------------------------------------------------------ attributes
    @property
    def attributes(self) -> list[str]:
        """Names of the parameters and variables."""
        return list(self._attributes)

    @property
    def parameters(self) -> list[str]:
        """Names of the parameters."""
        return [a.name for a in self._attributes.values() if a.kind == "parameter"]

    @property
    def variables(self) -> list[str]:
        """Names of the variables."""
        return [a.name for a in self._attributes.values() if a.kind != "parameter"]

    @property
    def functions(self) -> list[str]:
        """Names of the functions defined by the neuron model."""
        return [f.name for f in self._ir.functions] if self._ir is not None else []

    @property
    def targets(self) -> list[str]:
        """Targets of the projections reaching this population."""
        found: list[str] = []
        if self._net is not None:
            for proj in self._net._projections:
                if base_population(proj.post) is self:
                    found += [t for t in proj._targets if t not in found]
        return found

    @property
    def refractory(self):
        """Refractory period (ms) of the neuron model."""
        ref = self.neuron_type.refractory
        return self.get(ref) if isinstance(ref, str) and ref in self._attributes else ref

    @refractory.setter
    def refractory(self, value) -> None:
        ref = self.neuron_type.refractory
        if not (isinstance(ref, str) and ref in self._attributes):
            raise InvalidConfiguration(
                f"Population '{self.name}': the refractory period of '{self.neuron_type.name}' "
                "is not an attribute, so it cannot be assigned yet; give the neuron "
                "refractory='name of a parameter' and set that parameter."
            )
        self._write(ref, self._convert(ref, value))

    def _attribute(self, name: str):
        try:
            return self._attributes[name]
        except KeyError:
            raise attribute_error(f"Population '{self.name}'", name, self._attributes) from None

    def _read(self, name: str) -> np.ndarray:
        """The current values of ``name``: shape (size,) when local, () when global."""
        attr = self._attribute(name)
        rt = self._runtime()
        if rt is None:
            return self._values[name].copy()
        return np.array(rt.get(self.owner, name), dtype=dtype_of(attr))

    def _write(self, name: str, values: np.ndarray) -> None:
        rt = self._runtime()
        if rt is None:
            self._values[name] = values
        else:
            rt.set(self.owner, name, values)

    def _convert(self, name: str, value, size: int | None = None) -> np.ndarray:
        """Check a user value for ``name`` and turn it into (size,) or () values."""
        attr = self._attribute(name)
        rng = self._net.default_rng if self._net is not None else None
        if attr.locality != "local":
            return scalar_value(f"Population '{self.name}'", attr, value, rng)
        n = self.size if size is None else size
        arr = np.asarray(sample_or_array(value, (n,), rng, f"Population '{self.name}'"))
        if arr.size == 1 and arr.ndim <= 1:
            return np.full(n, arr.reshape(()), dtype=dtype_of(attr))
        if arr.size != n:  # as the reference, any shape with n elements (C order) is taken
            where = self.geometry if size is None else (n,)
            raise InvalidConfiguration(
                f"Population '{self.name}': '{name}' needs a single value or {n} values "
                f"(shape {where}), got shape {arr.shape}."
            )
        return arr.reshape(n).astype(dtype_of(attr))

    def get(self, name: str):
        """The value of a parameter or variable (array of the geometry, or a scalar).

        Parameters
        ----------
        name : str
            Name of the attribute.
        """
        attr = self._attribute(name)
        values = self._read(name)
        if attr.locality != "local":
            return to_python(values, attr)
        return values.reshape(self.geometry)

    def set(self, values: dict) -> None:
        """Set several attributes from a dictionary ``{name: value}``.

        Parameters
        ----------
        values : dict
            Attribute names and their values: scalars, lists, arrays of the size or geometry, or
            random distributions.
        """
        for name, value in values.items():
            self._write(name, self._convert(name, value))

    def __getattr__(self, name: str):
        attrs = self.__dict__.get("_attributes")
        if name.startswith("_") or attrs is None:
            raise AttributeError(name)
        if name in attrs:
            return self.get(name)
        ir = self.__dict__.get("_ir")
        if ir is not None:
            defs = {f.name: f for f in ir.functions}
            if name in defs:
                return numpy_function(defs[name], defs)
        raise attribute_error(f"Population '{self.__dict__.get('name')}'", name, attrs)

    def __setattr__(self, name: str, value) -> None:
        if name == "enabled" and self.__dict__.get("_net") is not None:
            self._set_enabled(bool(value))  # after compile: as enable()/disable()
            return
        attrs = self.__dict__.get("_attributes", {})
        if name in attrs:
            self._write(name, self._convert(name, value))
            return
        check_assignment(self, name, f"Population '{self.__dict__.get('name')}'", attrs)
        object.__setattr__(self, name, value)

    def sum(self, target: str) -> np.ndarray:
        """The weighted sums of ``target`` (``g_target`` for spiking neurons), or zeros.

        Parameters
        ----------
        target : str
            The projection target.
        """
        if self.neuron_type.type == "spike":
            name = f"g_{target}"
            if name in self._attributes:
                return self.get(name)
            return np.zeros(self.geometry)
        rt = self._runtime()
        known = target in self.targets or (self._ir is not None and target in self._ir.targets)
        if rt is None or not known:
            return np.zeros(self.geometry)
        return np.array(rt.get(self.owner, f"_sum_{target}"), dtype=float).reshape(self.geometry)

    # -------------------------------------------------------------- subsets
    def neuron(self, *coord) -> IndividualNeuron:
        """The neuron of the given rank or coordinates, as an ``IndividualNeuron``."""
        if len(coord) == 1 and not isinstance(coord[0], Integral):
            coord = tuple(coord[0])
        rank = coord[0] if len(coord) == 1 else self.rank_from_coordinates(coord)
        if not isinstance(rank, Integral) or not 0 <= rank < self.size:
            raise InvalidConfiguration(
                f"Population '{self.name}': no neuron of rank {rank!r} (size {self.size})."
            )
        return IndividualNeuron(self, int(rank))

    @property
    def neurons(self):
        """Iterate over every neuron of the population."""
        for rank in range(self.size):
            yield IndividualNeuron(self, rank)

    def __getitem__(self, index):
        ranks, geometry, single = geometry_index(self.geometry, index, f"Population '{self.name}'")
        if single:
            return IndividualNeuron(self, int(ranks[0]))
        return PopulationView(self, ranks, geometry=geometry)

    def __iter__(self):
        return self.neurons

    # ------------------------------------------------------------- control
    def _snapshot(self) -> None:
        """Remember the values pushed at compile time, for ``reset()``."""
        self._initial = {name: values.copy() for name, values in self._values.items()}

    def reset(self, attributes=None) -> None:
        """Set attributes back to their value at ``compile()`` (all of them by default).

        Parameters
        ----------
        attributes : list of str, optional
            The attributes to reset.
        """
        source = self._initial if self._runtime() is not None else self._values
        for name in attributes or list(self._attributes):
            self._attribute(name)
            if name in source:
                self._write(name, source[name].copy())

    def enable(self) -> None:
        """Re-enable the computations of this population."""
        self._set_enabled(True)

    def disable(self) -> None:
        """Temporarily disable the computations of this population."""
        self._set_enabled(False)

    def _set_enabled(self, flag: bool) -> None:
        rt = self._runtime()
        if rt is not None:
            what = f"Population '{self.name}': {'enable' if flag else 'disable'}()"
            self._require(rt, SupportsEnable, what).set_enabled(self.owner, flag)
        object.__setattr__(self, "enabled", bool(flag))

    def _require(self, rt, capability: type, what: str):
        """``rt`` when it offers ``capability``, else a clear error naming the backend."""
        return require(rt, capability, what, self._net._backend_name)

    def clear(self) -> None:
        """Clear the spiking events emitted so far: last spike times, refractory periods,
        spikes still in flight to delayed projections and the history of
        ``compute_firing_rate()``. Variables keep their values; nothing to do for rate-coded
        populations."""
        rt = self._runtime()
        if self.neuron_type.type == "spike" and rt is not None:
            what = f"Population '{self.name}': clear()"
            self._require(rt, SupportsClearSpikes, what).clear_spikes(self.owner)

    def compute_firing_rate(self, window: float) -> None:
        """Compute the mean firing rate ``r`` (Hz) of each spiking neuron over the last
        ``window`` ms: ``r`` = spikes in the window * 1000 / window, updated after the spikes of
        each step. It can be recorded and read by synapses (``pre.r``, ``post.r``); without
        this call ``r`` stays 0.0. Can be called before or after ``compile()`` (the spikes
        already counted are kept).

        Parameters
        ----------
        window : float
            Window in ms over which the spikes are counted (at least ``dt``).
        """
        if self.neuron_type.type != "spike":
            raise InvalidConfiguration(
                f"Population '{self.name}': compute_firing_rate() is for spiking neurons; "
                "a rate-coded neuron already has its rate in 'r'."
            )
        try:
            window = float(window)
        except (TypeError, ValueError):
            window = float("nan")
        if not window > 0 or window == float("inf"):
            raise InvalidConfiguration(
                f"Population '{self.name}': compute_firing_rate() needs a window > 0 ms."
            )
        rt = self._runtime()
        if rt is not None:
            what = f"Population '{self.name}': compute_firing_rate()"
            self._require(rt, SupportsFiringRate, what).set_firing_rate(self.owner, window)
        object.__setattr__(self, "_fr_window", window)

    def __repr__(self) -> str:
        return (
            f"Population '{self.name}': {self.size} neurons {self.geometry} of "
            f"'{self.neuron_type.name}'"
        )
