"""One nox session per distribution, plus the cross-package suite, lint, the demo and benchmarks.

Each package session installs only that package and what it declares (plus pytest), so an
undeclared dependency fails its tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import nox

nox.options.default_venv_backend = "uv"
nox.options.sessions = [
    "lint",
    "parser",
    "core",
    "codegen",
    "openmp",
    "cuda",
    "inputs",
    "convolution",
    "ann2snn",
    "tensorboard",
    "bold",
    "tests",
    "examples",
    "plugins",
    "sanitize",
    "build",
    "docs",
]

PYTHON = None  # the interpreter nox runs under

PARSER = "packages/annarchy-parser"
CORE = "packages/annarchy-core"
CODEGEN = "packages/annarchy-codegen"
OPENMP = "packages/annarchy-backend-openmp"
CUDA = "packages/annarchy-backend-cuda"
INPUTS = "packages/annarchy-inputs"
CONVOLUTION = "packages/annarchy-convolution"
ANN2SNN = "packages/annarchy-ann2snn"
TENSORBOARD = "packages/annarchy-tensorboard"
BOLD = "packages/annarchy-bold"
NUMPY_PLUGIN = "examples/plugins/annarchy-backend-numpy"

#: every distribution of the project, built and checked by ``build``
DISTRIBUTIONS = (
    PARSER,
    CORE,
    CODEGEN,
    OPENMP,
    CUDA,
    INPUTS,
    CONVOLUTION,
    ANN2SNN,
    TENSORBOARD,
    BOLD,
)
#: out-of-tree example plugins (examples/plugins/<distribution>, each with its own tests/),
#: installed by ``plugins`` with parser and core only: one line per plugin
EXAMPLE_PLUGINS = ("examples/plugins/annarchy-connector-ring", NUMPY_PLUGIN)


def _install(session: nox.Session, *paths: str, extras: tuple[str, ...] = ("pytest",)) -> None:
    args = []
    for path in paths:
        args += ["-e", path]
    session.install(*args, *extras)


#: the only reasons a test may be skipped in CI: it needs a GPU (CI has none)
GPU_ONLY = ("GPU", "CUDA device")


def _pytest(session: nox.Session, *paths: str, env: dict | None = None, extra=()) -> None:
    """Run pytest on ``paths``; fail when a test is skipped for any reason other than a missing
    GPU, so that every test runs in some default session."""
    report = os.path.join(session.create_tmp(), "junit.xml")
    session.run(
        "pytest", *paths, "-p", "no:cacheprovider", f"--junitxml={report}", *extra,
        *session.posargs, env=env,
    )  # fmt: skip
    skipped = _skipped_tests(report)
    if skipped:
        session.error("tests skipped without needing a GPU:\n" + "\n".join(skipped))


def _skipped_tests(report: str) -> list[str]:
    """``file::test: reason`` for each test of the JUnit ``report`` skipped without needing a
    GPU."""
    import xml.etree.ElementTree as ET

    found = []
    for case in ET.parse(report).getroot().iter("testcase"):
        for skip in case.findall("skipped"):
            reason = skip.get("message", "")
            if not any(word in reason for word in GPU_ONLY):
                found.append(f"{case.get('classname')}::{case.get('name')}: {reason}")
    return found


@nox.session(python=PYTHON)
def parser(session: nox.Session) -> None:
    """annarchy-parser alone."""
    _install(session, PARSER)
    _pytest(session, f"{PARSER}/tests")


@nox.session(python=PYTHON)
def core(session: nox.Session) -> None:
    """annarchy-core with the parser, no backend (hypothesis for the spike read-back properties)."""
    _install(session, PARSER, CORE, extras=("pytest", "hypothesis"))
    _pytest(session, f"{CORE}/tests")


@nox.session(python=PYTHON)
def codegen(session: nox.Session) -> None:
    """annarchy-codegen (helpers of C-family backends) with core and parser, no backend."""
    _install(session, PARSER, CORE, CODEGEN)
    _pytest(session, f"{CODEGEN}/tests")


@nox.session(python=PYTHON)
def openmp(session: nox.Session) -> None:
    """The OpenMP backend with core and parser."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP)
    _pytest(session, f"{OPENMP}/tests")


