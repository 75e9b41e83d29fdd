"""Stage 1 (load): a PDF file becomes annexparse's own page model.

Only this module touches a PDF library. Every later stage reads `Document`,
`Page`, `Char`, `Segment` and `Rect`, so another character source can be put
behind `load()` without changing them.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import EmptyFile, EncryptedPdf, NoTextLayer, NotAPdf, TruncatedPdf
from .models import Char, Document, Page, Rect, Segment

THIN = 1.5  # a rectangle thinner than this (points) is drawn as a rule


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def load(path: str | Path, password: str | None = None) -> Document:
    """Read every page of `path` into the page model, one page at a time.

    Raises:
        AnnexError subclasses for files that are not readable annex PDFs.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    path = Path(path)
    check_file(path)
    pages: list[Page] = []
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            for plumber_page in pdf.pages:
                pages.append(_read_page(plumber_page))
                plumber_page.close()  # pdfplumber caches every page's objects otherwise
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        cause = _root_cause(error)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedPdf(str(path)) from error
        raise TruncatedPdf(str(path), type(cause).__name__) from error
    if not any(page.chars for page in pages):
        raise NoTextLayer(str(path))
    return Document(path=str(path), sha256=file_sha256(path), pages=tuple(pages))


def _root_cause(error: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors; find the one that says what went wrong."""
    while True:
        inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error.__cause__ or error.__context__
        if inner is None or inner is error:
            return error
        error = inner


def _read_page(plumber_page) -> Page:
    chars = tuple(_char(c) for c in plumber_page.chars if c.get("text"))
    segments: list[Segment] = [
        Segment(line["x0"], line["top"], line["x1"], line["bottom"]) for line in plumber_page.lines
    ]
    rects: list[Rect] = []
    for rect in plumber_page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if bottom - top <= THIN or x1 - x0 <= THIN:
            segments.append(Segment(x0, top, x1, bottom))
        else:
            rects.append(Rect(x0, top, x1, bottom, bool(rect.get("fill"))))
    return Page(
        number=plumber_page.page_number,
        width=float(plumber_page.width),
        height=float(plumber_page.height),
        rotation=int(plumber_page.rotation or 0),
        chars=chars,
        segments=tuple(segments),
        rects=tuple(rects),
    )


def _char(c: dict) -> Char:
    # pdfminer's y0 is the glyph box bottom; the matrix origin is the baseline.
    baseline = c["bottom"] - (c["matrix"][5] - c["y0"]) if c.get("upright", True) else c["bottom"]
    return Char(
        text=c["text"],
        font=c.get("fontname", ""),
        size=round(float(c.get("size", 0.0)), 2),
        x0=float(c["x0"]),
        x1=float(c["x1"]),
        top=float(c["top"]),
        bottom=float(c["bottom"]),
        baseline=float(baseline),
        upright=bool(c.get("upright", True)),
    )
