"""audit: where a syndicated news article came from and how well it was translated."""

import os as _os

# numpy's OpenBLAS starts a pool of threads when numpy is imported, and they spin after each
# product. audit's only BLAS work is one small vector-matrix product a language detection (the
# same bits on one thread), and its parallelism is --workers, so the pool costs CPU (about 0.15 s
# of a one-article run) and gives nothing. Set before numpy can be imported; a value the user set
# wins.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