@nox.session(python=PYTHON)
def cuda(session: nox.Session) -> None:
    """The CUDA backend with core, parser and annarchy-inputs (its special code), CuPy and NVRTC
    (about 220 MB of wheels): code
    generation, NVRTC compile checks and the runtime's bookkeeping run without a GPU."""
    _install(session, PARSER, CORE, CODEGEN, INPUTS, f"{CUDA}[cuda12]")
    _pytest(session, f"{CUDA}/tests")


@nox.session(python=PYTHON)
def inputs(session: nox.Session) -> None:
    """annarchy-inputs with core, parser and the OpenMP backend (Pillow for ImagePopulation)."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP, f"{INPUTS}[image]")
    _pytest(session, f"{INPUTS}/tests")


@nox.session(python=PYTHON)
def convolution(session: nox.Session) -> None:
    """annarchy-convolution (Convolution, Pooling, Copy, Transpose) with the OpenMP backend."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP, f"{CONVOLUTION}[test]")
    _pytest(session, f"{CONVOLUTION}/tests")


@nox.session(python=PYTHON)
def ann2snn(session: nox.Session) -> None:
    """annarchy-ann2snn (ANNtoSNNConverter, h5py; no TensorFlow) with the OpenMP backend and
    annarchy-convolution (its optional extra: the Conv2D/pooling tests run)."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP, CONVOLUTION, f"{ANN2SNN}[test]")
    _pytest(session, f"{ANN2SNN}/tests")


@nox.session(python=PYTHON)
def tensorboard(session: nox.Session) -> None:
    """annarchy-tensorboard (tensorboardX; Pillow and matplotlib for the tests) with the OpenMP
    backend for the example networks."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP, f"{TENSORBOARD}[test]")
    _pytest(session, f"{TENSORBOARD}/tests")


@nox.session(python=PYTHON)
def bold(session: nox.Session) -> None:
    """annarchy-bold (BoldMonitor, BoldModel, balloon models) with the OpenMP backend."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP, f"{BOLD}[test]")
    _pytest(session, f"{BOLD}/tests")


#: the executors of the parallel_run() tests (tests/test_parallel_executors.py): Dask, and
#: mpi4py with an MPI runtime from PyPI (MPICH wheels exist for Linux and macOS; elsewhere the
#: MPI test skips, saying why)
PARALLEL_DEPS = (
    "distributed",
    "mpi4py",
    "mpich; sys_platform == 'linux' or sys_platform == 'darwin'",
)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The cross-package behaviour suite, against every installed backend (hypothesis for the
    fuzzer, tests/test_fuzz.py; Dask and MPI for parallel_run())."""
    _install(
        session,
        PARSER,
        CORE,
        CODEGEN,
        OPENMP,
        INPUTS,
        CONVOLUTION,
        BOLD,
        extras=("pytest", "hypothesis", *PARALLEL_DEPS),
    )
    _pytest(session, "tests")


@nox.session(python=PYTHON)
def plugins(session: nox.Session) -> None:
    """The example plugins, each installed (not editable) from its own folder into a venv with
    only parser and core, as a third party would, then its own tests; then the openmp backend
    joins and the numpy backend's comparisons with it run (tests named ``*openmp*``)."""
    _install(session, PARSER, CORE)
    for path in EXAMPLE_PLUGINS:
        session.install(path)
        _pytest(session, f"{path}/tests", extra=("-k", "not openmp"))
    _install(session, CODEGEN, OPENMP, extras=())
    _pytest(session, f"{NUMPY_PLUGIN}/tests", extra=("-k", "openmp"))


