"""``Projection``: the synapses between two populations (or views), built by a connector."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import InvalidConfiguration
from ..plugins import registry
from .assignment import GuardedMeta, check_assignment
from .config import STORAGE_FORMATS, STORAGE_ORDERS
from .delays import DelayMixin
from .dendrite import Dendrite, IndividualSynapse
from .evaluate import numpy_function
from .io_methods import ProjectionIOMixin
from .learning import LearningMixin
from .neuron import Synapse, as_model, default_synapse
from .projection_settings import ProjectionSettingsMixin
from .projection_structure import ProjectionStructureMixin
from .structural import remember, restore
from .structural_rules import StructuralMixin
from .synapse_values import convert, split_rows
from .utils import is_user_name
from .v4_connectors import v4_connector, v4_names
from .values import attribute_error, dtype_of, initial_values, to_python
from .view import base_population


def check_storage(owner: str, storage_format, storage_order) -> None:
    """Refuse unknown storage formats and orders with the list of known ones."""
    if storage_format is not None and storage_format not in STORAGE_FORMATS:
        raise InvalidConfiguration(
            f"{owner}: unknown storage_format '{storage_format}' "
            f"(known: {', '.join(STORAGE_FORMATS)})."
        )
    if storage_order is not None and storage_order not in STORAGE_ORDERS:
        raise InvalidConfiguration(
            f"{owner}: storage_order must be 'post_to_pre' or 'pre_to_post', got '{storage_order}'."
        )


def _plastic(ir, name: str) -> bool:
    """Whether the synapse changes ``name``: a variable, or assigned in any statement."""
    if ir.attribute(name).kind != "parameter":
        return True
    updates = ir.updates
    blocks = (updates.global_, updates.semiglobal, updates.local, ir.pre_spike, ir.post_spike)
    blocks += (ir.pre_axon_spike, ir.event_driven)
    return any(getattr(stmt, "target", None) == name for block in blocks for stmt in block)


class Projection(
    ProjectionStructureMixin,
    ProjectionIOMixin,
    StructuralMixin,
    ProjectionSettingsMixin,
    LearningMixin,
    DelayMixin,
    metaclass=GuardedMeta,
):
    """Projection between two populations.

    Returned by ``Network.connect()``; a connector method (``all_to_all()``,
    ``fixed_probability()``, ... any name in ``registry("connectors")``) then creates the
    synapses.

    Parameters
    ----------
    pre, post : str, Population or PopulationView
        Pre- and post-synaptic neurons (a name is looked up in the network).
    target : str or list of str
        Type of the connection.
    synapse : Synapse, optional
        Synapse model (default: ``w * pre.r`` or ``g_target += w``).
    name : str, optional
        Unique name (default ``proj<id>``).
    disable_omp : bool
        Keep spike propagation sequential (kept for the backend).
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).
    storage_format, storage_order : str, optional
        Data structure of the connectivity in the generated code: a format of the spec
        (``'lil'``, ``'csr'``, ``'dense'``, ...) and ``'post_to_pre'`` or ``'pre_to_post'``;
        other values raise. The backends use the format where they implement it (``'dense'``,
        a sparse one) and choose their own layout otherwise; the order affects only the
        reference's C++ structures and is checked, not used. The numbers do not change (a
        sparse and a dense sum may differ in the last bit).

    Notes
    -----
    Assigning a name the projection does not have (``proj.ww = 1``) raises
    ``UnknownAttributeError``; see ``projection_settings`` for the fixed and settable names.
    The ANNarchy 4 names (``connect_fixed_probability()``...) still work, with a
    ``DeprecationWarning`` (``v4_connectors``).
    """

    _connector_methods: tuple[str, ...] = ()  # of a subclass, with a 4.x ``connect_`` name

    def __init__(
        self,
        pre,
        post,
        target,
        synapse=None,
        name=None,
        disable_omp=True,
        copied=False,
        net_id=0,
        storage_format=None,
        storage_order=None,
    ):
        from .registry import network_by_id

        net = network_by_id(net_id)
        if net_id == 0 and not isinstance(pre, str):
            net = base_population(pre)._net or net
        self._define(net, pre, post, target, synapse, name)
        check_storage(f"Projection '{name or ''}'", storage_format, storage_order)
        self.disable_omp = disable_omp
        self.storage_format = storage_format
        self.storage_order = storage_order
        net._add_projection(self)

    # ----------------------------------------------------------------- set-up
    def _define(self, net, pre, post, target, synapse, name) -> None:
        self.pre = net._resolve_population(pre, "pre") if net is not None else pre
        self.post = net._resolve_population(post, "post") if net is not None else post
        label = name or f"{getattr(pre, 'name', '?')} -> {getattr(post, 'name', '?')} ({target})"
        targets = (target,) if isinstance(target, str) else tuple(target)
        if not targets or not all(is_user_name(t) for t in targets):
            raise InvalidConfiguration(
                f"Projection '{name or ''}': target must be a name such as 'exc' (or a list "
                f"of names: ASCII letters, digits and '_', starting with a letter), got "
                f"{target!r}."
            )
        self.target = target if isinstance(target, str) else list(targets)
        self._targets = targets
        pre_kind = base_population(self.pre).neuron_type.type
        if synapse is None:
            synapse = default_synapse(pre_kind)
        self.synapse_type = as_model(synapse, Synapse, f"Projection '{name or ''}'")
        if self.synapse_type.type == "spike" and pre_kind != "spike":
            raise InvalidConfiguration(
                f"Projection '{label}': the synapse '{self.synapse_type.name}' reacts to "
                "spikes, but the pre-synaptic population is rate-coded: use a spiking "
                "pre-synaptic population or a rate-coded synapse."
            )
        self._user_name = name
        self.name = name
        self.id = -1
        self._net = None
        self._ir = None
        self._attributes = {}
        self._values: dict[str, np.ndarray] = {}
        self._initial: dict[str, np.ndarray] = {}
        self._connectivity = None
        self._delays = 0.0
        self._single_weight = False
        self._learning = True

    def _attach(self, net, proj_id: int) -> None:
        """Join ``net`` as its projection ``proj_id`` and parse the synapse."""
        self._net = net
        self.id = proj_id
        self.name = self._user_name or f"proj{proj_id}"
        self._ir = self.synapse_type._parse(net._parse_settings())
        self._attributes = {a.name: a for a in self._ir.attributes}
        for attr in self._ir.attributes:
            if attr.locality == "global":
                self._values[attr.name] = initial_values(attr, (), net.default_rng, self._values)

    @property
    def owner(self) -> str:
        """The runtime owner name (``proj<id>``)."""
        return f"proj{self.id}"

    def _who(self) -> str:
        return f"Projection '{self.name}'"

    def _runtime(self):
        net = self._net
        return net._runtime if net is not None and net._runtime is not None else None

    def effective_ir(self, ir):
        """``ir`` with ``w`` made global when the projection uses a single weight.

        Parameters
        ----------
        ir : SynapseIR
            The parsed synapse model of the projection.

        Returns
        -------
        SynapseIR
        """
        if not self._single_weight:
            return ir
        attrs = tuple(
            dataclasses.replace(a, locality="global") if a.name == "w" else a for a in ir.attributes
        )
        return dataclasses.replace(ir, attributes=attrs)

    # ------------------------------------------------------------- connectors
    def __getattr__(self, name: str):
        attrs = self.__dict__.get("_attributes")
        if name.startswith("_") or attrs is None:
            raise AttributeError(name)
        if name in attrs:
            return self.get(name)
        connectors = registry("connectors")
        if name in connectors:
            return self._connector_method(name, connectors.get(name))
        method = v4_connector(self, name)
        if method is not None:
            return method
        ir = self.__dict__.get("_ir")
        if ir is not None:
            defs = {f.name: f for f in ir.functions}
            if name in defs:
                return numpy_function(defs[name], defs)
        known = [*attrs, *connectors.names(), *v4_names(self, name)]
        raise attribute_error(self._who(), name, known)

    def __setattr__(self, name: str, value) -> None:
        attrs = self.__dict__.get("_attributes", {})
        if name in attrs:
            self._write(name, self._convert(name, value))
            return
        check_assignment(self, name, f"Projection '{self.__dict__.get('name')}'", attrs)
        object.__setattr__(self, name, value)

    def _connector_method(self, cname: str, fn):
        def method(*args, **kwargs):
            return self._connect_with(cname, fn, args, kwargs)

        method.__name__ = cname
        method.__doc__ = getattr(fn, "__doc__", None)
        return method

    def _context(self):
        from ..connectors.base import ConnectContext

        pre, post = base_population(self.pre), base_population(self.post)
        return ConnectContext(
            pre_ranks=np.asarray(self.pre.ranks),
            post_ranks=np.asarray(self.post.ranks),
            pre_geometry=pre.geometry,
            post_geometry=post.geometry,
            same_population=pre is post,
            same_object=self.pre is self.post,
            rng=self._net.default_rng,
            dt=self._net.dt,
            synapse_kind=pre.neuron_type.type,
            name=self.name,
            pre=self.pre,
            post=self.post,
        )

    def _connect_with(self, cname: str, fn, args, kwargs):
        from ..connectors.validate import check_connectivity

        if self._net is None:
            raise InvalidConfiguration(f"{self._who()} does not belong to a network.")
        if self._net.compiled:
            raise InvalidConfiguration(
                f"{self._who()}: connector methods must be called before compile()."
            )
        storage_format = kwargs.get("storage_format")
        storage_order = kwargs.get("storage_order")
        check_storage(self._who(), storage_format, storage_order)
        context = self._context()
        conn = check_connectivity(fn(context, *args, **kwargs), context, cname, fn)
        self.storage_format = storage_format or self.storage_format
        self.storage_order = storage_order or self.storage_order
        self._set_connectivity(conn, bool(kwargs.get("force_multiple_weights", False)))
        return self

    def _set_connectivity(self, conn, force_multiple: bool) -> None:
        self._connectivity = conn
        self._delays = conn.delays
        self._single_weight = (
            np.ndim(conn.weights) == 0 and not force_multiple and not _plastic(self._ir, "w")
        ) and not self._net._config.get("structural_plasticity")
        self._attributes = {a.name: a for a in self.effective_ir(self._ir).attributes}
        csr, rng = conn.csr, self._net.default_rng
        weights = conn.weights
        for attr in self._attributes.values():
            if attr.name == "w" and _connector_array(weights, attr, csr):
                self._values["w"] = weights  # the connector's own array: no copy
                if not _plastic(self._ir, "w") and getattr(self, "_special_ir", None) is None:
                    # nothing writes it in place: the runtime may share it (copy on write)
                    weights.flags.writeable = False
            elif attr.locality == "local":
                self._values[attr.name] = initial_values(attr, (csr.nnz,), rng, self._values)
            elif attr.locality == "semiglobal":
                self._values[attr.name] = initial_values(attr, (csr.n_rows,), rng, self._values)
            elif attr.name not in self._values:
                self._values[attr.name] = initial_values(attr, (), rng, self._values)
        if self._values.get("w") is not weights:
            self._values["w"] = convert(self._who(), self._attributes["w"], weights, csr, rng)

    @property
    def connectivity(self):
        """The connector's result (``Connectivity``), or None before a connector is called."""
        return self._connectivity

    def _csr(self):
        if self._connectivity is None:
            raise InvalidConfiguration(
                f"{self._who()} has no synapses yet: call a connector method such as "
                "all_to_all() or fixed_probability() first."
            )
        return self._connectivity.csr

    # ----------------------------------------------------------- attributes
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
        """Names of the functions of the synapse model."""
        return [f.name for f in self._ir.functions] if self._ir is not None else []

    def _attribute(self, name: str):
        try:
            return self._attributes[name]
        except KeyError:
            raise attribute_error(self._who(), name, self._attributes) from None

    def _read(self, name: str) -> np.ndarray:
        """Flat values: (nnz,) local, (n_rows,) semiglobal, () global."""
        attr = self._attribute(name)
        rt = self._runtime()
        if rt is not None:
            return np.array(rt.get(self.owner, name), dtype=dtype_of(attr))
        if attr.locality != "global":
            self._csr()
        return self._values[name].copy()

    def _write(self, name: str, values: np.ndarray) -> None:
        rt = self._runtime()
        if rt is None:
            self._values[name] = values
        else:
            rt.set(self.owner, name, values)

    def _convert(self, name: str, value) -> np.ndarray:
        attr = self._attribute(name)
        csr = self._csr() if attr.locality != "global" else None
        return convert(self._who(), attr, value, csr, self._net.default_rng)

    def _shape_out(self, attr, flat):
        if attr.locality == "global":
            return to_python(flat, attr)
        if attr.locality == "semiglobal":
            return np.asarray(flat).tolist()
        return split_rows(flat, self._csr())

    def get(self, name: str):
        """Values of an attribute.

        Parameters
        ----------
        name : str
            Name of the attribute (``"w"``, ``"delay"``, a parameter or variable).

        Returns
        -------
        list of list, list or float
            A list of lists (local: one list per dendrite), a list (semiglobal) or a scalar.
        """
        return self._shape_out(self._attribute(name), self._read(name))

    def set(self, value: dict) -> None:
        """Set attributes from ``{name: value}``.

        Parameters
        ----------
        value : dict
            Attribute names and their values (a scalar, a list per dendrite, a list of lists or a
            random distribution; see the manual for the accepted shapes).
        """
        for name, val in value.items():
            self._write(name, self._convert(name, val))

    # ------------------------------------------------------------- control
    def _snapshot(self) -> None:
        # the arrays of _values are replaced, never written in place: shared, not copied
        self._initial = dict(self._values)
        remember(self)

    def reset(self, attributes=-1, synapses: bool = False) -> None:
        """Set attributes back to their value at ``compile()``.

        Parameters
        ----------
        attributes : list of str or -1
            The attributes to reset (-1: all); the weights ``w`` only with ``synapses``.
        synapses : bool
            Also give the projection back the synapses it had at ``compile()`` (undoing
            ``create_synapse``/``prune_synapse`` and structural plasticity), with their
            weights and delays at compile.
        """
        if synapses:
            restore(self)
        names = list(self._attributes) if attributes == -1 else list(attributes)
        if not synapses:  # as the reference: the weights belong to the synapses
            names = [name for name in names if name != "w"]
        source = self._initial if self._runtime() is not None else self._values
        for name in names:
            self._attribute(name)
            if name in source:
                self._write(name, source[name].copy())

    def __repr__(self) -> str:
        pre, post = base_population(self.pre), base_population(self.post)
        return f"Projection '{self.name}': {pre.name} -> {post.name} ({self.target})"


def _connector_array(weights, attr, csr) -> bool:
    """Whether the connector's weights are one float per synapse, as the projection keeps them
    (it then keeps that array, without a copy)."""
    return (
        attr.locality == "local"
        and isinstance(weights, np.ndarray)
        and weights.shape == (csr.nnz,)
        and weights.dtype == dtype_of(attr)
    )


__all__ = ["Projection", "Dendrite", "IndividualSynapse", "base_population"]
