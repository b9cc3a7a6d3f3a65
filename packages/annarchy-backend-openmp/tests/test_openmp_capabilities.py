"""The openmp runtime offers the optional capabilities core relies on."""

from __future__ import annotations

from ANNarchy.plugin import CAPABILITIES, protocol_members
from annarchy_openmp.runtime import OpenMPRuntime

MISSING = {"SupportsClose", "SupportsMemoryReport"}  # openmp has neither close() nor nbytes()


def test_openmp_runtime_offers_the_capabilities():
    offered = {
        cap.__name__
        for cap in CAPABILITIES
        if all(hasattr(OpenMPRuntime, name) for name in protocol_members(cap))
    }
    assert offered == {cap.__name__ for cap in CAPABILITIES} - MISSING
    assert OpenMPRuntime.stopped is False
