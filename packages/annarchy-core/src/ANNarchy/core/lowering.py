"""Lowering: a ``Network`` to the plain-data ``NetworkIR`` a backend generates code from."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import InvalidConfiguration
from .functions import global_functions
from .network_ir import NetworkIR, PopulationIR, ProjectionIR
from .view import base_population


def lower(net) -> NetworkIR:
    """The network as a ``NetworkIR`` (each model parsed once for the network's settings).

    Parameters
    ----------
    net : Network
        The network to lower.

    Returns
    -------
    NetworkIR
    """
    settings = net._parse_settings()
    projections = tuple(lower_projection(proj, settings) for proj in net._projections)
    max_delay: dict[int, int] = {}
    for proj_ir in projections:
        delay = _max_steps(proj_ir)
        max_delay[proj_ir.pre] = max(max_delay.get(proj_ir.pre, 0), delay)
    populations = tuple(
        PopulationIR(
            id=pop.id,
            name=pop.name,
            size=pop.size,
            geometry=pop.geometry,
            neuron=pop.neuron_type._parse(settings),
            max_delay=max_delay.get(pop.id, 0),
            special=special_ir(pop),
            stop_condition=stop_condition_ir(pop, settings),
        )
        for pop in net._populations
    )
    config = net._config
    return NetworkIR(
        dt=net.dt,
        seed=net.seed,
        populations=populations,
        projections=projections,
        constants={name: c.value for name, c in net._all_constants().items()},
        functions=global_functions(),
        num_threads=int(config.get("num_threads") or 1),
        options=_options(net),
    )


def _max_steps(proj_ir: ProjectionIR) -> int:
    delays = proj_ir.connectivity.delays
    if proj_ir.uniform_delay >= 0 or delays is None or len(delays) == 0:
        return max(proj_ir.uniform_delay, 0)
    return int(np.max(delays))


def lower_projection(proj, settings) -> ProjectionIR:
    """One projection as a ``ProjectionIR``; refuses a projection without synapses."""
    if proj.connectivity is None:
        raise InvalidConfiguration(
            f"Projection '{proj.name}' has not been connected: call a connector method such as "
            "all_to_all() or fixed_probability() before compile()."
        )
    csr = proj.connectivity.csr
    uniform = proj.uniform_delay
    if uniform < 0:
        csr = dataclasses.replace(csr, delays=proj._delay_array().astype(np.int32))
    elif csr.delays is not None:
        csr = dataclasses.replace(csr, delays=None)
    config = proj._net._config
    storage_format = proj.storage_format or config["sparse_matrix_format"]
    target = proj.target if isinstance(proj.target, str) else tuple(proj.target)
    special = special_ir(proj)
    _check_spikes_reach_spiking(proj, special)
    return ProjectionIR(
        id=proj.id,
        name=proj.name,
        pre=base_population(proj.pre).id,
        post=base_population(proj.post).id,
        target=target,
        synapse=proj.effective_ir(proj.synapse_type._parse(settings)),
        connectivity=csr,
        storage_format="auto" if storage_format == "default" else storage_format,
        storage_order=proj.storage_order or config["sparse_matrix_storage_order"],
        uniform_delay=uniform,
        special=special,
    )


def _check_spikes_reach_spiking(proj, special) -> None:
    """A spiking synapse writes the conductances ``g_target`` of spiking neurons; a rate-coded
    population has none (unless a plugin's native code does the transmission)."""
    post = base_population(proj.post)
    if special is None and proj.synapse_type.type == "spike" and post.neuron_type.type != "spike":
        raise InvalidConfiguration(
            f"Projection '{proj.name}': the spiking synapse '{proj.synapse_type.name}' cannot "
            f"target the rate-coded population '{post.name}' (it has no conductance "
            f"g_{proj._targets[0]}). Decode the spikes into rates with DecodingProjection "
            "(annarchy-inputs), or use a spiking post-synaptic population."
        )


def special_ir(obj):
    """The ``SpecialIR`` a Population/Projection subclass of a plugin brings through its
    ``_special_ir()`` method (native code, see docs/internals.md section 6), or None."""
    make = getattr(obj, "_special_ir", None)
    return make() if callable(make) else None


def stop_condition_ir(pop, settings):
    """The parsed ``stop_condition`` of ``pop`` (None without one)."""
    if pop.stop_condition is None:
        return None
    from annarchy_parser.stop_condition import parse_stop_condition

    return parse_stop_condition(
        pop.stop_condition,
        pop.neuron_type._parse(settings),
        pop.name,
        settings.constants,
        tuple(settings.global_functions),
    )


def _options(net) -> dict:
    config = net._config
    skip = ("dt", "seed", "num_threads")
    options = {key: value for key, value in config.items() if key not in skip}
    options["disable_omp"] = {proj.id: bool(proj.disable_omp) for proj in net._projections}
    return options
