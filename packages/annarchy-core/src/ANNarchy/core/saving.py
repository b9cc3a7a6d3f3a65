"""``save()`` / ``load()`` of networks, populations and projections (see ``manual/Saving.qmd``).

The file holds every parameter and variable, the connectivity (CSR) with per-synapse delays, the
current step and the constants; see `.saving_state` for the layout and
`.saving_formats` for the formats. Loading checks the whole file against the network
before changing anything.
"""

from __future__ import annotations

from .saving_formats import StateMismatchError, read_file, write_file
from .saving_legacy import convert
from .saving_load import (
    LoadPlan,
    check_dt,
    check_kind,
    match,
    plan_population,
    plan_projection,
)
from .saving_state import header, nbytes_of, network_state, population_state, projection_state


def save_network(net, filename, populations: bool = True, projections: bool = True) -> None:
    """Write the state of ``net`` to ``filename`` (format from the extension)."""
    meta, arrays = network_state(net, populations, projections)
    write_file(filename, meta, arrays)


def load_network(
    net, filename, populations: bool = True, projections: bool = True, pickle_encoding=None
) -> None:
    """Restore the state saved by `save_network`; nothing changes if anything differs."""
    meta, arrays = read_file(filename, pickle_encoding)
    meta, arrays = convert(meta, net, "network", filename) or (meta, arrays)
    check_kind(meta, "network", filename)
    check_dt(net, meta, filename)
    plan = LoadPlan()
    step = int(meta["step"])
    saved = meta.get("saved", {})
    if populations and saved.get("populations"):
        for pop, entry in match(net._populations, meta["populations"], "population", filename):
            plan_population(plan, pop, entry, arrays, (step, step))
    if projections and saved.get("projections"):
        for proj, entry in match(net._projections, meta["projections"], "projection", filename):
            plan_projection(plan, proj, entry, arrays, (step, step))
    plan_constants(plan, net, meta.get("constants", {}), filename)
    plan.add(set_step, net, step)
    plan.apply()


def set_step(net, step: int) -> None:
    """Set the current step of ``net`` (compiled or not)."""
    net.current_step = step


def plan_constants(plan: LoadPlan, net, saved: dict, filename) -> None:
    """Constants are restored by name; a saved constant the network lacks is an error."""
    constants = net._all_constants()
    unknown = sorted(set(saved) - set(constants))
    if unknown:
        raise StateMismatchError(
            f"'{filename}' sets the constants {unknown}, which network {net.id} does not "
            "declare; declare them with the same names."
        )
    for name, value in saved.items():
        if float(constants[name].value) != float(value):
            plan.add(constants[name].set, float(value))


def save_population(pop, filename) -> None:
    """Write the state of one population to ``filename``."""
    meta = header(_network_of(pop, "save"), kind="population")
    entry, arrays = population_state(pop, "p0")
    meta["populations"] = [entry]
    write_file(filename, meta, arrays)


def load_population(pop, filename, pickle_encoding=None) -> None:
    """Restore the state of one population saved by `save_population`."""
    net = _network_of(pop, "load")
    meta, arrays = read_file(filename, pickle_encoding)
    meta, arrays = convert(meta, net, "population", filename, pop) or (meta, arrays)
    check_kind(meta, "population", filename)
    check_dt(net, meta, filename)
    plan = LoadPlan()
    plan_population(plan, pop, meta["populations"][0], arrays, _steps(net, meta))
    plan.apply()


def save_projection(proj, filename) -> None:
    """Write the state of one projection (connectivity and values) to ``filename``."""
    meta = header(_network_of(proj, "save"), kind="projection")
    entry, arrays = projection_state(proj, "c0")
    meta["projections"] = [entry]
    write_file(filename, meta, arrays)


def load_projection(proj, filename, pickle_encoding=None) -> None:
    """Restore the state of one projection saved by `save_projection`."""
    net = _network_of(proj, "load")
    meta, arrays = read_file(filename, pickle_encoding)
    meta, arrays = convert(meta, net, "projection", filename, proj) or (meta, arrays)
    check_kind(meta, "projection", filename)
    check_dt(net, meta, filename)
    plan = LoadPlan()
    plan_projection(plan, proj, meta["projections"][0], arrays, _steps(net, meta))
    plan.apply()


def _steps(net, meta: dict) -> tuple[int, int]:
    """A per-object file keeps its internal arrays relative to the step it was saved at; the
    network keeps its own time (as the reference), so those arrays move to the current step."""
    return int(meta["step"]), int(net.current_step)


def _network_of(obj, what: str):
    from ..errors import InvalidConfiguration

    net = obj._net
    if net is None:
        raise InvalidConfiguration(
            f"{type(obj).__name__} '{obj.name}'.{what}(): it does not belong to a network."
        )
    return net


def memory_footprint(net) -> dict[str, int]:
    """Bytes held by the state of each population and projection of ``net``, by name.

    The projections count their connectivity (CSR arrays and delays) besides their attributes.
    """
    objects = [*net._populations, *(p for p in net._projections if p._connectivity is not None)]
    return {obj.name: nbytes_of(obj) for obj in objects}
