"""Networks, methods and worker set-ups of the parallel_run() executor tests (an importable
module, so that worker processes unpickle the jobs by reference).

``python -c "import parallel_jobs; parallel_jobs.mpi_main(OUT, WORKDIR, HOME, CACHE)"`` (with
this folder on ``sys.path``) runs the MPI sweep: two workers spawned by
``mpi4py.futures.MPIPoolExecutor`` in ``WORKDIR`` without a compiler (``no_compiler_env``),
building into ``CACHE``; the results are saved in ``OUT`` (``.npz``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import ANNarchy as ann
import numpy as np

NOISY = ann.Neuron(
    parameters="tau = 10.0\nbaseline = 0.0",
    equations="tau * dr/dt = baseline - r + Uniform(-1.0, 1.0)",
)

#: another structure (another build)
DECAYING = ann.Neuron(
    parameters="tau = 10.0\nbaseline = 0.0", equations="tau * dr/dt = baseline - r"
)

#: seeds of the sweeps, and the value each copy's constructor receives
SEEDS = [43, 44]
BASELINES = [0.0, 2.0]


class NoisyNetwork(ann.Network):
    """Rates driven by random draws: the results depend on the seed and the baseline only;
    ``noise=False`` changes the structure (and so the build)."""

    def __init__(self, baseline=0.0, noise=True):
        self.pop = self.create(5, NOISY if noise else DECAYING)
        self.pop.baseline = baseline
        self.pop.r = ann.Uniform(0.0, 1.0, rng=self.default_rng)


def final_rates(net, duration=20.0):
    """The rates after ``duration`` ms, with where and how the worker ran."""
    net.simulate(duration)
    return {
        "seed": net.seed,
        "rates": np.array(net.pop.r),
        "cwd": os.getcwd(),
        "cxx": os.environ.get("CXX"),
        "pid": os.getpid(),
    }


def compiled_parent(directory) -> NoisyNetwork:
    """The parent network, compiled into ``directory``."""
    net = NoisyNetwork(seed=42)
    net.compile(directory=str(directory), silent=True)
    return net


def sweep(net, executor=None, **kwargs) -> list[dict]:
    """The sweep of the tests: one copy per seed of :data:`SEEDS`."""
    return net.parallel_run(
        final_rates,
        number=len(SEEDS),
        seeds=SEEDS,
        executor=executor,
        baseline=BASELINES,
        **kwargs,
    )


def no_compiler_env(home: str, cache: str) -> dict[str, str]:
    """The environment of a worker on a machine without a compiler (``CXX=/bin/false`` and a
    home folder without ``~/.config/ANNarchy/annarchy.json`` naming one) that builds into
    ``cache``."""
    return {"CXX": "/bin/false", "HOME": home, "ANNARCHY_CACHE_DIR": cache}


def without_compiler(workdir: str, home: str, cache: str) -> None:
    """Initializer of a worker on a machine without a compiler and without the parent's
    folders: it runs in the empty ``workdir`` (see :func:`no_compiler_env`)."""
    os.chdir(workdir)
    os.environ.update(no_compiler_env(home, cache))


def mpi_main(out: str, workdir: str, home: str, cache: str) -> None:
    """The MPI sweep (see the module docstring)."""
    from mpi4py.futures import MPIPoolExecutor

    net = compiled_parent(Path(out).parent / "parent-build")
    env = no_compiler_env(home, cache)
    here = str(Path(__file__).resolve().parent)
    with MPIPoolExecutor(2, wdir=workdir, env=env, path=[here], main=False) as pool:
        results = sweep(net, executor=pool)
    np.savez(
        out,
        rates=np.array([r["rates"] for r in results]),
        seeds=np.array([r["seed"] for r in results]),
        pids=np.array([r["pid"] for r in results] + [os.getpid()]),
        cwd=np.array([r["cwd"] for r in results]),
        cxx=np.array([str(r["cxx"]) for r in results]),
    )


if __name__ == "__main__":
    sys.exit("import this module; see its docstring")
