"""Character sources of the load stage, behind one small protocol.

A loader reads a PDF's pages into the page model (`models.Page`); every
loader gives the same page model (`tests/test_load.py` holds them to it), so
the stages after `load` never know which one ran. To add one: a class with
`name`, `import_library()` and `read_pages(path, password, settings)` that
raises the `errors` types for unreadable files, registered in `LOADERS`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ..models import Page
from ..settings import LoadSettings
from .common import canonical as canonical_page
from .pdfium import PdfiumLoader
from .plumber import PageImages, PlumberLoader


class Loader(Protocol):
    name: str

    def import_library(self) -> None:
        """Import the PDF library now (a batch does so once, before forking its workers)."""

    def read_pages(
        self, path: Path, password: str | None, settings: LoadSettings, keep: Callable[[Page], Page] | None = None, only: set[int] | None = None
    ) -> list[Page | None]:
        """The pages of `path` in the page model, each
        passed through `keep` as soon as it is read (the load stage keeps a long annex's glyphs
        out of memory so); None for a page it cannot read, and for a page whose number is not in
        `only` when that is given (one library reads the pages the other could not);
        raises `errors.AnnexError` subclasses when it cannot read the file."""


LOADERS: dict[str, type[Loader]] = {"pdfium": PdfiumLoader, "pdfplumber": PlumberLoader}
DEFAULT_LOADER = "pdfium"


def other_loader(loader: Loader) -> Loader:
    """The character source to try where `loader` cannot read a page or the file."""
    return next(cls() for name, cls in LOADERS.items() if name != loader.name)


def get_loader(loader: str | Loader = DEFAULT_LOADER) -> Loader:
    """The loader named `loader` (or `loader` itself when it is a loader object)."""
    if not isinstance(loader, str):
        return loader
    try:
        return LOADERS[loader]()
    except KeyError:
        raise ValueError(f"unknown loader {loader!r}; choose one of {', '.join(LOADERS)}") from None


__all__ = ["DEFAULT_LOADER", "canonical_page", "LOADERS", "Loader", "PageImages", "PdfiumLoader", "PlumberLoader", "get_loader"]
