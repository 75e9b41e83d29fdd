"""The second character source, pdfplumber (pdfminer.six), and the page images of the QA report.

pdfminer's characters, lines and rectangles are mapped onto the page model
exactly as the PDFium source maps PDFium's (see `common`).
"""
from __future__ import annotations

import io
from contextlib import ExitStack
from collections.abc import Callable
from pathlib import Path

from ..errors import EncryptedPdf, TruncatedPdf, WrongPassword
from ..models import Box, Link, Page, Rect, Segment
from ..settings import LoadSettings
from .common import make_chars


class PlumberLoader:
    """The page model from pdfminer.six, through pdfplumber (`--loader pdfplumber`)."""

    name = "pdfplumber"

    def import_library(self) -> None:
        import pdfplumber  # noqa: F401

    def read_pages(
        self, path: Path, password: str | None, settings: LoadSettings, keep: Callable[[Page], Page] | None = None, only: set[int] | None = None
    ) -> list[Page | None]:
        """The pages of `path` in the page model (those numbered in `only`, when given); None
        for a page pdfminer cannot read (or not asked for).

        Raises:
            EncryptedPdf: a password is needed; TruncatedPdf: pdfminer cannot read the file.
        """
        import logging

        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about a damaged file are not ours to print

        pages: list[Page | None] = []
        try:
            with pdfplumber.open(path, password=password or "") as pdf:
                for number in range(1, len(pdf.pages) + 1):
                    if only is not None and number not in only:
                        pages.append(None)  # (a page not asked for)
                        continue
                    try:
                        plumber_page = pdf.pages[number - 1]
                        read = _read_page(plumber_page, settings)
                        pages.append(keep(read) if keep is not None else read)
                        plumber_page.close()  # pdfplumber caches every page's objects otherwise
                    except (PDFPasswordIncorrect, PDFEncryptionError):
                        raise
                    except Exception:  # this page cannot be read: the others still can
                        pages.append(None)
        except Exception as error:  # pdfminer raises many unrelated types for damaged files
            cause = _root_cause(error)
            if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
                raise (WrongPassword if password else EncryptedPdf)(str(path)) from error
            raise TruncatedPdf(str(path), type(cause).__name__) from error
        return pages


def _root_cause(error: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors; find the one that says what went wrong."""
    while True:
        inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error.__cause__ or error.__context__
        if inner is None or inner is error:
            return error
        error = inner


def _read_page(plumber_page, settings: LoadSettings) -> Page:
    chars = [c for c in plumber_page.chars if c.get("text")]
    segments: list[Segment] = [
        Segment(line["x0"], line["top"], line["x1"], line["bottom"]) for line in plumber_page.lines
    ]
    rects = [Rect(r["x0"], r["top"], r["x1"], r["bottom"], bool(r.get("fill"))) for r in plumber_page.rects]
    glyphs, numbers = make_chars(
        [c["text"] for c in chars],
        [c.get("fontname", "") for c in chars],
        [round(float(c.get("size", 0.0)), 2) for c in chars],
        [float(c["x0"]) for c in chars],
        [float(c["x1"]) for c in chars],
        [_baseline(c) for c in chars],
        [bool(c.get("upright", True)) for c in chars],
        settings,
    )
    return Page(
        number=plumber_page.page_number,
        width=float(plumber_page.width),
        height=float(plumber_page.height),
        rotation=int(plumber_page.rotation or 0),
        chars=glyphs,
        numbers=numbers,
        segments=tuple(segments),
        rects=tuple(rects),
        links=tuple(Link(float(k["x0"]), float(k["top"]), float(k["x1"]), float(k["bottom"]), k.get("uri") or "") for k in plumber_page.hyperlinks),
    )


def _baseline(c: dict) -> float:
    # pdfminer's y0 is the glyph box bottom; the matrix origin is the baseline.
    return float(c["bottom"] - (c["matrix"][5] - c["y0"]) if c.get("upright", True) else c["bottom"])


# ---------------------------------------------------------------------------
# page images


class PageImages:
    """Cropped page images with a box highlighted, as PNG bytes; each PDF opened once.

    Use as a context manager: the PDFs are closed on exit.
    """

    def __init__(self, pdfs: dict[str, Path], resolution: int) -> None:
        self._pdfs = pdfs
        self._resolution = resolution
        self._open: dict[str, object] = {}
        self._stack = ExitStack()

    def __enter__(self) -> PageImages:
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def _document(self, name: str):
        if name not in self._open:
            import pdfplumber

            path = self._pdfs.get(name)
            self._open[name] = self._stack.enter_context(pdfplumber.open(path)) if path else None
        return self._open[name]

    def page_size(self, document: str, page: int) -> tuple[float, float] | None:
        """(width, height) of a page in points; None without the PDF or the page."""
        pdf = self._document(document)
        if pdf is None or not 1 <= page <= len(pdf.pages):
            return None
        found = pdf.pages[page - 1]
        return float(found.width), float(found.height)

    def png(self, document: str, region: Box, highlight: Box) -> bytes | None:
        """The region of the page as a PNG with `highlight` outlined; None without the PDF or the page."""
        pdf = self._document(document)
        if pdf is None or not 1 <= region.page <= len(pdf.pages):
            return None
        page = pdf.pages[region.page - 1]
        image = page.crop((region.x0, region.top, region.x1, region.bottom)).to_image(resolution=self._resolution, antialias=True)
        image.draw_rect(
            (highlight.x0, highlight.top, highlight.x1, highlight.bottom), fill=(255, 214, 10, 60), stroke=(214, 120, 0), stroke_width=2
        )
        buffer = io.BytesIO()
        image.annotated.convert("RGB").save(buffer, format="PNG", optimize=True)
        page.close()
        return buffer.getvalue()