#: every script of examples/ with the arguments that shorten it for ``examples``
#: (tests/test_examples_session.py checks that the folder and this table agree)
EXAMPLES = {
    "adex.py": ["--duration", "200"],
    "ann2snn.py": ["--duration", "20"],
    "bar_learning.py": ["--trials", "20"],
    "bcm.py": ["--duration", "1000"],
    "bold.py": ["--duration", "3000"],
    "coba.py": ["--duration", "100", "--neurons", "1000"],
    "convolution.py": ["--duration", "2"],
    "cuba.py": ["--duration", "100"],
    "hodgkin_huxley.py": ["--duration", "50"],
    "homeostatic.py": ["--duration", "3000"],
    "hybrid.py": ["--duration", "100"],
    "image.py": ["--duration", "2"],
    "izhikevich.py": ["--duration", "100"],
    "neural_field.py": ["--duration", "50"],
    "oja.py": ["--duration", "1000"],
    "parallel.py": ["--duration", "100"],
    "stdp_pair.py": ["--duration", "120"],
    "stdp_poisson.py": ["--duration", "1000"],
    "stp.py": ["--duration", "500"],
    "structural.py": ["--duration", "100"],
    "tensorboard.py": ["--trials", "3"],
}


#: what the gallery scripts need (``examples`` and ``docs`` install it)
GALLERY_PACKAGES = (
    PARSER,
    CORE,
    CODEGEN,
    OPENMP,
    f"{INPUTS}[image]",
    CONVOLUTION,
    BOLD,
    TENSORBOARD,
    ANN2SNN,
)


@nox.session(python=PYTHON)
def examples(session: nox.Session) -> None:
    """Every script of examples/ with shortened durations, in a temporary folder (figures and
    build folders land there); fails on the first error."""
    _install(session, *GALLERY_PACKAGES, extras=("matplotlib", "h5py"))
    folder = os.path.join(session.invoked_from, "examples")
    work = os.path.abspath(session.create_tmp())
    names = sorted(EXAMPLES) if not session.posargs else session.posargs
    for name in names:
        with session.chdir(work):
            session.run("python", os.path.join(folder, name), *EXAMPLES[name], "--out", work)


#: networks run by ``sanitize``: the scenario suite, feature tests and the backend's own tests
#: that compile networks (about 3 minutes of CPU)
SANITIZE_TESTS = (
    "tests/test_scenarios.py",
    "tests/test_step_monitors.py",
    "tests/test_spike_timing.py",
    "tests/test_coba.py",
    "tests/test_structural.py",
    "tests/test_views.py",
    "tests/test_threads.py",
    f"{OPENMP}/tests/test_rate.py",
    f"{OPENMP}/tests/test_spiking.py",
    f"{OPENMP}/tests/test_runtime.py",
    f"{OPENMP}/tests/test_state.py",
    f"{OPENMP}/tests/test_openmp_threads.py",
    f"{INPUTS}/tests/test_poisson.py",
    f"{INPUTS}/tests/test_timed.py",
    f"{INPUTS}/tests/test_spike_source.py",
)


