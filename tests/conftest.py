"""Shared fixtures. Importing this module isolates the test session from the real home.

argostranslate reads its folders from the environment when first imported and creates them,
so the environment is pointed at a throw-away folder here, before any test imports it: no
test reads or writes the developer's real models, settings or translation cache.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SANDBOX = Path(tempfile.mkdtemp(prefix="audit-tests-"))
for _var, _sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                   ("XDG_CONFIG_HOME", "config")):
    os.environ[_var] = str(_SANDBOX / _sub)
os.environ["ARGOS_PACKAGES_DIR"] = str(_SANDBOX / "argos-packages")
(_SANDBOX / "argos-packages").mkdir(parents=True, exist_ok=True)

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "cnn-indonesia-haniyeh-egypt.txt"
DATA_DIR = REPO.parent / "shared" / "data" / "indonesian-mt-news"


def read_lines(name: str) -> list[str]:
    """Lines of a real corpus file from ../shared/data; skips the test where it is absent."""
    path = DATA_DIR / name
    if not path.is_file():
        pytest.skip(f"real data not found at {path} (CI provides ../shared beside the clone)")
    return path.read_text(encoding="utf-8").splitlines()


def compiled(name: str):
    """``audit.<name>``, an optional compiled module (setup.py), imported whatever
    ``AUDIT_NATIVE`` says, or None when it was not built."""
    import importlib
    try:
        return importlib.import_module(f"audit.{name}")
    except ImportError:
        return None


def require_compiled(module, name: str) -> None:
    """Skips a test of compiled code whose module was not built (no C compiler at install),
    except where it must have been: with ``AUDIT_REQUIRE_NATIVE=1`` (.ci/run sets it) or
    ``CI=true`` the test fails instead, so a build that silently lost it cannot pass."""
    if module is not None:
        return
    missing = (f"audit.{name} is not built: `pip install -e .` or `python setup.py build_ext "
               "--inplace` builds it (needs a C compiler)")
    if os.environ.get("AUDIT_REQUIRE_NATIVE") == "1" or os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"AUDIT_REQUIRE_NATIVE=1 or CI=true, but {missing}", pytrace=False)
    pytest.skip(missing)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def news_en() -> list[str]:
    return read_lines("news_valid.en")


@pytest.fixture
def news_id() -> list[str]:
    return read_lines("news_valid.id")


def empty_store(monkeypatch, store) -> None:
    """A per-machine cache store (audit/cachefile.py) as a new process finds it: nothing read
    from its file yet, nothing added; the test's monkeypatch puts the old state back after."""
    monkeypatch.setattr(store, "stored", None)
    monkeypatch.setattr(store, "new", {})
    monkeypatch.setattr(store, "used", set())
