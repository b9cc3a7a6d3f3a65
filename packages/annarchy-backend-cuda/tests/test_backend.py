"""Registration, availability, the build cache, and the error when the GPU is missing."""

from __future__ import annotations

import pytest
from ANNarchy.core.backend import BuildOptions
from ANNarchy.errors import CompilationError, PluginError
from annarchy_cuda import CudaBackend
from annarchy_cuda.backend import target_arch
from annarchy_cuda.build import build_image
from annarchy_cuda.codegen import MANIFEST_NAME, SOURCE_NAME


def test_registered_as_cuda():
    from ANNarchy.plugins import registry

    assert isinstance(registry("backends").get("cuda"), CudaBackend)


def test_available_gives_a_reason():
    ok, reason = CudaBackend().available()
    if not ok:
        assert "CuPy" in reason or "GPU" in reason or "CUDA" in reason


def test_compile_without_gpu_is_a_clear_error(tmp_path):
    if CudaBackend().available()[0]:
        pytest.skip("a GPU is available here")
    import ANNarchy as ann

    net = ann.Network()
    net.create(2, ann.Neuron(equations="r = 1.0"))
    net.config(paradigm="cuda")
    with pytest.raises(PluginError, match="'cuda' backend is installed but cannot run here"):
        net.compile(directory=str(tmp_path), silent=True)


def test_target_architecture():
    supported = (75, 80, 86, 89, 90)
    assert target_arch("90", supported) == "sm_90"
    assert target_arch("100", supported) == "compute_90"  # newer GPU: PTX the driver compiles
    with pytest.raises(PluginError, match="sm_60"):
        target_arch("60", supported)


SOURCES = {SOURCE_NAME: 'extern "C" __global__ void k() {}\n', MANIFEST_NAME: "{}\n"}


def test_build_cache(tmp_path):
    calls = []

    def compile_fn(source, arch):
        calls.append(arch)
        return b"\x7fELF image"

    options = BuildOptions(directory=tmp_path)
    first = build_image(SOURCES, options, "sm_90", "1", compile_fn, "nvrtc-12.9")
    again = build_image(SOURCES, options, "sm_90", "1", compile_fn, "nvrtc-12.9")
    assert not first.cached and again.cached and calls == ["sm_90"]
    assert first.library == again.library and first.library.name == "network.cubin"
    assert first.library.read_bytes() == b"\x7fELF image"
    assert (first.library.parent / MANIFEST_NAME).read_text() == "{}\n"
    other = build_image(SOURCES, options, "sm_80", "1", compile_fn, "nvrtc-12.9")
    assert other.key != first.key and calls == ["sm_90", "sm_80"]
    clean = BuildOptions(directory=tmp_path, clean=True)
    assert not build_image(SOURCES, clean, "sm_90", "1", compile_fn, "nvrtc-12.9").cached
    ptx = build_image(SOURCES, options, "compute_90", "1", compile_fn, "nvrtc-12.9")
    assert ptx.library.name == "network.ptx"


def test_build_failure_names_the_source(tmp_path):
    def failing(source, arch):
        raise CompilationError("NVRTC could not compile the generated CUDA code (boom).")

    with pytest.raises(CompilationError, match="Generated file: .*failed-.*network.cu"):
        build_image(SOURCES, BuildOptions(directory=tmp_path), "sm_90", "1", failing, "x")


def test_a_damaged_image_is_rebuilt_with_a_warning(tmp_path):
    from ANNarchy.errors import BuildCacheWarning

    calls = []

    def compile_fn(source, arch):
        calls.append(arch)
        return b"\x7fELF image"

    options = BuildOptions(directory=tmp_path)
    first = build_image(SOURCES, options, "sm_90", "1", compile_fn, "nvrtc-12.9")
    first.library.write_bytes(b"\x7fELF")  # truncated
    with pytest.warns(BuildCacheWarning, match="network.cubin does not match its recorded"):
        again = build_image(SOURCES, options, "sm_90", "1", compile_fn, "nvrtc-12.9")
    assert not again.cached and again.library.read_bytes() == b"\x7fELF image"
    (again.library.parent / MANIFEST_NAME).write_text('{"abi": 0}\n')  # the loader reads it
    with pytest.warns(BuildCacheWarning, match="kernels.json does not match"):
        build_image(SOURCES, options, "sm_90", "1", compile_fn, "nvrtc-12.9")
    assert len(calls) == 3


def test_the_image_holds_a_kernel_named_after_its_key(tmp_path):
    sources = []
    first = build_image(
        SOURCES,
        BuildOptions(directory=tmp_path),
        "sm_90",
        "1",
        lambda source, arch: sources.append(source) or b"image",
        "nvrtc-12.9",
    )
    kernel = f'extern "C" __global__ void ann_build_key_{first.key}(void) {{}}\n'
    assert sources == [SOURCES[SOURCE_NAME] + "\n" + kernel]
    assert (first.library.parent / SOURCE_NAME).read_text() == sources[0]


def test_the_build_key_kernel_compiles_into_the_image():
    pytest.importorskip("cupy", reason="CuPy is not installed")
    from annarchy_cuda import nvrtc
    from annarchy_cuda.build import with_build_key
    from scenario_irs import scenario_ir

    try:
        nvrtc.nvrtc_version()
    except Exception as exc:  # the NVRTC shared library is missing
        pytest.skip(f"NVRTC cannot be loaded: {exc}")
    key = "0123456789abcdef" * 4
    sources = with_build_key(CudaBackend().generate(scenario_ir("lif_single")), key)
    ptx = nvrtc.compile_source(sources[SOURCE_NAME], "compute_80").decode()
    assert f".visible .entry ann_build_key_{key}(" in ptx
