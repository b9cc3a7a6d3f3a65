"""Build NetworkIR by hand from parsed models (the tests do not depend on the core API)."""

from __future__ import annotations

import numpy as np
import sympy as sp
from ANNarchy.core.backend import BuildOptions
from ANNarchy.core.network_ir import CSR, NetworkIR, PopulationIR, ProjectionIR
from annarchy_parser import Parameter, Variable, parse_neuron, parse_synapse
from annarchy_parser.ir import (
    Assign,
    Attribute,
    Bound,
    GlobalOp,
    NeuronIR,
    RandomDraw,
    SynapseIR,
    Updates,
)

S = sp.Symbol
dt, t = S("dt"), S("t")

__all__ = [
    "Parameter",
    "Variable",
    "parse_neuron",
    "parse_synapse",
    "Assign",
    "Attribute",
    "Bound",
    "GlobalOp",
    "NeuronIR",
    "RandomDraw",
    "SynapseIR",
    "Updates",
    "CSR",
    "S",
    "dt",
    "t",
    "param",
    "var",
    "rate_neuron",
    "rate_synapse",
    "csr_from_matrix",
    "population",
    "projection",
    "network",
    "compile_network",
]


def param(name, init=0.0, locality="global", ctype="double"):
    return Attribute(name, "parameter", locality=locality, ctype=ctype, init=init)


def var(name, init=0.0, locality="local", ctype="double", min=None, max=None):
    return Attribute(name, "variable", locality=locality, ctype=ctype, init=init, min=min, max=max)


def rate_neuron(name, attributes, local=(), global_=(), targets=(), **kw) -> NeuronIR:
    return NeuronIR(
        name=name,
        kind="rate",
        attributes=tuple(attributes),
        updates=Updates(global_=tuple(global_), local=tuple(local)),
        targets=tuple(targets),
        **kw,
    )


def rate_synapse(name, attributes=(), local=(), semiglobal=(), global_=(), **kw) -> SynapseIR:
    attrs = tuple(attributes)
    if not any(a.name == "w" for a in attrs):
        attrs = (param("w", 0.0, "local"),) + attrs
    return SynapseIR(
        name=name,
        kind="rate",
        attributes=attrs,
        updates=Updates(global_=tuple(global_), semiglobal=tuple(semiglobal), local=tuple(local)),
        **kw,
    )


def csr_from_matrix(matrix, delays=None) -> CSR:
    """CSR of a (post x pre) matrix where NaN means 'no synapse'; returns (csr, weights)."""
    m = np.asarray(matrix, dtype=float)
    exists = ~np.isnan(m)
    rows = np.flatnonzero(exists.any(axis=1)).astype(np.int32)
    counts = exists[rows].sum(axis=1)
    row_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    pre = (
        np.concatenate([np.flatnonzero(exists[r]) for r in rows]).astype(np.int32)
        if len(rows)
        else np.zeros(0, np.int32)
    )
    d = None
    if delays is not None:
        dm = np.asarray(delays)
        d = np.concatenate([dm[r][exists[r]] for r in rows]).astype(np.int32)
    return CSR(post_ranks=rows, row_ptr=row_ptr, pre_ranks=pre, delays=d), m[exists]


def population(pid, size, neuron, max_delay=0, name=None) -> PopulationIR:
    return PopulationIR(
        id=pid,
        name=name or f"pop{pid}",
        size=size,
        geometry=(size,),
        neuron=neuron,
        max_delay=max_delay,
    )


def projection(pid, pre, post, target, synapse, csr, fmt="auto", delay=0) -> ProjectionIR:
    return ProjectionIR(
        id=pid,
        name=f"proj{pid}",
        pre=pre,
        post=post,
        target=target,
        synapse=synapse,
        connectivity=csr,
        storage_format=fmt,
        uniform_delay=delay,
    )


def network(pops, projs=(), dt=1.0, seed=42, constants=None, num_threads=1, functions=()):
    return NetworkIR(
        dt=dt,
        seed=seed,
        populations=tuple(pops),
        projections=tuple(projs),
        constants=dict(constants or {}),
        functions=tuple(functions),
        num_threads=num_threads,
    )


def compile_network(net, directory, **options):
    """generate + build + load with the OpenMP backend."""
    from annarchy_openmp import OpenMPBackend

    backend = OpenMPBackend()
    sources = backend.generate(net)
    build = backend.build(sources, BuildOptions(directory=directory, **options))
    return backend.load(build, net)
