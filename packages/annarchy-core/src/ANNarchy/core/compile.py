"""``compile()``: pick the backend, lower, validate, generate, build, load, push the values."""

from __future__ import annotations

import dataclasses
import time
import warnings

from ..errors import BrokenBuildError, BuildCacheWarning, InvalidConfiguration, PluginError
from ..plugins import registry
from . import learning
from .backend import BuildOptions
from .build_folder import check_directory, user_stacklevel
from .build_inputs import check_backend
from .capabilities import SupportsReady, SupportsSnapshot, supports
from .config import clean_requested
from .lowering import lower
from .parallel_shipping import shipped_build, ships_for
from .saving_load import import_pending
from .validate import validate


def select_backend(paradigm: str):
    """The installed backend for ``paradigm`` (one registry lookup), checked as available."""
    backend = registry("backends").get(paradigm)
    ok, reason = backend.available()
    if not ok and not ships_for(paradigm):  # a shipped build may need no compiler
        raise PluginError(
            f"The '{paradigm}' backend is installed but cannot run here: {reason}. "
            "Fix the problem above or choose another paradigm with net.config(paradigm=...)."
        )
    return backend


def _option(value):
    return None if value in (None, "default") else value


def compile_network(
    net,
    directory="annarchy",
    clean=False,
    compiler="default",
    compiler_flags="default",
    silent=False,
    build: dict | None = None,
):
    """Generate, build and load the code of ``net``; push initial values and monitors.

    Parameters
    ----------
    net : Network
        The network.
    directory : str
        Where sources and the build cache live (a folder, created if missing).
    clean : bool
        Rebuild even if a cached build exists (also ``--clean`` on the command line).
    compiler, compiler_flags : str
        ``'default'`` lets the backend choose.
    silent : bool
        Do not print progress.
    build : dict, optional
        The checked build arguments (``build_inputs.build_arguments``: ``add_sources``,
        ``extra_libs``, ``debug_build``, ``profile_enabled``).
    """
    build = build or {}
    if not net._populations:
        raise InvalidConfiguration("compile(): the network has no population; create one first.")
    paradigm = net._config["paradigm"]
    backend = select_backend(paradigm)
    check_backend(backend, paradigm, build)
    directory = check_directory(directory)
    tic = time.perf_counter()
    ir = lower(net)
    validate(ir)
    if build.get("profile_enabled"):  # the generated code measures its phases
        ir = dataclasses.replace(ir, options={**ir.options, "profile_enabled": True})
    sources = backend.generate(ir)
    options = BuildOptions(
        directory=directory,
        compiler=_option(compiler),
        compiler_flags=_option(compiler_flags),
        clean=bool(clean) or clean_requested(),
        silent=silent,
        num_threads=ir.num_threads,
        **build,
    )
    result, runtime = build_and_load(backend, sources, options, ir)
    net._install_runtime(runtime, paradigm, directory, ir)
    push_values(net, runtime)
    if not silent:
        state = "cached" if result.cached else "compiled"
        print(f"Network {net.id} {state} with '{paradigm}' in {time.perf_counter() - tic:.2f} s.")


def build_and_load(backend, sources: dict[str, str], options: BuildOptions, ir):
    """(build, runtime); a cached library that the loader refuses (damaged, or reporting another
    build key) is rebuilt once with a ``BuildCacheWarning``."""
    build = shipped_build(backend, sources, options) or backend.build(sources, options)
    try:
        return build, backend.load(build, ir)
    except BrokenBuildError as exc:
        if not build.cached:
            raise
        warnings.warn(f"{exc} It is rebuilt.", BuildCacheWarning, stacklevel=user_stacklevel())
    build = backend.build(sources, dataclasses.replace(options, clean=True))
    return build, backend.load(build, ir)


def push_values(net, runtime) -> None:
    """Hand the values kept before compile to the runtime and register the monitors."""
    for pop in net._populations:
        pop._snapshot()
        for name, values in pop._values.items():
            runtime.set(pop.owner, name, values)
        if not pop.enabled:
            pop._set_enabled(False)
        if getattr(pop, "_fr_window", None) is not None:
            pop.compute_firing_rate(pop._fr_window)
    for proj in net._projections:
        proj._snapshot()
        for name, values in proj._values.items():
            runtime.set(proj.owner, name, values)
        if not proj._learning:
            runtime.set_learning(proj.owner, False)
        learning.apply(proj, runtime)
    for name, constant in net._all_constants().items():
        runtime.set_constant(name, constant.value)
    if net._step:
        runtime.step = net._step
    if supports(runtime, SupportsReady):  # the values at compile are set
        runtime.ready()
    if import_pending(net, runtime) and supports(runtime, SupportsSnapshot):
        runtime.snapshot()  # reset() returns to the loaded state
    for monitor in net._monitors:
        monitor._on_compile()
