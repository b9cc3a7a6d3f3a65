"""Assignments to populations, views, projections and dendrites: a typo is an error.

``pop.vv = 1`` (meaning ``pop.v``) would otherwise create a Python attribute that the simulation
never reads. Once an object is built (its class's ``__init__`` has returned), an assignment must
name one of these, else ``UnknownAttributeError`` lists the model's attributes and the closest
name:

- a parameter or variable of the model (handled by the class before calling ``check_assignment``);
- a name starting with ``_`` (internal state);
- a property with a setter, or another name defined on the class;
- an attribute the object already holds (set during ``__init__``, e.g. ``name``);
- a name listed in the class attribute ``_extra_attributes`` (a set; subclasses of plugins use it
  for names they assign only after ``__init__``).

Names in the class attribute ``_fixed_attributes`` (``{name: what to do instead}``), such as a
population's ``geometry``, and properties without a setter, such as ``size``, are read-only:
assigning them raises ``ReadOnlyAttributeError``.
"""

from __future__ import annotations

import difflib

from ..errors import ReadOnlyAttributeError, UnknownAttributeError

_MISSING = object()


class GuardedMeta(type):
    """Marks an instance as built once ``__init__`` has returned (``_built`` in its dict).

    Before that, ``__init__`` (of the class or of a subclass) may assign any name.
    """

    def __call__(cls, *args, **kwargs):
        obj = super().__call__(*args, **kwargs)
        obj.__dict__["_built"] = True
        return obj


def _class_names(cls: type, key: str) -> dict:
    """The union of the class attribute ``key`` (a set or a dict) over the MRO."""
    found: dict = {}
    for klass in reversed(cls.__mro__):
        value = klass.__dict__.get(key)
        if isinstance(value, dict):
            found.update(value)
        elif value:
            found.update(dict.fromkeys(value, ""))
    return found


def _static(cls: type, name: str):
    """What the class (or a base) defines under ``name``, without calling descriptors."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return _MISSING


def settable_names(obj) -> list[str]:
    """Public names other than model attributes that may be assigned on ``obj``."""
    cls = type(obj)
    names = [n for n in obj.__dict__ if not n.startswith("_")]
    names += [
        n
        for klass in cls.__mro__
        for n, member in klass.__dict__.items()
        if isinstance(member, property) and member.fset is not None and not n.startswith("_")
    ]
    names += list(_class_names(cls, "_extra_attributes"))
    fixed = _class_names(cls, "_fixed_attributes")
    return [n for n in dict.fromkeys(names) if n not in fixed]


def describe_model(attributes) -> str:
    """``"parameters: tau, a; variables: v, r"`` for a dict of IR attributes."""
    params = [n for n, a in attributes.items() if getattr(a, "kind", "") == "parameter"]
    variables = [n for n, a in attributes.items() if getattr(a, "kind", "") != "parameter"]
    return f"parameters: {', '.join(params) or 'none'}; variables: {', '.join(variables) or 'none'}"


def closest(name: str, candidates) -> str | None:
    """The candidate closest to ``name`` (difflib), or None when none is close."""
    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def check_assignment(obj, name: str, owner: str, attributes) -> None:
    """Refuse ``obj.name = ...`` when ``name`` is read-only or unknown (see module docstring).

    Parameters
    ----------
    obj : object
        The population, view, projection, dendrite...
    name : str
        The name assigned (not a parameter or variable of the model).
    owner : str
        How the object is named in messages (``"Population 'pop0'"``).
    attributes : dict
        The model's attributes (``{name: IR attribute}``).
    """
    if name.startswith("_") or not obj.__dict__.get("_built", False):
        return
    cls = type(obj)
    fixed = _class_names(cls, "_fixed_attributes")
    static = _static(cls, name)
    if name in fixed or (isinstance(static, property) and static.fset is None):
        hint = fixed.get(name) or "it is computed by ANNarchy"
        raise ReadOnlyAttributeError(f"{owner}: '{name}' cannot be assigned: {hint}.")
    if static is not _MISSING or name in obj.__dict__:
        return
    if name in _class_names(cls, "_extra_attributes"):
        return
    raise unknown_assignment(obj, name, owner, attributes)


def unknown_assignment(obj, name: str, owner: str, attributes) -> UnknownAttributeError:
    """The error for assigning a name that is neither a model attribute nor settable."""
    guess = closest(name, [*attributes, *settable_names(obj)])
    did_you_mean = f" Did you mean '{guess}'?" if guess else ""
    return UnknownAttributeError(
        f"{owner} has no attribute '{name}' to assign.{did_you_mean} Its model has "
        f"{describe_model(attributes)}. Only these (and the object's own settings such as "
        "'name') can be assigned, so that a misspelt name does not go unnoticed; keep other "
        "data in your own variables, or subclass and list the name in '_extra_attributes'."
    )
