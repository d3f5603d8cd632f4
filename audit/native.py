"""audit's optional compiled modules, and the one rule for using them.

``setup.py`` builds each of them where a C compiler is found (``audit/_native/*.c``); without
one the install still succeeds. Every compiled module has pure-Python/numpy code beside it
that gives the same output bit for bit (the tests compare them), so a missing module costs
only speed. ``AUDIT_NATIVE=0`` forces those fallbacks (to compare, or to rule a module out).
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def enabled() -> bool:
    """Compiled code is used unless ``AUDIT_NATIVE=0``."""
    return os.environ.get("AUDIT_NATIVE", "").strip() != "0"


def load(name: str) -> ModuleType | None:
    """``audit.<name>`` (e.g. ``_native_langid``), or None when it was not built or is off."""
    if not enabled():
        return None
    try:
        return importlib.import_module(f"audit.{name}")
    except ImportError:
        return None
