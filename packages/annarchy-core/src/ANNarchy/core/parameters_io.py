"""``save_parameters()`` / ``load_parameters()``: the global parameters of a network as JSON.

The file has the layout of ``manual/Saving.qmd``::

    {"populations": {"pop0": {"tau": 10.0}}, "projections": {"proj0": {"eta": 0.1}},
     "network": {}, "constants": {"c": 1.0}}
"""

from __future__ import annotations

import json
from numbers import Real
from pathlib import Path

from ..errors import ANNarchyException
from .saving_formats import StateFileError
from .saving_load import LoadPlan
from .values import to_python


class ParameterFileError(StateFileError):
    """A JSON parameter file that cannot be read or does not fit the network."""


def global_parameters(obj) -> dict:
    """The current values of the global parameters of a population or projection."""
    out = {}
    for attr in obj._attributes.values():
        if attr.kind == "parameter" and attr.locality == "global":
            out[attr.name] = to_python(obj._read(attr.name), attr)
    return out


def parameters_dict(net) -> dict:
    """The content of the JSON file of `save_parameters`."""
    return {
        "populations": {pop.name: global_parameters(pop) for pop in net._populations},
        "projections": {proj.name: global_parameters(proj) for proj in net._projections},
        "network": {},
        "constants": {name: float(c.value) for name, c in net._all_constants().items()},
    }


def save_parameters(net, filename) -> None:
    """Write the global parameters of ``net`` to the JSON file ``filename``."""
    path = Path(filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(parameters_dict(net), indent=4))


def read_json(filename) -> dict:
    """The JSON object of ``filename``, with its sections checked."""
    path = Path(filename)
    if not path.is_file():
        raise ParameterFileError(f"load_parameters(): the file '{filename}' does not exist.")
    try:
        data = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as err:
        raise ParameterFileError(
            f"load_parameters(): '{filename}' is not valid JSON: {err}."
        ) from None
    if not isinstance(data, dict):
        raise ParameterFileError(f"load_parameters(): '{filename}' must hold a JSON object.")
    for section in ("populations", "projections", "network", "constants"):
        if not isinstance(data.get(section, {}), dict):
            raise ParameterFileError(
                f"load_parameters(): the '{section}' entry of '{filename}' must be an object."
            )
    return data


def check_value(where: str, value) -> None:
    """Only single numbers (or booleans) are allowed in the file."""
    if not isinstance(value, (Real, bool)):
        raise ParameterFileError(
            f"load_parameters(): {where} must be a single number, got {value!r} (the JSON "
            "file cannot contain arrays)."
        )


def plan_object(plan: LoadPlan, obj, values: dict, global_only: bool, verbose: bool) -> None:
    """Plan the writes of the parameters of one population/projection."""
    for name, value in values.items():
        attr = obj._attributes.get(name)
        if attr is None or attr.kind != "parameter":
            continue
        if global_only and attr.locality != "global":
            continue
        where = f"'{obj.name}.{name}'"
        check_value(where, value)
        try:
            converted = obj._convert(name, value)
        except ANNarchyException as err:
            raise ParameterFileError(f"load_parameters(): {where}: {err}") from None
        if verbose:
            plan.add(print, f"{obj.name}.{name}: {obj.get(name)!r} -> {value!r}")
        plan.add(obj._write, name, converted)


def lookup(objects, names, kind: str, filename) -> dict:
    """The network's objects named in the file; an unknown name is an error."""
    mine = {obj.name: obj for obj in objects}
    unknown = sorted(set(names) - set(mine))
    if unknown:
        raise ParameterFileError(
            f"load_parameters(): '{filename}' names the {kind}s {unknown}, which the network "
            f"does not have (known: {sorted(mine)}); names must not change between saving and "
            "loading."
        )
    return mine


def load_parameters(net, filename, global_only: bool = True, verbose: bool = False) -> dict:
    """Set the parameters of ``net`` from a JSON file; return its ``network`` section.

    Parameters absent from a model are skipped; everything is checked before anything changes.
    """
    data = read_json(filename)
    plan = LoadPlan()
    sections = (("populations", net._populations), ("projections", net._projections))
    for section, objects in sections:
        entries = data.get(section, {})
        mine = lookup(objects, entries, section[:-1], filename)
        for name, values in entries.items():
            if not isinstance(values, dict):
                raise ParameterFileError(
                    f"load_parameters(): the entry '{name}' of '{section}' must be an object."
                )
            plan_object(plan, mine[name], values, global_only, verbose)
    constants = net._all_constants()
    for name, value in data.get("constants", {}).items():
        if name in constants:
            check_value(f"the constant '{name}'", value)
            plan.add(constants[name].set, float(value))
    plan.apply()
    return dict(data.get("network", {}))
