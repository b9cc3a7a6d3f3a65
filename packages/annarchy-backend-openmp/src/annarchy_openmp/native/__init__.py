"""Native helpers independent of the network, compiled (pybind11) when the backend is installed:
the pre-synaptic index of large connectivities and the read-back of recorded spikes.

``pre_index`` is None where the extension could not be built or loaded: callers then use the
numpy version of ``annarchy_codegen.connectivity``.
"""

from __future__ import annotations

import numpy as np

from ..threads import prepare_openmp

# the connectivity extension links OpenMP's runtime, which reads its settings when it loads:
# the bound on idle threads' spinning (prepare_openmp) goes first
prepare_openmp()
try:
    from ._connectivity import pre_index32, pre_index64
except ImportError:  # not built (e.g. a source tree without a compiler): numpy does it
    pre_index32 = pre_index64 = None
try:
    from ._readback import group_steps32, group_steps64, spike_lists32, spike_lists64
except ImportError:  # the core builds the spike trains with numpy
    spike_lists32 = spike_lists64 = group_steps32 = group_steps64 = None


def pre_index(
    pre_ranks, row_ptr, post_ranks, npre, pre_ptr, pre_syn, pre_post, threads: int = 0
) -> bool:
    """Fill ``pre_ptr``, ``pre_syn`` and ``pre_post`` (see ``annarchy_codegen.connectivity``)
    natively, on ``threads`` threads (0: OpenMP's number from a million synapses, one below;
    the arrays are the same for any number); False when the extension is missing or the
    dtypes are not the native ones."""
    fn = {4: pre_index32, 8: pre_index64}.get(pre_syn.dtype.itemsize)
    outputs = (pre_ptr, pre_syn, pre_post)
    if (
        fn is None
        or pre_syn.dtype.kind != "i"
        or pre_ptr.dtype != np.int64
        or pre_post.dtype != np.int32
        or not all(a.flags.c_contiguous and a.flags.writeable for a in outputs)
    ):
        return False  # the extension would write into converted copies
    fn(pre_ranks, row_ptr, post_ranks, int(npre), pre_ptr, pre_syn, pre_post, int(threads))
    return True


def _spikes_call(fns: dict, steps, groups, ngroups: int):
    """``fns[itemsize of groups](steps, groups, ngroups)``; None when the extension is missing
    or the dtypes are not the native ones."""
    fn = fns.get(groups.dtype.itemsize)
    if fn is None or groups.dtype.kind != "i" or steps.dtype != np.int64:
        return None
    return fn(np.ascontiguousarray(steps), np.ascontiguousarray(groups), int(ngroups))


def spike_lists(steps, groups, ngroups: int):
    """The steps of the spikes of each group as lists of Python ints (see
    ``ANNarchy.core.capabilities.SupportsSpikeLists``); None when the extension is missing,
    the dtypes are not the native ones or the spikes are not in the order of emission."""
    return _spikes_call({4: spike_lists32, 8: spike_lists64}, steps, groups, ngroups)


def group_steps(steps, groups, ngroups: int):
    """``(ptr, steps)``: the steps of the spikes of each group, group by group (see
    ``ANNarchy.core.capabilities.SupportsSpikeGrouping``); None when the extension is missing,
    the dtypes are not the native ones or the spikes are not in the order of emission."""
    return _spikes_call({4: group_steps32, 8: group_steps64}, steps, groups, ngroups)
