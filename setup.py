"""Optional compiled code for audit's hot paths; all the package's metadata is in pyproject.toml.

setuptools reads ``ext_modules`` only from here. Every extension is ``optional=True``: without a
C compiler the install still succeeds and audit runs the pure-Python/numpy code each one
replaces, with the same output (``AUDIT_NATIVE=0`` forces that fallback; see the README).
Add one ``Extension(...)`` line to ``EXTENSIONS`` for a new one.
"""

from setuptools import Extension, setup

EXTENSIONS = [
    # audit/detectors.py: py3langid's byte n-gram walk (the language detector's hot path)
    Extension("audit._native_langid", ["audit/_native/langid.c"], optional=True),
    # audit/stories.py: MinHash signatures and LSH band lookups (near-duplicate stories)
    Extension("audit._native_stories", ["audit/_native/stories.c"], optional=True),
    # audit/text.py: the word tokeniser shared by the checks
    Extension("audit._native_text", ["audit/_native/text.c"], optional=True),
]

setup(ext_modules=EXTENSIONS)
