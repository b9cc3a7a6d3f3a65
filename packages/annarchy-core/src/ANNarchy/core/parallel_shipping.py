"""The compiled library of a network travels with the jobs of ``parallel_run()``.

The parent packs the build of its compiled network (``export_network_build``: the library's
bytes, its checksum record and sources, keyed by the build hash; plain values only). In the
worker, ``compile()`` runs inside ``shipped(shipment)``: when the copy generates exactly the
shipped sources and the worker runs on the same platform, the backend installs the shipped
entry into the worker's own cache and loads it, so the worker needs neither a compiler nor a
folder shared with the parent. Otherwise (another structure, another platform) the copy is
built as usual. Backends opt in with two methods, ``export_build(build, options)`` and
``import_build(shipment, sources, options)``; others always build.

Workers of an executor (Dask, MPI, any ``concurrent.futures.Executor``) build into
``worker_cache_directory()``, a per-user cache, never into a folder relative to their working
directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .backend import BuildOptions
from .build_inputs import BUILD_FEATURES

#: the shipment that ``compile()`` may use in this context (set by the worker of a job)
_SHIPMENT: ContextVar[dict | None] = ContextVar("annarchy_shipment", default=None)

#: environment variable naming the build cache of parallel_run() workers
CACHE_ENV = "ANNARCHY_CACHE_DIR"


def worker_cache_directory() -> str:
    """The build cache of a worker: ``$ANNARCHY_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/annarchy`` (default ``~/.cache/annarchy``)."""
    explicit = os.environ.get(CACHE_ENV, "").strip()
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return os.path.join(base, "annarchy")


def _option(value):
    return None if value in (None, "default") else value


def export_network_build(net) -> dict | None:
    """The shipment of the compiled ``net``'s build, or None (not compiled, or its backend
    cannot ship builds). The build is taken from the cache (rebuilt if it was removed)."""
    if not net.compiled or net._ir is None:
        return None
    from ..plugins import registry

    backend = registry("backends").get(net._backend_name)
    if not hasattr(backend, "export_build"):
        return None
    kept = getattr(net, "_compile_options", {})
    options = BuildOptions(
        directory=Path(net.directory),
        compiler=_option(kept.get("compiler")),
        compiler_flags=_option(kept.get("compiler_flags")),
        silent=True,
        num_threads=net._ir.num_threads,
        **{k: kept[k] for k in BUILD_FEATURES if k in kept},
    )
    build = backend.build(backend.generate(net._ir), options)
    return backend.export_build(build, options)


@contextmanager
def shipped(shipment: dict | None) -> Iterator[None]:
    """``compile()`` calls in this block may load ``shipment`` instead of building."""
    token = _SHIPMENT.set(shipment)
    try:
        yield
    finally:
        _SHIPMENT.reset(token)


def ships_for(paradigm: str) -> bool:
    """Whether a shipment for the backend ``paradigm`` is active (its compiler is then not
    needed unless the shipment does not fit)."""
    shipment = _SHIPMENT.get()
    return isinstance(shipment, dict) and shipment.get("backend") == paradigm


def shipped_build(backend, sources: dict[str, str], options: BuildOptions):
    """The active shipment installed for ``sources`` by ``backend`` (a ``BuildResult``), or
    None when there is none or it does not fit (then the caller builds)."""
    shipment = _SHIPMENT.get()
    if shipment is None or options.clean or not hasattr(backend, "import_build"):
        return None
    return backend.import_build(shipment, sources, options)
