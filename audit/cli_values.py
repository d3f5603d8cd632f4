"""Command-line values coerced without pydantic, for a fast start-up.

typer (≥ 0.29) converts every option's value through a pydantic ``TypeAdapter`` that it builds
when the command runs: for ``audit run`` that is importing pydantic and building ~25 adapters,
about 0.1 s of a start-up whose target is 0.4 s. The values audit's options take are plain
(a string, an integer with a minimum, a float, a path, a choice of an ``Enum``, a list of
strings), so :class:`PlainValues` converts those itself, exactly as typer would (paths through
typer's own ``coerce_cli_path``, choices through its ``coerce_cli_choice``), and hands
anything else, a malformed or out-of-range number above all, to typer's own coercion: the
values and the error messages stay typer's (``tests/test_cli_values.py`` compares the two).

With a typer that has no such adapters (before 0.29) :func:`install` does nothing.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any, List, get_args, get_origin

_INTEGER = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NUMBERS = {int: _INTEGER, float: _DECIMAL}  # the number types, and the strings taken as one
_TYPERS = object()  # "not plain: let typer convert it"


class PlainValues:
    """A typer ``RuntimeParam`` for a plain annotation (see the module docstring)."""

    def __init__(self, descriptor) -> None:
        self.descriptor = descriptor
        self.annotation = descriptor.annotation
        self.info = descriptor.parameter_info
        self._typers = None

    @classmethod
    def handles(cls, descriptor) -> bool:
        annotation, info = descriptor.annotation, descriptor.parameter_info
        if descriptor.file_annotation is not None or info.parser is not None or info.clamp:
            return False
        if get_origin(annotation) in (list, List):
            return get_args(annotation) == (str,)
        if annotation is Path:
            return info.path_type is None and not info.resolve_path and not info.allow_dash
        return annotation in (str, int, float, bool) or (
            isinstance(annotation, type) and issubclass(annotation, Enum))

    def coerce(self, value: Any, param, ctx) -> Any:
        if value is None:  # typer's RuntimeParam.coerce, first lines
            return () if param.multiple or param.nargs == -1 else None
        result = _TYPERS if isinstance(value, str) and (param.multiple or param.nargs == -1) \
            else self._plain(value, param, ctx)
        if result is _TYPERS:
            return self.typers().coerce(value, param=param, ctx=ctx)
        return result

    def typers(self):
        """typer's own coercion for this parameter (built, with its adapter, when needed)."""
        if self._typers is None:
            from typer._coercion import build_runtime_param

            self._typers = build_runtime_param(self.descriptor)
        return self._typers

    def _plain(self, value: Any, param, ctx) -> Any:
        annotation = self.annotation
        if annotation is str:
            return value if isinstance(value, str) else _TYPERS
        if annotation is bool:
            return value if isinstance(value, bool) else _TYPERS
        if annotation is int or annotation is float:
            if isinstance(value, str) and _NUMBERS[annotation].fullmatch(value):
                value = annotation(value)
            if type(value) is not annotation:
                return _TYPERS
            return value if self._in_range(value) else _TYPERS
        if annotation is Path:
            if isinstance(value, str) and value and "\0" not in value:
                value = Path(value)  # what pydantic's Path validator makes of a string
            if not isinstance(value, Path):
                return _TYPERS
            from typer._param_types import coerce_cli_path

            return coerce_cli_path(value, self.info, path_type=Path, param=param, ctx=ctx)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            from typer._param_types import coerce_cli_choice

            try:
                return coerce_cli_choice(value, choices=tuple(annotation),
                                         case_sensitive=self.info.case_sensitive, ctx=ctx)
            except ValueError:
                return _TYPERS  # typer words the error
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return list(value)  # list[str]
        return _TYPERS

    def _in_range(self, value: float) -> bool:
        low, high = self.info.min, self.info.max
        return (low is None or value >= low) and (high is None or value <= high)


def install(param) -> None:
    """Give ``param`` (a typer option or argument) :class:`PlainValues` when its annotation
    is plain; leave it to typer otherwise, or when typer has no adapters to avoid."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not hasattr(param, "_runtime_param"):
        return
    try:
        plain = PlainValues.handles(descriptor)
    except (AttributeError, TypeError):  # another typer's descriptor
        return
    if plain and param._runtime_param is None:
        param._runtime_param = PlainValues(descriptor)
