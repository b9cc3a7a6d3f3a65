"""compile()'s build arguments on the cuda backend: debug_build compiles the device image with
debug information into a cache entry of its own; add_sources, extra_libs and profile_enabled
cannot apply to one NVRTC image and are refused by name (no GPU needed)."""

from __future__ import annotations

import pytest
from ANNarchy.core.backend import BuildOptions
from ANNarchy.core.build_inputs import check_backend
from ANNarchy.errors import BackendCapabilityError
from annarchy_cuda import CudaBackend


@pytest.mark.parametrize(
    ("name", "value"),
    [("add_sources", ("/tmp/x.cpp",)), ("extra_libs", ("-lm",)), ("profile_enabled", True)],
)
def test_host_build_arguments_are_refused_by_name(name, value):
    with pytest.raises(BackendCapabilityError, match=f"'cuda' backend does not support {name}"):
        check_backend(CudaBackend(), "cuda", {name: value})
    check_backend(CudaBackend(), "cuda", {"debug_build": True})  # honoured: no error


def test_debug_build_is_a_separate_image_with_debug_information(tmp_path, monkeypatch):
    pytest.importorskip("cupy", reason="CuPy (the GPU toolkit) is not installed")
    from annarchy_cuda import backend as cuda_backend
    from annarchy_cuda import nvrtc
    from scenario_irs import scenario_ir

    try:
        nvrtc.nvrtc_version()
    except Exception as exc:  # the NVRTC shared library is missing
        pytest.skip(f"NVRTC (for GPU code) cannot be loaded: {exc}")
    monkeypatch.setattr(cuda_backend, "compute_capability", lambda device: "80")
    backend = CudaBackend()
    sources = backend.generate(scenario_ir("lif_single"))
    plain = backend.build(sources, BuildOptions(directory=tmp_path))
    debug = backend.build(sources, BuildOptions(directory=tmp_path, debug_build=True))
    assert plain.key != debug.key
    assert not debug.cached and plain.library.name == debug.library.name == "network.cubin"
    assert b".debug_info" not in plain.library.read_bytes()
    assert b".debug_info" in debug.library.read_bytes()
    assert backend.build(sources, BuildOptions(directory=tmp_path, debug_build=True)).cached
