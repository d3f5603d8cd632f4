"""Where CTranslate2 runs (``--device auto|cpu|cuda``) and the compute type for it.

The compute type is chosen here, explicitly, rather than left to CTranslate2's "auto",
because it is part of the translation cache key: a float16 GPU translation and an int8
CPU one of the same sentence may differ, and the cache must never serve one for the
other. On CPU, "int8" is what "auto" resolved to before (int8 with float32 activations),
so CPU results and speed are unchanged; on a GPU, int8 weights with float16 activations
(the models ship int8-quantized), else float16, else float32.
"""

from __future__ import annotations

from dataclasses import dataclass

DEVICES = ("auto", "cpu", "cuda")

# Most preferred first; the first one this machine's CTranslate2 supports wins.
PREFERRED_COMPUTE_TYPES = {
    "cpu": ("int8", "float32"),
    "cuda": ("int8_float16", "float16", "int8", "float32"),
}


class DeviceError(Exception):
    """The requested device cannot be used here; ``str(error)`` is meant for the user."""


@dataclass(frozen=True)
class Device:
    """The device a run translates on, and why."""

    name: str  # "cpu" or "cuda"
    compute_type: str
    requested: str  # what the user asked for: auto, cpu or cuda
    cuda_devices: int = 0

    def describe(self) -> str:
        """One line for the report and the log, e.g. ``cpu (int8; auto: no CUDA device)``."""
        note = ""
        if self.requested == "auto":
            note = ("; auto: no CUDA device" if self.name == "cpu"
                    else f"; auto: {self.cuda_devices} CUDA device(s)")
        return f"{self.name} ({self.compute_type}{note})"


def cuda_device_count() -> int:
    """CUDA devices CTranslate2 can see; 0 when it has no CUDA support or no driver."""
    try:
        import ctranslate2

        return int(ctranslate2.get_cuda_device_count())
    except Exception:  # noqa: BLE001 - a broken CUDA install means "no GPU", not a crash
        return 0


def compute_type_for(device: str) -> str:
    """The preferred compute type that CTranslate2 supports on ``device`` here."""
    preferred = PREFERRED_COMPUTE_TYPES[device]
    try:
        import ctranslate2

        supported = set(ctranslate2.get_supported_compute_types(device))
    except Exception:  # noqa: BLE001
        return preferred[-1]
    return next((kind for kind in preferred if kind in supported), preferred[-1])


def resolve_device(requested: str = "auto") -> Device:
    """``auto`` takes a GPU when CTranslate2 sees one, else the CPU; ``cuda`` insists."""
    if requested not in DEVICES:
        raise DeviceError(f"unknown device {requested!r}; use one of {', '.join(DEVICES)}")
    count = cuda_device_count() if requested in ("auto", "cuda") else 0
    if requested == "cuda" and count == 0:
        raise DeviceError(
            "--device cuda: CTranslate2 sees no CUDA device on this machine "
            "(ctranslate2.get_cuda_device_count() is 0: no NVIDIA GPU, driver or CUDA 12 "
            "libraries); use --device cpu, or --device auto to fall back to the CPU")
    name = "cuda" if count > 0 else "cpu"
    return Device(name=name, compute_type=compute_type_for(name), requested=requested,
                  cuda_devices=count)
