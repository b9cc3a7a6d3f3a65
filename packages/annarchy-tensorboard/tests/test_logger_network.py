"""A small network logged while it runs, alone and in parallel_run copies (one run each)."""

from __future__ import annotations

import os

import ANNarchy as ann
import numpy as np
from ANNarchy.extensions.tensorboard import Logger
from tfevents import read_runs

LEAKY = ann.Neuron(parameters="tau = 10.0\nI = 0.0", equations="tau * dr/dt = I - r")


def rate(current, steps):
    """Explicit Euler with dt = 1, tau = 10 from r = 0: r_n = I (1 - 0.9^n)."""
    return current * (1.0 - 0.9**steps)


class Leaky(ann.Network):
    """Six leaky integrators driven by I = scale * [0, 1, ..., 5], read by one neuron."""

    def __init__(self, scale=1.0):
        self.pop = self.create(geometry=(2, 3), neuron=LEAKY)
        self.pop.I = scale * np.arange(6.0)
        self.out = self.create(1, LEAKY)
        self.proj = self.connect(self.pop, self.out, "exc")
        self.proj.from_matrix(np.array([[0.5, 0.5, 1.0, 1.0, 1.0, 2.0]]))


def logged_trials(net, logdir, trials=4):
    """One trial = 1 ms; logs r of the last input neuron, the rates as an image, the weights."""
    scale = float(net.pop.I[0, 1])
    with Logger(logdir=logdir, experiment=f"scale={scale}") as logger:
        for trial in range(1, trials + 1):
            net.simulate(1.0)
            logger.add_scalar("Input/r5", net.pop.r[1, 2], trial)
            logger.add_image("Input/rates", net.pop.r, trial, equalize=True)
        logger.add_histogram("Weights", net.proj.w[0], trials)
        logger.add_parameters({"scale": scale}, {"r5": float(net.pop.r[1, 2])})
    return np.array(net.pop.r)


def test_a_network_logged_while_it_runs(tmp_path, cache_dir):
    net = Leaky()
    net.compile(directory=cache_dir, silent=True)
    rates = logged_trials(net, str(tmp_path))
    assert np.allclose(rates.ravel(), rate(np.arange(6.0), 4), rtol=0, atol=1e-12)
    run = read_runs(str(tmp_path))["scale=1.0"]
    scalars = [(step, value) for step, tag, value in run if tag == "Input/r5"]
    assert scalars == [(n, np.float32(rate(5.0, n))) for n in range(1, 5)]
    images = [pixels for _, tag, pixels in run if tag == "Input/rates"]
    # equalized: r / r.max() = I / 5 on every trial -> 255 * [0, 0.2, ..., 1], truncated
    # (0.6 and 0.8 land just below or above 153 and 204 depending on the rounding of r)
    for pixels in images:
        assert pixels.shape == (2, 3, 3)
        assert np.abs(pixels[..., 0].ravel().astype(int) - [0, 51, 102, 153, 204, 255]).max() <= 1
    # the last image: the spec's (img - img.min()) / (img.max() - img.min()) of the final rates
    scaled = (rates - rates.min()) / (rates.max() - rates.min())
    assert images[-1][..., 0].tolist() == (scaled * 255.0).astype(np.uint8).tolist()
    (histogram,) = [value for _, tag, value in run if tag == "Weights"]
    assert (histogram.min, histogram.max, histogram.num, histogram.sum) == (0.5, 2.0, 6, 6.0)


def test_parallel_run_copies_log_in_their_own_runs(tmp_path, cache_dir):
    net = Leaky()
    net.compile(directory=cache_dir, silent=True)
    results = net.parallel_run(
        logged_trials, number=2, max_processes=2, scale=[1.0, 2.0], logdir=str(tmp_path)
    )
    assert sorted(os.listdir(tmp_path)) == ["scale=1.0", "scale=2.0"]
    runs = read_runs(str(tmp_path))
    for scale, rates in zip([1.0, 2.0], results, strict=True):
        assert np.allclose(rates.ravel(), rate(scale * np.arange(6.0), 4), rtol=0, atol=1e-12)
        scalars = [(s, v) for s, tag, v in runs[f"scale={scale}"] if tag == "Input/r5"]
        assert scalars == [(n, np.float32(rate(5.0 * scale, n))) for n in range(1, 5)]
    # each run has its parameters in a subfolder of its own
    params = [folder for folder in runs if folder.count(os.sep) == 1]
    assert sorted(folder.split(os.sep)[0] for folder in params) == ["scale=1.0", "scale=2.0"]
