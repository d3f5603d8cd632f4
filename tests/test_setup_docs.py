"""The quick start is what CI runs: README's set-up line and .ci/run install the same way."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _quick_start() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Quick start"):]
    return re.search(r"```bash\n(.*?)\n```", section, re.S).group(1)


def test_quick_start_installs_the_cpu_torch_build_on_any_machine():
    command = _quick_start()
    assert "pip install -r requirements-torch-cpu.txt" in command
    requirements = (REPO / "requirements-torch-cpu.txt").read_text(encoding="utf-8")
    lines = [l.strip() for l in requirements.splitlines() if l.strip() and not l.startswith("#")]
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lines
    assert "torch==2.13.0" in lines  # pinned: the version the project is tested with


def test_ci_runs_the_quick_start_commands():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    ci_pip = [re.sub(r"\s+-q\b", "", line.split("#")[0]).strip()
              for line in ci.splitlines() if line.strip().startswith("pip install")]
    readme_pip = [part.strip() for part in _quick_start().split("&&")
                  if part.strip().startswith("pip install")]
    assert ci_pip == readme_pip
    assert "audit run seeds/" in ci
