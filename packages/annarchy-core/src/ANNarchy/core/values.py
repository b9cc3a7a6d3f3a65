"""Attribute values shared by populations and projections: dtypes, initial values, conversions.

Before ``compile()`` values live in numpy arrays owned by the object; afterwards every read and
write goes through the runtime (``runtime.get/set(owner, name)``).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidConfiguration, UnknownAttributeError
from ..random import RandomDistribution
from .assignment import closest

DTYPES = {"double": np.float64, "float": np.float64, "int": np.int64, "bool": np.bool_}
PY_TYPES = {"double": float, "float": float, "int": int, "bool": bool}


def dtype_of(attr) -> type:
    """The numpy dtype of an IR ``Attribute``."""
    return DTYPES.get(attr.ctype, np.float64)


def initial_values(
    attr, shape: tuple[int, ...], rng: np.random.Generator, known: dict | None = None
) -> np.ndarray:
    """The initial values of ``attr`` for ``shape``: its ``init`` broadcast, or sampled.

    ``init`` may name an attribute initialised before (``init="U"``): ``known`` maps such names
    to their values.
    """
    init = attr.init
    if isinstance(init, str):
        if known is None or init not in known:
            raise InvalidConfiguration(
                f"The initial value of '{attr.name}' names '{init}', which is not a parameter "
                "declared before it."
            )
        return np.broadcast_to(np.asarray(known[init]), shape).astype(dtype_of(attr))
    if isinstance(init, RandomDistribution):
        return np.asarray(init.get_values(shape, rng=rng), dtype=dtype_of(attr))
    if init is None:
        init = 0
    try:
        return np.full(shape, init, dtype=dtype_of(attr))
    except (TypeError, ValueError):
        raise InvalidConfiguration(
            f"The initial value {init!r} of '{attr.name}' is not a number."
        ) from None


def sample_or_array(value, shape: tuple[int, ...], rng: np.random.Generator, owner: str = ""):
    """A RandomDistribution sampled for ``shape``, anything else as a numpy array."""
    if isinstance(value, RandomDistribution):
        return value.get_values(shape, rng=rng)
    try:
        return np.asarray(value, dtype=float) if not _is_bool_like(value) else np.asarray(value)
    except (TypeError, ValueError):
        where = f"{owner}: " if owner else ""
        raise InvalidConfiguration(
            f"{where}cannot use {value!r} as a value (expected numbers, arrays or a "
            "random distribution)."
        ) from None


def _is_bool_like(value) -> bool:
    return isinstance(value, (bool, np.bool_)) or (
        isinstance(value, np.ndarray) and value.dtype == np.bool_
    )


def to_python(value, attr):
    """A 0-d value as the Python type of the attribute (float, int or bool)."""
    return PY_TYPES.get(attr.ctype, float)(np.asarray(value).reshape(()).item())


def scalar_value(owner: str, attr, value, rng) -> np.ndarray:
    """Check and convert a value for a global attribute (one value)."""
    arr = sample_or_array(value, (), rng, owner)
    if arr.size != 1:
        raise InvalidConfiguration(
            f"{owner}: '{attr.name}' is global (one value for all), got {arr.size} values."
        )
    return np.asarray(arr.reshape(()), dtype=dtype_of(attr))


def attribute_error(owner: str, name: str, known) -> UnknownAttributeError:
    """The error for an unknown attribute, listing the known ones (and the closest)."""
    names = ", ".join(known) or "none"
    guess = closest(name, known)
    hint = f" Did you mean '{guess}'?" if guess else ""
    return UnknownAttributeError(f"{owner} has no attribute '{name}' (attributes: {names}).{hint}")


def as_ranks(ranks, size: int, owner: str) -> np.ndarray:
    """Validate a list of ranks against a population size."""
    arr = np.asarray(ranks, dtype=np.int64).ravel()
    if arr.size and (arr.min() < 0 or arr.max() >= size):
        raise InvalidConfiguration(f"{owner}: ranks must be between 0 and {size - 1}.")
    return arr
