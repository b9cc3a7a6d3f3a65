"""Image input: ``ImagePopulation`` loads a picture into the rates of a population (resized to
its geometry, grey levels in [0, 1]); here a rate-coded layer detects its edges.

The script draws a 64x64 picture (a white disc of radius 20 pixels on black) with matplotlib,
saves it as ``image_input.png`` and loads it into a 32x32 ``ImagePopulation``. A 32x32 layer
receives the image one-to-one (weight 1) and the mean of its 8 neighbours (weight -1/8 each), a
Laplacian that only keeps the disc's border. Prints the mean rate of the input population (the
disc's area fraction, 0.3087; deterministic, the reference prints the same number) and saves
the input and the edges to ``image.png``.

    python examples/image.py [--duration 10] [--out .]
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import ANNarchy as ann  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from ANNarchy.extensions.image import ImagePopulation  # noqa: E402


def draw(path: str) -> None:
    """A white disc of radius 20 pixels in a black 64x64 picture."""
    y, x = np.mgrid[0:64, 0:64]
    disc = ((x - 31.5) ** 2 + (y - 31.5) ** 2 < 20.0**2).astype(float)
    plt.imsave(path, disc, cmap="gray", vmin=0.0, vmax=1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="ms of biological time")
    parser.add_argument("--out", default=".", help="folder of the pictures")
    args = parser.parse_args()
    picture = os.path.join(args.out, "image_input.png")
    draw(picture)
    net = ann.Network(dt=1.0)
    inp = net.create(ImagePopulation(geometry=(32, 32)))
    edges = net.create((32, 32), ann.Neuron(equations="r = pos(sum(exc) - sum(inh))"))
    net.connect(inp, edges, "exc").one_to_one(weights=1.0)
    neighbours = np.full((3, 3), 1.0 / 8.0)
    neighbours[1, 1] = 0.0
    rows, cols = np.mgrid[0:32, 0:32]
    matrix = np.zeros((1024, 1024))
    for di, dj in zip(*np.nonzero(neighbours), strict=True):
        r, c = rows + di - 1, cols + dj - 1
        ok = (r >= 0) & (r < 32) & (c >= 0) & (c < 32)
        matrix[(rows * 32 + cols)[ok], (r * 32 + c)[ok]] = 1.0 / 8.0
    net.connect(inp, edges, "inh").from_matrix(matrix)
    net.compile(silent=True)
    inp.set_image(picture)
    net.simulate(args.duration)
    print(f"mean input rate: {np.mean(inp.r):.4f}")
    fig, axes = plt.subplots(1, 2, figsize=(7, 3.5))
    for ax, data, title in zip(axes, (inp.r, edges.r), ("ImagePopulation", "edges"), strict=True):
        ax.imshow(np.asarray(data).reshape(32, 32), cmap="gray")
        ax.set_title(title)
    fig.savefig(os.path.join(args.out, "image.png"), dpi=100)


if __name__ == "__main__":
    main()