def sanitizer_environment() -> dict[str, str]:
    """Build the generated code with AddressSanitizer and UBSan (``ANNARCHY_SANITIZE``, see
    ``annarchy_openmp.build``) and preload the ASan runtime into the (uninstrumented) Python that
    loads it. Leak detection is off: the interpreter keeps its objects until exit."""
    compiler = os.environ.get("CXX", "g++")
    runtime = subprocess.run(
        [compiler, "-print-file-name=libasan.so"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if not os.path.isabs(runtime):
        raise RuntimeError(f"{compiler} has no AddressSanitizer runtime (libasan.so)")
    return {
        "ANNARCHY_SANITIZE": "1",
        "LD_PRELOAD": runtime,
        "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1:halt_on_error=1",
        "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
    }


@nox.session(python=PYTHON)
def sanitize(session: nox.Session) -> None:
    """The scenario and feature networks with their generated code built with
    ``-fsanitize=address,undefined``: an out-of-bounds access or undefined behaviour in
    generated code aborts the run."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP, INPUTS)
    # --capture=sys: the sanitizers' reports (file descriptor 2) reach the log
    _pytest(session, *SANITIZE_TESTS, env=sanitizer_environment(), extra=("--capture=sys",))


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole tree."""
    session.install("ruff")
    tree = ("packages", "tests", "examples", "benchmarks", "noxfile.py")
    session.run("ruff", "check", *tree)
    session.run("ruff", "format", "--check", *tree)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Install everything and run the COBA demo (prints its firing rate, saves a raster plot)."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP, extras=("matplotlib",))
    session.run("python", "examples/coba.py", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks against the reference oracle and Brian2 standalone (not part of the default
    sessions; brian2 2.9 needs numpy < 2.4): see benchmarks/run.py."""
    _install(session, PARSER, CORE, CODEGEN, OPENMP, extras=("brian2>=2.9", "numpy<2.4"))
    session.run("python", "benchmarks/run.py", "--brian2", "python", *session.posargs)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build the wheel and sdist of every distribution and check them with ``twine check``
    (metadata, README rendering); the files land in ``dist/``."""
    session.install("uv", "twine")
    out = os.path.join(session.invoked_from, "dist")
    shutil.rmtree(out, ignore_errors=True)
    for path in DISTRIBUTIONS:
        session.run("uv", "build", "--quiet", "--out-dir", out, path)
    files = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith((".whl", ".tar.gz")))
    session.run("twine", "check", "--strict", *files)


DOCS_TOOLS = ("mkdocs-material>=9.5", "mkdocstrings[python]>=0.29", "ruff", "matplotlib", "h5py")


def run_gallery(session: nox.Session, folder: str) -> None:
    """Run every ``examples/*.py`` (shortened as in ``EXAMPLES``, as many at once as there are
    CPUs) in its own folder ``folder/<name>/``, keeping its figures and its output
    (``output.txt``) for the gallery pages (docs/hooks/gallery.py); a failing script fails the
    session."""
    from concurrent.futures import ThreadPoolExecutor

    root = session.invoked_from
    shutil.rmtree(folder, ignore_errors=True)
    scripts = sorted(f for f in os.listdir(os.path.join(root, "examples")) if f.endswith(".py"))
    python = os.path.join(session.bin, "python")

    def run(script: str) -> tuple[str, subprocess.CompletedProcess]:
        cwd = os.path.join(folder, script[:-3])
        os.makedirs(cwd)
        command = [python, os.path.join(root, "examples", script)]
        command += EXAMPLES.get(script, [])  # the shortened runs of ``examples``
        env = {**os.environ, "MPLBACKEND": "Agg"}
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        with open(os.path.join(cwd, "output.txt"), "w", encoding="utf-8") as out:
            out.write(done.stdout)
        return " ".join(command[1:]), done

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(run, scripts))
    failed = [(cmd, done) for cmd, done in results if done.returncode != 0]
    for cmd, done in results:
        session.log(f"{cmd}: {done.stdout.strip().splitlines()[-1:] or 'no output'}")
    if failed:
        session.error("\n".join(f"{cmd} failed:\n{done.stderr[-2000:]}" for cmd, done in failed))


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """The documentation site in ``site/``: runs the gallery scripts (shortened, every plugin
    installed), then ``mkdocs build --strict`` (a warning, a missing API reference or a
    gallery script without a figure fails)."""
    _install(session, *GALLERY_PACKAGES, extras=DOCS_TOOLS)
    folder = os.path.join(session.invoked_from, "build", "gallery")
    run_gallery(session, folder)
    env = {"ANNARCHY_GALLERY": folder, "NO_MKDOCS_2_WARNING": "1"}
    session.run("mkdocs", "build", "--strict", "--clean", env=env)
