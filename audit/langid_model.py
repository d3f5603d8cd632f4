"""py3langid's model as one file audit memory-maps: built once per machine, read in place.

py3langid ships its model LZMA-compressed (``model.npz.xz``: 4.6 MB, 68 MB inflated), for all
its 97 languages; decompressing it takes ~1.5 s, more than the rest of audit's start-up. The
first run saves the model restricted to audit's languages, uncompressed, in the cache folder
(~61 MB, keyed by py3langid's version and the languages; audit/detectors.py names the file):
its weights widened from float16 to float32 (exact: numpy has no fast float16 product, and
scoring is ~25% faster with identical scores), its byte automaton and the automaton's depth,
each array raw at a fixed, aligned offset. Later runs map that file: nothing is copied or
decoded, the pages a text's n-grams touch are read on demand and shared by every audit process
on the machine.

The build streams: the inflated archive goes to a temporary file, and each array is read
from it a slice at a time, restricted, widened and written, so a machine's first run does not
hold py3langid's whole model and its converted copies at once (279 MB at its peak when it
did, where a run needs ~100 MB; only the 39 MB automaton is held, to measure its depth).
The file is written under a temporary name and renamed: a concurrent first run, a crash or
a full disk never leaves half a model under the real name, and a file that is not whole is
rebuilt. A folder that cannot be written gets the model in a temporary file instead
(unlinked once mapped); when no file at all can be written, :class:`ModelError` says why.
"""

from __future__ import annotations

import json
import mmap
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator

if TYPE_CHECKING:  # imported by build(): a run that maps the file never needs them
    import zipfile

MAGIC = b"audit-py3langid\n"
ALIGN = 64
ROWS_PER_SLICE = 4096       # weight rows restricted and widened at a time (~2 MB of float32)
STATES_PER_SLICE = 4096     # automaton states expanded at a time to measure its depth (~8 MB)
_COPY_CHUNK = 1 << 20


class ModelError(RuntimeError):
    """py3langid's model file could not be built (the message says where and why)."""


# --- one array of the file: its dtype, shape and bytes ---------------------------------------

class Array:
    """What ``write_model`` writes of one array: its little-endian dtype string, its shape and
    its bytes, produced a piece at a time by ``chunks()`` (each a buffer)."""

    def __init__(self, dtype: str, shape: tuple[int, ...], chunks: Callable[[], Iterable]) -> None:
        self.dtype, self.shape, self.chunks = dtype, tuple(int(n) for n in shape), chunks

    @property
    def nbytes(self) -> int:
        import numpy as np

        count = 1
        for n in self.shape:
            count *= n
        return count * np.dtype(self.dtype).itemsize

    @classmethod
    def of(cls, array, dtype: str | None = None) -> "Array":
        """An array held in memory (converted to ``dtype``, little-endian, when given)."""
        import numpy as np

        dtype = dtype or np.asarray(array).dtype.newbyteorder("<").str
        data = np.ascontiguousarray(array, dtype=dtype)
        return cls(dtype, data.shape, lambda: [memoryview(data).cast("B")])


def write_model(path: Path, arrays: dict[str, Array], classes: list[str], depth: int) -> None:
    """One file: a magic line, an 8-byte length and a JSON header (the classes, the
    automaton's depth, each array's dtype, shape and offset, the data's size), then the raw
    arrays, each at an offset aligned to ``ALIGN``. Written under a temporary name in the same
    folder, then renamed over ``path``; raises ``OSError`` (and leaves nothing) if it fails."""
    header: dict = {"classes": classes, "depth": int(depth), "arrays": {}}
    offset = 0
    for name, array in arrays.items():
        header["arrays"][name] = {"dtype": array.dtype, "shape": list(array.shape), "offset": offset}
        offset += -(-array.nbytes // ALIGN) * ALIGN
    header["size"] = offset
    head = json.dumps(header).encode()
    head += b" " * (-(len(MAGIC) + 8 + len(head)) % ALIGN)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp",
                                     delete=False) as handle:
        try:
            handle.write(MAGIC + len(head).to_bytes(8, "little") + head)
            for name, array in arrays.items():
                written = 0
                for chunk in array.chunks():
                    written += handle.write(chunk)
                if written != array.nbytes:
                    raise ValueError(f"{name}: {written} bytes for {array.nbytes}")
                handle.write(b"\0" * (-written % ALIGN))
        except BaseException:
            handle.close()
            os.unlink(handle.name)
            raise
    try:
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise


# --- building it from py3langid's archive, a slice at a time ----------------------------------

