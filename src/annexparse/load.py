"""Stage 1 (load): a PDF file becomes annexparse's own page model.

Only the load layer (this module and `loaders`) touches a PDF library. Every
later stage reads `Document`, `Page`, `Char`, `Segment` and `Rect`, so another
character source can be put behind `load()` without changing them.
"""
from __future__ import annotations

from pathlib import Path

from .errors import EmptyFile, NoTextLayer, NotAPdf, TruncatedPdf
from .files import file_sha256
from .loaders import DEFAULT_LOADER, Loader, canonical_page, get_loader
from .models import Document
from .settings import DEFAULT, Settings


def check_file(path: str | Path) -> None:
    """Reject what is plainly not a readable PDF before any parser sees it."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile(str(path))
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise NotAPdf(str(path))
    if b"%%EOF" not in tail:
        raise TruncatedPdf(str(path), "no end-of-file marker")


def load(path: str | Path, password: str | None = None, loader: str | Loader = DEFAULT_LOADER, settings: Settings = DEFAULT) -> Document:
    """Read every page of `path` into the page model, one page at a time.

    Args:
        path: the PDF file.
        password: for encrypted files that have one.
        loader: the character source, "pdfium" (pypdfium2, the default) or
            "pdfplumber" (pdfminer.six), or a loader object; all give the
            same page model.
        settings: the thresholds (`settings.load`).

    Raises:
        AnnexError subclasses for files that are not readable annex PDFs;
        ValueError for an unknown loader name.
    """
    path = Path(path)
    source = get_loader(loader)
    check_file(path)
    pages = source.read_pages(path, password, settings.load)
    if not any(page.chars for page in pages):
        raise NoTextLayer(str(path))
    return Document(path=str(path), sha256=file_sha256(path), pages=tuple(canonical_page(page, settings.load) for page in pages))
