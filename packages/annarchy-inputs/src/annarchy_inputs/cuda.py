"""Native code of the input objects for the ``cuda`` backend (special code generators).

Each generator receives the backend's ``CudaSite`` (C names of the arrays, see
``annarchy_cuda.special``) and returns ``{phase: body}``; a body runs in one block of
``blockDim.x`` threads. The bodies are jinja2 templates shipped in ``templates/cuda``.
"""

from __future__ import annotations

from functools import cache

import jinja2

from ._base import TIMED_VALUES
from .projections import CURRENT_INJECTION, DECODING
from .spike_source import SPIKE_TIMES


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("annarchy_inputs", "templates/cuda"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _render(template: str, site) -> str:
    return environment().get_template(template).render(site=site)


def timed_values(site) -> dict[str, str]:
    """Before the neuron update: switch rows of values along the schedule."""
    return {"before_update": _render("timed_values.cu.j2", site)}


def spike_times(site) -> dict[str, str]:
    """Before the neuron update: raise ``emit`` of the neurons whose spike time is now."""
    return {"before_update": _render("spike_times.cu.j2", site)}


def current_injection(site) -> dict[str, str]:
    """Transmission: ``g_target`` of post neuron i is ``r`` of pre neuron i."""
    return {"transmit": _render("current_injection.cu.j2", site)}


def decoding(site) -> dict[str, str]:
    """Transmission: weighted spike counts over a sliding window, as rates."""
    return {"transmit": _render("decoding.cu.j2", site)}


GENERATORS = {
    TIMED_VALUES: timed_values,
    SPIKE_TIMES: spike_times,
    CURRENT_INJECTION: current_injection,
    DECODING: decoding,
}