def build(path: Path, model_file: Path, languages: list[str]) -> None:
    """Write the model of ``languages`` (py3langid's ``set_languages``: its classes in its
    order) from py3langid's ``model_file`` to ``path``: the same bytes as restricting
    py3langid's loaded identifier and writing its arrays. ``OSError`` if a file cannot be
    written; ``ValueError`` for an archive of another layout or an unknown language."""
    import lzma
    import shutil
    import zipfile

    try:
        with tempfile.TemporaryFile(suffix=".npz") as inflated:
            with lzma.open(model_file) as source:
                shutil.copyfileobj(source, inflated, length=_COPY_CHUNK)
            inflated.seek(0)
            with zipfile.ZipFile(inflated) as archive:
                _build_from(archive, path, languages)
    except (zipfile.BadZipFile, lzma.LZMAError, EOFError, KeyError) as exc:
        raise ValueError(f"{type(exc).__name__}: {exc}") from exc


def _build_from(archive: "zipfile.ZipFile", path: Path, languages: list[str]) -> None:
    """``build`` from the inflated archive: the small arrays and the automaton read whole,
    the weights a slice at a time."""
    import numpy as np

    classes = _read_whole(archive, "classes").tolist()
    unknown = set(languages) - set(classes)
    if unknown:
        raise ValueError(f"Unknown language code(s): {unknown}")
    wanted = set(languages)
    columns = np.array([i for i, c in enumerate(classes) if c in wanted], dtype=np.intp)
    rows = _read_whole(archive, "nextmove_row")
    nextmove = _read_whole(archive, "nextmove")
    if rows.dtype.kind != "u" or nextmove.dtype.kind != "u":
        raise ValueError("py3langid's automaton is not unsigned integers")
    depth = automaton_depth(nextmove, rows)
    ptc_dtype, ptc_shape = _member_layout(archive, "ptc")
    if len(ptc_shape) != 2 or ptc_shape[1] != len(classes):
        raise ValueError(f"py3langid's weights have the shape {ptc_shape}")
    arrays = {
        "ptc": Array("<f4", (ptc_shape[0], len(columns)),
                     lambda: _weight_slices(archive, ptc_dtype, ptc_shape, columns)),
        "pc": Array.of(_read_whole(archive, "pc")[columns], "<f4"),
        # as py3langid holds them (array('H'/'I'/'L') of the archive's itemsize)
        "nextmove": Array.of(nextmove, f"<u{nextmove.dtype.itemsize}"),
        "nextmove_row": Array.of(rows, f"<u{rows.dtype.itemsize}"),
        "out_feat": Array.of(_read_whole(archive, "out_feat"), "<i4"),
    }
    write_model(path, arrays, [classes[i] for i in columns], depth)


def _member_layout(archive: "zipfile.ZipFile", name: str):
    with archive.open(f"{name}.npy") as member:
        dtype, shape, _ = _npy_header(member)
    return dtype, shape


def _npy_header(member: IO[bytes]):
    """``(dtype, shape, fortran_order)`` of a ``.npy`` stream, positioned at its data."""
    from numpy.lib import format as npy

    version = npy.read_magic(member)
    if version == (1, 0):
        shape, fortran, dtype = npy.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, fortran, dtype = npy.read_array_header_2_0(member)
    else:
        raise ValueError(f"a .npy of version {version}")
    if dtype.hasobject:
        raise ValueError("a .npy of Python objects")
    return dtype, tuple(shape), fortran


def _read_whole(archive: "zipfile.ZipFile", name: str):
    """One (small, or needed whole) array of the archive, read straight into its buffer."""
    import numpy as np

    with archive.open(f"{name}.npy") as member:
        dtype, shape, fortran = _npy_header(member)
        array = np.empty(shape, dtype=dtype, order="F" if fortran else "C")
        view = memoryview(array.reshape(-1, order="A")).cast("B")
        done = 0
        while done < len(view):  # a slice at a time: no second copy of a 39 MB array
            chunk = member.read(min(_COPY_CHUNK, len(view) - done))
            if not chunk:
                break
            view[done:done + len(chunk)] = chunk
            done += len(chunk)
        if done != len(view) or member.read(1):
            raise ValueError(f"{name}.npy is not whole")
    return array


def _weight_slices(archive: "zipfile.ZipFile", dtype, shape, columns) -> Iterator[memoryview]:
    """py3langid's weights (float16, one row per feature) restricted to ``columns`` and
    widened to float32, ``ROWS_PER_SLICE`` rows at a time."""
    import numpy as np

    with archive.open("ptc.npy") as member:
        _, _, fortran = _npy_header(member)
        if fortran:
            raise ValueError("py3langid's weights in Fortran order")
        row_bytes = shape[1] * dtype.itemsize
        for start in range(0, shape[0], ROWS_PER_SLICE):
            count = min(ROWS_PER_SLICE, shape[0] - start)
            raw = member.read(count * row_bytes)
            if len(raw) != count * row_bytes:
                raise ValueError("ptc.npy is not whole")
            block = np.frombuffer(raw, dtype=dtype).reshape(count, shape[1])
            yield memoryview(np.ascontiguousarray(block[:, columns], dtype="<f4")).cast("B")


