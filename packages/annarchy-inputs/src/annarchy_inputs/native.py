"""Native code of the input objects: the special-code generators, one set per backend.

Each generator receives the backend's site (C names of the arrays: ``OpenMPSite`` of
``annarchy_openmp.special``, ``CudaSite`` of ``annarchy_cuda.special``; on CUDA a body runs in
one block of ``blockDim.x`` threads) and returns ``{phase: body}``. The bodies are jinja2
templates shipped in ``templates/<backend>``: ``<kind>.cpp.j2`` (openmp), ``<kind>.cu.j2``
(cuda).
"""

from __future__ import annotations

from functools import cache, partial

import jinja2

from ._base import TIMED_VALUES
from .projections import CURRENT_INJECTION, DECODING
from .spike_source import SPIKE_TIMES

#: backend -> suffix of its templates
SUFFIXES = {"openmp": "cpp", "cuda": "cu"}
#: kind -> (phase, template name without suffix)
KINDS = {
    TIMED_VALUES: ("before_update", "timed_values"),  # switch rows along the schedule
    SPIKE_TIMES: ("before_update", "spike_times"),  # raise `emit` at the spike times
    CURRENT_INJECTION: ("transmit", "current_injection"),  # g_target of i = r of pre i
    DECODING: ("transmit", "decoding"),  # weighted spike counts over a window, as rates
}


@cache
def environment(backend: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("annarchy_inputs", f"templates/{backend}"),
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render(backend: str, kind: str, site) -> dict[str, str]:
    """``{phase: body}`` of ``kind`` for ``backend`` at ``site``."""
    phase, name = KINDS[kind]
    template = environment(backend).get_template(f"{name}.{SUFFIXES[backend]}.j2")
    return {phase: template.render(site=site)}


def generators(backend: str) -> dict:
    """``{kind: generator(site)}`` for ``backend``."""
    return {kind: partial(render, backend, kind) for kind in KINDS}
