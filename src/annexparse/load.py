"""Stage 1 (load): a PDF file becomes annexparse's own page model.

Only this module touches a PDF library. Every later stage reads `Document`,
`Page`, `Char`, `Segment` and `Rect`, so another character source can be put
behind `load()` without changing them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import repeat
from operator import add, mul, sub, truediv
from pathlib import Path

from .files import file_sha256
from .errors import EmptyFile, EncryptedPdf, NoTextLayer, NotAPdf, TruncatedPdf
from .models import Char, Document, Page, Rect, Segment

THIN = 1.5  # a rectangle thinner than this (points) is drawn as a rule
# A glyph's box is its em box on the baseline: from ASCENT em above to DESCENT em below.
# Fonts' own ascent/descent metrics differ between PDF libraries (and are often missing
# or zero), so the page model does not use them: every loader gives the same boxes.
ASCENT, DESCENT = 0.8, 0.2
PRECISION = 3  # decimals of a point kept in the page model (single-precision noise is below it)


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


LOADERS = ("pdfium", "pdfplumber")
DEFAULT_LOADER = "pdfium"


def import_loader(loader: str = DEFAULT_LOADER) -> None:
    """Import a character source's PDF library now rather than on the first `load` (a batch
    does it once, before forking its workers, instead of once per worker)."""
    if loader == "pdfium":
        import pypdfium2  # noqa: F401

        from . import load_pdfium  # noqa: F401
    elif loader == "pdfplumber":
        import pdfplumber  # noqa: F401


def load(path: str | Path, password: str | None = None, loader: str = DEFAULT_LOADER) -> Document:
    """Read every page of `path` into the page model, one page at a time.

    Args:
        loader: the character source, "pdfium" (pypdfium2, the default) or
            "pdfplumber" (pdfminer.six); both give the same page model.

    Raises:
        AnnexError subclasses for files that are not readable annex PDFs.
    """
    path = Path(path)
    check_file(path)
    if loader == "pdfium":
        pages = _pdfium_pages(path, password)
    elif loader == "pdfplumber":
        pages = _pdfplumber_pages(path, password)
    else:
        raise ValueError(f"unknown loader {loader!r}; choose one of {', '.join(LOADERS)}")
    if not any(page.chars for page in pages):
        raise NoTextLayer(str(path))
    return Document(path=str(path), sha256=file_sha256(path), pages=tuple(_canonical(page) for page in pages))


def make_chars(
    texts: Sequence[str],
    fonts: Sequence[str],
    sizes: Sequence[float],
    x0s: Sequence[float],
    x1s: Sequence[float],
    baselines: Sequence[float],
    uprights: Sequence[bool],
) -> tuple[Char, ...]:
    """The glyphs of a page, from one sequence per field: coordinates in thousandths of a
    point, each glyph's box its em box on the baseline.

    PDF libraries compute in single or double precision; rounding to 0.001 pt
    (far below any distance a stage looks at) makes them agree but for the
    rare value that lies on a rounding boundary. A page has thousands of
    glyphs, so the fields are computed column by column in C loops (map, zip).
    """
    baselines = _rounded(baselines)
    tops = map(sub, baselines, map(mul, sizes, repeat(ASCENT)))  # from the rounded baseline: the same in every loader
    bottoms = map(add, baselines, map(mul, sizes, repeat(DESCENT)))
    fields = zip(texts, fonts, sizes, _rounded(x0s), _rounded(x1s), tops, bottoms, baselines, uprights)
    return tuple(map(_new_tuple, repeat(Char), fields))


_new_tuple = tuple.__new__  # Char(*fields) without the generated __new__'s Python call
_SCALE = 10.0**PRECISION


def _rounded(values: Sequence[float]) -> list[float]:
    """`values` to the nearest thousandth of a point, as round(v * 1000) / 1000: three times
    faster than round(v, 3), from which it differs (by 0.001) only for a value within a
    rounding error of a half-thousandth. Every loader rounds with this one function."""
    scale = repeat(_SCALE)
    return list(map(truediv, map(round, map(mul, values, scale)), scale))


def _canonical(page: Page) -> Page:
    """Rules and rectangles in thousandths of a point and in a fixed order, so that no stage
    depends on a library's precision or drawing order; a rectangle thinner than THIN is a rule."""
    def r(value: float) -> float:
        return round(value, PRECISION)

    lines, boxes = list(page.segments), []
    for b in page.rects:
        if b.bottom - b.top <= THIN or b.x1 - b.x0 <= THIN:
            lines.append(Segment(b.x0, b.top, b.x1, b.bottom))
        else:
            boxes.append(b)
    segments = sorted((Segment(r(s.x0), r(s.top), r(s.x1), r(s.bottom)) for s in lines), key=lambda s: (s.top, s.x0, s.bottom, s.x1))
    rects = sorted((Rect(r(b.x0), r(b.top), r(b.x1), r(b.bottom), b.fill) for b in boxes), key=lambda b: (b.top, b.x0, b.bottom, b.x1, b.fill))
    return replace(page, width=r(page.width), height=r(page.height), segments=tuple(segments), rects=tuple(rects))


def _pdfium_pages(path: Path, password: str | None) -> list[Page]:
    import pypdfium2 as pdfium

    from .load_pdfium import read_pages

    try:
        return read_pages(path, password)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise EncryptedPdf(str(path)) from error
        raise TruncatedPdf(str(path), str(error).split(":")[0]) from error


def _pdfplumber_pages(path: Path, password: str | None) -> list[Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

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
    return pages


def _root_cause(error: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors; find the one that says what went wrong."""
    while True:
        inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error.__cause__ or error.__context__
        if inner is None or inner is error:
            return error
        error = inner


def _read_page(plumber_page) -> Page:
    chars = [c for c in plumber_page.chars if c.get("text")]
    segments: list[Segment] = [
        Segment(line["x0"], line["top"], line["x1"], line["bottom"]) for line in plumber_page.lines
    ]
    rects = [Rect(r["x0"], r["top"], r["x1"], r["bottom"], bool(r.get("fill"))) for r in plumber_page.rects]
    return Page(
        number=plumber_page.page_number,
        width=float(plumber_page.width),
        height=float(plumber_page.height),
        rotation=int(plumber_page.rotation or 0),
        chars=make_chars(
            [c["text"] for c in chars],
            [c.get("fontname", "") for c in chars],
            [round(float(c.get("size", 0.0)), 2) for c in chars],
            [float(c["x0"]) for c in chars],
            [float(c["x1"]) for c in chars],
            [_baseline(c) for c in chars],
            [bool(c.get("upright", True)) for c in chars],
        ),
        segments=tuple(segments),
        rects=tuple(rects),
    )


def _baseline(c: dict) -> float:
    # pdfminer's y0 is the glyph box bottom; the matrix origin is the baseline.
    return float(c["bottom"] - (c["matrix"][5] - c["y0"]) if c.get("upright", True) else c["bottom"])
