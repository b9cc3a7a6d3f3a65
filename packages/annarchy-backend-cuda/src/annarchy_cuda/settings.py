"""The settings of the cuda backend, registered through the ``register_settings`` hook:
``cuda_device`` (``net.config(cuda_device=1)``, the command-line flag ``--gpu[=ID]`` and the key
``cuda.device`` of ``~/.config/ANNarchy/annarchy.json``)."""

from __future__ import annotations

from numbers import Integral

from ANNarchy.plugin import Setting


def check_device(value) -> None:
    """Refuse anything but a GPU number (an integer >= 0)."""
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 0:
        raise ValueError(f"must be a GPU number (an integer >= 0), got {value!r}")


def gpu_flag(value: str | None) -> dict:
    """``--gpu`` selects the cuda paradigm; ``--gpu=ID`` also the GPU number."""
    if value is None:
        return {"paradigm": "cuda"}
    try:
        device = int(value)
    except ValueError:
        raise ValueError(f"expects a GPU number, got '{value}' (e.g. --gpu=1)") from None
    return {"paradigm": "cuda", "cuda_device": device}


CUDA_DEVICE = Setting(
    default=0,
    check=check_device,
    description="the GPU the cuda paradigm runs on",
    flag="--gpu",
    from_flag=gpu_flag,
    file_key=("cuda", "device"),
)
