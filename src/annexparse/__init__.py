"""annexparse: R2P country-assessment annex PDFs to exact, validated, linked JSON.

    >>> import annexparse
    >>> annex = annexparse.extract("pdfs/mongolia-2022.pdf")
    >>> annex.scores.stated.current
    54

The public names are imported on first use, so that `import annexparse` (and
the command line's start-up) costs nothing until something is extracted.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .version import __version__

_PUBLIC = {
    "extract": "pipeline",
    "Timings": "pipeline",
    "validate": "checks",
    "Annex": "models",
    "AnnexError": "errors",
}

__all__ = ["Annex", "AnnexError", "Timings", "__version__", "extract", "validate"]

if TYPE_CHECKING:
    from .errors import AnnexError
    from .models import Annex
    from .pipeline import Timings, extract
    from .checks import validate


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'annexparse' has no attribute {name!r}")