def automaton_depth(nextmove, rows) -> int:
    """How many bytes the deepest state of py3langid's automaton stands for: the breadth-
    first distance of the farthest state from the root (once, when the file is built), its
    states expanded ``STATES_PER_SLICE`` at a time (a level has up to ~50,000)."""
    import numpy as np

    rowbase = rows.astype(np.int64) << 8
    seen = np.zeros(len(rows), dtype=bool)
    seen[0] = True
    frontier, depth, moves = np.array([0]), 0, np.arange(256)
    while True:
        reached = np.unique(np.concatenate([
            np.unique(nextmove[(rowbase[frontier[i:i + STATES_PER_SLICE]][:, None] + moves).ravel()])
            for i in range(0, len(frontier), STATES_PER_SLICE)]))
        reached = reached[~seen[reached]]
        if not len(reached):
            return depth
        seen[reached] = True
        frontier, depth = reached, depth + 1


# --- reading it --------------------------------------------------------------------------------

def load(path: Path, model_file: Path, languages: list[str], identifier_class):
    """``(identifier, depth)`` over the mapped model file at ``path``, built first when it is
    missing or not whole; in a temporary file when ``path``'s folder cannot be written."""
    try:
        return mapped(path, identifier_class)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no file yet, or an unusable one: build it
    try:
        try:
            build(path, model_file, languages)
            return mapped(path, identifier_class)
        except OSError as exc:
            first = exc
        try:  # a folder that cannot be written: this run's own copy, gone when it ends
            with tempfile.TemporaryDirectory(prefix="audit-py3langid-") as folder:
                own = Path(folder) / path.name
                build(own, model_file, languages)
                return mapped(own, identifier_class)  # mapped: stays readable once unlinked
        except OSError as exc:
            raise ModelError(f"cannot build py3langid's model file {path} ({_reason(first)}) "
                             f"nor a temporary one in {tempfile.gettempdir()} "
                             f"({_reason(exc)})") from exc
    except ValueError as exc:
        raise ModelError(f"cannot read py3langid's model {model_file}: {exc}") from exc


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def mapped(path: Path, identifier_class):
    """The identifier over a memory-mapped model file (see ``write_model``) and the depth of
    its automaton; raises ``ValueError`` for a file that is not one, or not whole."""
    import numpy as np

    with open(path, "rb") as handle:
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(mapping, "madvise") and hasattr(mmap, "MADV_RANDOM"):
        # Scattered reads (one automaton state, one n-gram's weights at a time): without
        # this the kernel maps 64 KB around every page touched, into this process's RSS.
        mapping.madvise(mmap.MADV_RANDOM)
    try:
        if mapping[:len(MAGIC)] != MAGIC:
            raise ValueError("not an audit py3langid model")
        length = int.from_bytes(mapping[len(MAGIC):len(MAGIC) + 8], "little")
        base = len(MAGIC) + 8 + length
        header = json.loads(mapping[len(MAGIC) + 8:base])
        if len(mapping) != base + header["size"]:
            raise ValueError("truncated py3langid model")
        arrays = {}
        for name, spec in header["arrays"].items():
            dtype = np.dtype(spec["dtype"])
            count = int(np.prod(spec["shape"], dtype=np.int64))
            arrays[name] = np.frombuffer(mapping, dtype=dtype, count=count,
                                         offset=base + spec["offset"]).reshape(spec["shape"])
    except BaseException:
        mapping.close()
        raise

    # py3langid's own walk indexes the automaton one byte at a time: a memoryview of the
    # mapping gives ints as fast as its array('I'), without copying 39 MB (audit's walks
    # read the same memory as numpy views). The state outputs and rows are views too: no
    # lists of 104,583 ints kept (~4 MB).
    def view(name: str) -> memoryview:
        return arrays[name].data.cast("B").cast(arrays[name].dtype.char)

    identifier = _lazy_rowbase(identifier_class)(
        arrays["ptc"], arrays["pc"].copy(), header["classes"], view("nextmove"), view("out_feat"),
        norm_probs=True, tk_row=())
    identifier.tk_row = view("nextmove_row")
    del identifier._rowbase  # noqa: SLF001 - built by py3langid's own walk if it is used
    return identifier, int(header["depth"])


@lru_cache(maxsize=None)
def _lazy_rowbase(identifier_class):
    """``identifier_class`` whose ``_rowbase`` (py3langid 0.4: ``[r << 8 for r in tk_row]``,
    a list of 104,583 ints, ~5 ms and ~4 MB) is built on first use: audit's own walks
    (audit/detectors.py) read ``tk_row`` instead, so a run never builds it; py3langid's
    ``classify`` still can."""

    class Identifier(identifier_class):
        def __getattr__(self, name: str):
            if name != "_rowbase":
                raise AttributeError(name)
            self._rowbase = [row << 8 for row in self.tk_row]
            return self._rowbase

    Identifier.__name__ = Identifier.__qualname__ = identifier_class.__name__
    return Identifier
