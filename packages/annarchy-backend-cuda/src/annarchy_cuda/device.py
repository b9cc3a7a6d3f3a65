"""Access to CuPy and to the GPU, imported lazily: generating code needs neither."""

from __future__ import annotations

from ANNarchy.errors import PluginError

INSTALL_HINT = "pip install 'annarchy-backend-cuda[cuda12]'"


def import_cupy():
    """The ``cupy`` module, or a ``PluginError`` saying how to install it."""
    try:
        import cupy
    except ImportError as exc:
        raise PluginError(
            f"The 'cuda' backend needs CuPy, which cannot be imported ({exc}). "
            f"Install it with: {INSTALL_HINT}"
        ) from None
    return cupy


def device_count() -> tuple[int, str]:
    """(number of visible GPUs, reason when there is none)."""
    try:
        cupy = import_cupy()
    except PluginError as exc:
        return 0, str(exc)
    try:
        count = int(cupy.cuda.runtime.getDeviceCount())
    except Exception as exc:  # CUDARuntimeError (no driver, no device) and friends
        return 0, f"CuPy sees no usable GPU ({type(exc).__name__}: {exc})"
    if count == 0:
        return 0, "no CUDA device is visible (check CUDA_VISIBLE_DEVICES and the driver)"
    return count, ""


def select_device(index: int):
    """Make GPU ``index`` current; returns the ``cupy.cuda.Device``."""
    cupy = import_cupy()
    count, reason = device_count()
    if not 0 <= index < max(count, 1) or count == 0:
        raise PluginError(
            f"CUDA device {index} is not available ({count} visible). {reason}".strip()
        )
    device = cupy.cuda.Device(index)
    device.use()
    return device


def compute_capability(index: int) -> str:
    """The compute capability of GPU ``index`` as NVRTC writes it (``'90'`` for sm_90)."""
    return str(select_device(index).compute_capability)
