"""Installed distributions' versions, without importing ``importlib.metadata`` at start-up.

Every run names its detector's version (the report's signature, py3langid's cached model):
``importlib.metadata`` imports email, zipfile and csv to read that one header line, ~25 ms of
a 0.5 s start-up. :func:`version` finds the ``NAME-VERSION.dist-info`` folder on ``sys.path``
as ``importlib.metadata`` does (the first path entry that has one) and reads its ``Version``
header; anything less plain (an egg-info, a zip on the path, two candidates in one folder, a
file without the header) is left to ``importlib.metadata`` itself.
"""

from __future__ import annotations

import os
import re
import sys

_SEPARATORS = re.compile(r"[-_.]+")


def version(name: str) -> str | None:
    """``importlib.metadata.version(name)``; None when no such distribution is installed."""
    wanted = _normalised(name)
    for entry in sys.path:
        folder = entry or "."
        try:
            children = os.listdir(folder)
        except OSError:
            if os.path.exists(folder):  # a zip file: importlib.metadata reads those
                return _from_importlib(name)
            continue
        found = [child for child in children if child.lower().endswith((".dist-info", ".egg-info"))
                 and _normalised(child.lower().rpartition(".")[0].partition("-")[0]) == wanted]
        if not found:
            continue
        if len(found) > 1 or not found[0].lower().endswith(".dist-info"):
            return _from_importlib(name)
        value = _version_header(os.path.join(folder, found[0], "METADATA"))
        return value if value is not None else _from_importlib(name)
    return _from_importlib(name)


def _normalised(name: str) -> str:
    return _SEPARATORS.sub("_", name).lower()


def _version_header(path: str) -> str | None:
    """The ``Version:`` header of a METADATA file (its header block), None without one."""
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    return None  # the end of the headers
                if line[:8].lower() == "version:":
                    return line[8:].lstrip(" \t").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _from_importlib(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
