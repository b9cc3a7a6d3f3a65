"""Convolution and pooling: oriented edge filters and max-pooling on a 2D input with
``ANNarchy.extensions.convolution`` (shared-weight projections).

A 16x16 input holds a bright square (rows and columns 4 to 11). A bank of four 3x3 filters
(vertical and horizontal edges of both polarities) gives a 16x16x4 layer (``Convolution`` with
a 3D weight bank, zero padding); a ``Pooling`` projection takes the maximum over 2x2 blocks of
each feature map (8x8x4). Rates are rectified. Prints the number of active pooled units (48:
each edge excites two pixel columns over ten rows, 2 x 6 blocks per map; deterministic, the
reference prints the same number) and saves
the input and the four pooled maps to ``convolution.png``.

    python examples/convolution.py [--duration 2] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from ANNarchy.extensions.convolution import Convolution, Pooling  # noqa: E402

EDGE = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
FILTERS = np.array([EDGE, -EDGE, EDGE.T, -EDGE.T])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=2.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the figure")
    args = parser.parse_args()
    net = ann.Network(dt=1.0)
    inp = net.create(ann.InputArray(geometry=(16, 16)))
    features = net.create((16, 16, 4), ann.Neuron(equations="r = pos(sum(exc))"))
    pooled = net.create((8, 8, 4), ann.Neuron(equations="r = sum(exc)"))
    net.connect(Convolution(inp, features, "exc")).connect_filters(weights=FILTERS)
    net.connect(Pooling(features, pooled, "exc", operation="max")).pooling(extent=(2, 2, 1))
    net.compile(silent=True)
    image = np.zeros((16, 16))
    image[4:12, 4:12] = 1.0
    inp.r = image
    net.simulate(max(args.duration, 2.0))
    maps = np.asarray(pooled.r).reshape(8, 8, 4)
    print(f"active pooled units: {int(np.sum(maps > 0.0))}")
    fig, axes = plt.subplots(1, 5, figsize=(12, 2.8))
    axes[0].imshow(image, cmap="gray")
    axes[0].set_title("input")
    for k, title in enumerate(("left edges", "right edges", "top edges", "bottom edges")):
        axes[k + 1].imshow(maps[:, :, k], cmap="hot")
        axes[k + 1].set_title(title)
    fig.savefig(os.path.join(args.out, "convolution.png"), dpi=100)


if __name__ == "__main__":
    main()
