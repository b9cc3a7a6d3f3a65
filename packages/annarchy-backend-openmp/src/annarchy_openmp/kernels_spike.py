"""Template contexts of the spiking kernels."""

from __future__ import annotations

from ANNarchy.errors import InvalidConfiguration


def propagate(plan, proj):
    raise InvalidConfiguration("spiking projections are not supported yet")


def neuron_update(plan, pop):
    raise InvalidConfiguration("spiking populations are not supported yet")


def post_events(plan, proj):
    return None
