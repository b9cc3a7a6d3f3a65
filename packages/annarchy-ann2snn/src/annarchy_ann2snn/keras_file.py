"""Reads a ``.keras`` file (the Keras 3 format) with zipfile, json and h5py, without Keras.

The archive holds ``config.json`` (the serialised ``Functional`` or ``Sequential`` model),
``metadata.json`` and ``model.weights.h5``. In the weights file, each layer of ``model.layers``
has a group ``layers/<key>/vars`` whose datasets ``0``, ``1``, ... are its variables (kernel,
then bias); ``<key>`` is the snake-case class name with a counter for repeated classes
(``dense``, ``dense_1``, ``conv2d``, ...). Files of older writers address layers by their name;
both are tried.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .errors import KerasFileError

if TYPE_CHECKING:
    import h5py


@dataclass(frozen=True)
class KerasLayer:
    """One layer of the model, in the order of ``model.layers`` (the input layer is index 0).

    Attributes
    ----------
    index : int
        Position in the model (``Input`` = 0).
    class_name : str
        Keras class (``"Dense"``, ``"Conv2D"``, ...).
    name : str
        Layer name.
    config : dict
        The layer's configuration (``units``, ``activation``, ``use_bias``...).
    weights : list of numpy.ndarray
        The layer's variables in Keras order (kernel, bias).
    """

    index: int
    class_name: str
    name: str
    config: dict
    weights: list = field(default_factory=list)


def snake_case(name: str) -> str:
    """Keras' snake case of a class name (``MaxPooling2D`` -> ``max_pooling2d``)."""
    name = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def read_keras(filename) -> list[KerasLayer]:
    """The layers of a ``.keras`` file, input layer first.

    Parameters
    ----------
    filename : str or path-like
        Path to the ``.keras`` archive.

    Returns
    -------
    list of KerasLayer

    Raises
    ------
    KerasFileError
        When the file is missing, not a zip, lacks ``config.json``/``model.weights.h5`` or
        describes something else than a chain of layers.
    """
    try:
        with zipfile.ZipFile(filename) as archive:
            names = set(archive.namelist())
            for needed in ("config.json", "model.weights.h5"):
                if needed not in names:
                    raise KerasFileError(
                        f"'{filename}' has no {needed}: is it a Keras 3 '.keras' file "
                        "(model.save('model.keras'))?"
                    )
            config = json.loads(archive.read("config.json"))
            weights = archive.read("model.weights.h5")
    except FileNotFoundError:
        raise KerasFileError(f"The Keras model '{filename}' does not exist.") from None
    except zipfile.BadZipFile:
        raise KerasFileError(
            f"'{filename}' is not a '.keras' archive (a zip file); save the model with "
            "model.save('model.keras')."
        ) from None
    except json.JSONDecodeError as error:
        raise KerasFileError(f"'{filename}': config.json is not valid JSON ({error}).") from None
    entries = _layer_entries(config, filename)
    import h5py  # here: h5py takes about 0.15 s to import

    with h5py.File(io.BytesIO(weights), "r") as store:
        return _layers(entries, store, filename)


def _layer_entries(config: dict, filename) -> list[dict]:
    kind = config.get("class_name") if isinstance(config, dict) else None
    if kind not in ("Functional", "Sequential", "Model"):
        raise KerasFileError(
            f"'{filename}' holds a '{kind}', not a Functional or Sequential model."
        )
    entries = config.get("config", {}).get("layers")
    if not isinstance(entries, list) or not entries:
        raise KerasFileError(f"'{filename}': the model configuration lists no layers.")
    return entries


def _layers(entries: list[dict], store: h5py.File, filename) -> list[KerasLayer]:
    counts: dict[str, int] = {}
    layers = []
    for index, entry in enumerate(entries):
        class_name = entry.get("class_name", "?")
        config = dict(entry.get("config", {}))
        name = config.get("name", entry.get("name", f"layer_{index}"))
        base = snake_case(class_name)
        counts[base] = counts.get(base, -1) + 1
        key = base if counts[base] == 0 else f"{base}_{counts[base]}"
        variables = _variables(store, (key, name))
        layers.append(KerasLayer(index, class_name, name, config, variables))
    return layers


def _variables(store: h5py.File, keys) -> list[np.ndarray]:
    for root in ("layers", "_layer_checkpoint_dependencies"):
        for key in keys:
            group = store.get(f"{root}/{key}/vars")
            if group is not None:
                order = sorted(group.keys(), key=int)
                return [np.asarray(group[k], dtype=np.float64) for k in order]
    return []
