"""``Projection.receptive_fields()``: every receptive field of a projection tiled in one array.

The receptive field of a post-synaptic neuron is a synaptic variable laid out in the 2D geometry
of the pre-synaptic population (0 where there is no synapse). The fields are tiled as the
post-synaptic neurons are laid out: in the post-synaptic geometry (a 1D population is one row),
or, with ``in_post_geometry=False``, in a grid of ``floor(sqrt(n))`` columns and
``ceil(sqrt(n))`` rows (rank ``row * columns + column``; cells past the last rank stay 0).
As the reference does, the array starts with one row of zeros: its shape is
``(1 + rows * pre_height, columns * pre_width)``.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InvalidConfiguration
from .synapse_values import counts_of
from .view import base_population


def _dense(proj, variable: str) -> np.ndarray:
    """``variable`` as a (post.size, pre.size) matrix, 0 where there is no synapse."""
    attr = proj._attribute(variable)
    csr = proj._csr()
    pre, post = base_population(proj.pre), base_population(proj.post)
    counts = counts_of(csr)
    values = np.asarray(proj._read(variable), dtype=float)
    if attr.locality == "semiglobal":
        values = np.repeat(values, counts)
    elif attr.locality == "global":
        values = np.full(csr.nnz, float(values))
    matrix = np.zeros((post.size, pre.size))
    rows = np.repeat(np.asarray(csr.post_ranks, np.int64), counts)
    matrix[rows, np.asarray(csr.pre_ranks, np.int64)] = values
    return matrix


def _layout(proj, in_post_geometry: bool) -> tuple[int, int, list[list[int]]]:
    """(rows, columns, rank of each cell, -1 for none) of the tiling of the post neurons."""
    post = base_population(proj.post)
    if in_post_geometry:
        geometry = tuple(post.geometry)
        if len(geometry) == 1:
            geometry = (1, geometry[0])
        if len(geometry) != 2:
            raise InvalidConfiguration(
                f"{proj._who()}: receptive_fields() tiles the fields in the post-synaptic "
                f"geometry, which must be 1D or 2D (got {geometry}); pass "
                "in_post_geometry=False."
            )
        rows, columns = geometry
        ranks = [[post.rank_from_coordinates((y, x)) if len(post.geometry) == 2 else x
                  for x in range(columns)] for y in range(rows)]  # fmt: skip
        return rows, columns, ranks
    columns = int(math.floor(math.sqrt(post.size)))
    rows = int(math.ceil(math.sqrt(post.size)))
    ranks = [[y * columns + x for x in range(columns)] for y in range(rows)]
    return rows, columns, [[r if r < post.size else -1 for r in row] for row in ranks]


def receptive_fields(proj, variable: str = "w", in_post_geometry: bool = True) -> np.ndarray:
    """Every receptive field of ``proj`` tiled in one 2D array (see the module)."""
    pre = base_population(proj.pre)
    if len(pre.geometry) != 2:
        raise InvalidConfiguration(
            f"{proj._who()}: receptive_fields() needs a pre-synaptic population with a 2D "
            f"geometry, '{pre.name}' has {tuple(pre.geometry)}; use "
            "proj.dendrite(rank).receptive_field() or connectivity_matrix() instead."
        )
    height, width = pre.geometry
    matrix = _dense(proj, variable)
    rows, columns, ranks = _layout(proj, in_post_geometry)
    out = np.zeros((1 + rows * height, columns * width))
    for y, row in enumerate(ranks):
        for x, rank in enumerate(row):
            if rank >= 0:
                top = 1 + y * height
                out[top : top + height, x * width : (x + 1) * width] = matrix[rank].reshape(
                    height, width
                )
    return out
