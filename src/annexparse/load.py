"""Stage 1 (load): a PDF file becomes annexparse's own page model.

Only the load layer (this module and `loaders`) touches a PDF library. Every
later stage reads `Document`, `Page`, `Char`, `Segment` and `Rect`, so another
character source can be put behind `load()` without changing them.

A damaged file costs what is damaged, not the document: a file the default
character source cannot open is tried with the other; a page it cannot load is
read by the other; a page neither can read is kept empty with a
`page_unreadable` finding. What the libraries repaired without a word (a
truncated file, a broken cross-reference table, content that does not
decompress, an absurd page box) is reported in `Document.findings`.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from .errors import EmptyFile, EncryptedPdf, NoTextLayer, NotAPdf, TruncatedPdf
from .evidence import make_issue
from .loaders import DEFAULT_LOADER, Loader, canonical_page, get_loader, other_loader
from .loaders.integrity import Structure, inspect, rebuilt
from .models import Code, Document, Evidence, GlyphStore, Issue, Page
from .settings import DEFAULT, Settings

A4 = (595.276, 841.89)  # the size given to a page no library could read, when no page beside it tells


def check_file(path: str | Path) -> None:
    """Reject what is plainly not a PDF before any parser sees it."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile(str(path))
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdf(str(path))


def load(path: str | Path, password: str | None = None, loader: str | Loader = DEFAULT_LOADER, settings: Settings = DEFAULT) -> Document:
    """Read every page of `path` into the page model, one page at a time.

    Args:
        path: the PDF file.
        password: for encrypted files that have one.
        loader: the character source, "pdfium" (pypdfium2, the default) or
            "pdfplumber" (pdfminer.six), or a loader object; all give the
            same page model. Where it cannot read the file or a page, the
            other is tried.
        settings: the thresholds (`settings.load`).

    Raises:
        AnnexError subclasses for files that are not readable annex PDFs;
        ValueError for an unknown loader name.
    """
    path = Path(path)
    source = get_loader(loader)
    check_file(path)
    data = path.read_bytes()
    structure = inspect(data)
    keep = _Keeper(settings)
    try:
        pages = source.read_pages(path, password, settings.load, keep=keep)
    except EncryptedPdf:
        raise
    except TruncatedPdf as error:
        try:  # the other library rebuilds what it can of a file this one cannot open
            pages = other_loader(source).read_pages(path, password, settings.load, keep=keep.again())
        except TruncatedPdf:
            pages = _from_rebuilt(data, source, password, settings, keep.again())
            if pages is None:
                raise error from None
            structure.rebuilt = True
    findings: list[Issue] = []
    if structure.tree_loop is not None and structure.tree_loop[0] <= len(pages):
        pages[structure.tree_loop[0] - 1] = None  # a reader shows another page's content there: the page is lost
    missing = [number for number, page in enumerate(pages, start=1) if page is None]
    if missing:
        pages = _fill_in(pages, missing, other_loader(source), path, password, settings, keep.again())
    empty = [number for number, page in enumerate(pages, start=1) if page is not None and not page.chars and number not in missing]
    if empty and any(page is not None and page.chars for page in pages):
        pages, recovered = _text_elsewhere(pages, empty, other_loader(source), path, password, settings, keep.again())
        if recovered:
            findings.append(_recovered(recovered, source, other_loader(source)))
    unreadable = [number for number, page in enumerate(pages, start=1) if page is None]
    pages = [page if page is not None else _blank(number, pages) for number, page in enumerate(pages, start=1)]
    if not any(page.chars for page in pages):
        raise NoTextLayer(str(path))
    findings += [_unreadable(number) for number in unreadable]
    findings += _repairs(structure, len(pages), unreadable)
    findings += [_box(page) for page in pages if page.box_repaired]
    if any(page.ligatures for page in pages):
        findings.append(_ligatures(pages))
    return Document(path=str(path), sha256=hashlib.sha256(data).hexdigest(), pages=tuple(pages), findings=tuple(findings))


class _Keeper:
    """What the load stage does with each page as soon as it is read: the page model's final
    form (`canonical_page`), and, past `resident_pages`, its glyphs moved to a `GlyphStore` so
    that a long annex's memory stays flat."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.count = 0
        self.store: GlyphStore | None = None

    def __call__(self, page: Page) -> Page:
        page = canonical_page(page, self.settings.load)
        self.count += 1
        if self.count > self.settings.load.resident_pages and page.chars:
            self.store = self.store or GlyphStore()
            page = replace(page, chars=self.store.put(page.chars), numbers=None)
        return page

    def again(self) -> _Keeper:
        """A keeper for another reading of the file (its pages counted afresh)."""
        return _Keeper(self.settings)


def _from_rebuilt(data: bytes, source: Loader, password: str | None, settings: Settings, keep: _Keeper) -> list[Page | None] | None:
    """The pages of the file with a cross-reference table and trailer rebuilt from its objects
    (its own were lost, as at the end of a truncated file); None when that cannot be read either."""
    import tempfile

    repaired = rebuilt(data)
    if repaired is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(repaired)
        handle.flush()
        try:
            return source.read_pages(Path(handle.name), password, settings.load, keep=keep)
        except TruncatedPdf:
            return None


def _fill_in(
    pages: list[Page | None], missing: list[int], other: Loader, path: Path, password: str | None, settings: Settings, keep: _Keeper
) -> list[Page | None]:
    """`pages` with the `missing` ones read by the other library, where it can read them and
    sees the same pages (a damaged page tree can make two libraries number pages differently:
    then a page is not taken from the other)."""
    try:
        others = other.read_pages(path, password, settings.load, keep=keep, only=set(missing))
    except TruncatedPdf:
        return pages
    if len(others) != len(pages):
        return pages
    return [others[number - 1] if page is None and number in missing else page for number, page in enumerate(pages, start=1)]


def _text_elsewhere(
    pages: list[Page | None], empty: list[int], other: Loader, path: Path, password: str | None, settings: Settings, keep: _Keeper
) -> tuple[list[Page | None], list[int]]:
    """`pages` with the `empty` ones (no text) read by the other library where it finds text on
    them (one library passes over a page's damage that makes the other see nothing: a page
    dictionary nested thousands of levels deep), and the pages so recovered."""
    try:
        others = other.read_pages(path, password, settings.load, keep=keep, only=set(empty))
    except TruncatedPdf:
        return pages, []
    if len(others) != len(pages):
        return pages, []
    recovered = [number for number in empty if others[number - 1] is not None and others[number - 1].chars]
    return [others[number - 1] if number in recovered else page for number, page in enumerate(pages, start=1)], recovered


def _recovered(numbers: list[int], source: Loader, other: Loader) -> Issue:
    where = f"page{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
    return make_issue(
        Code.DOCUMENT_REPAIRED,
        f"The file was repaired: {source.name} read no text on {where}, {other.name} did (the page is damaged in a way one "
        "library passes over). Nothing was lost.",
        [Evidence(side="page", text=where)],
        pages=numbers,
        severity="warning",
    )


def _blank(number: int, pages: list[Page | None]) -> Page:
    """An empty page in place of one no library could read, as large as a page beside it."""
    near = next((p for p in (*pages[number:], *reversed(pages[: number - 1])) if p is not None), None)
    width, height = (near.width, near.height) if near is not None else A4
    return Page(number, width, height, 0, (), (), ())


def _unreadable(number: int) -> Issue:
    return make_issue(
        Code.PAGE_UNREADABLE,
        f"Page {number} could not be read by either PDF library; the rest of the annex was extracted without it.",
        [Evidence(side="page", text=f"page {number}")],
        pages=[number],
    )


def _repairs(structure: Structure, pages: int, unreadable: list[int]) -> list[Issue]:
    findings = []
    damage = []
    if structure.no_eof:
        damage.append("the file has no end-of-file marker (it was cut short)")
    if structure.xref_broken:
        damage.append("its cross-reference table is broken (rebuilt from the objects)")
    if structure.rebuilt:
        damage.append("its document catalog or page tree was lost (rebuilt from the page objects that are left)")
    if structure.tree_loop is not None:
        page, node = structure.tree_loop
        damage.append(f"its page tree loops back on itself at page {page} (object {node} names one of its ancestors as a kid)")
    if structure.claimed_pages is not None and structure.claimed_pages > pages and not damage:
        damage.append(f"its page tree names {structure.claimed_pages} pages, {pages} could be found")
    if damage:
        lost = []
        if structure.claimed_pages is not None and structure.claimed_pages > pages:
            lost.append(f"{structure.claimed_pages - pages} of {structure.claimed_pages} pages")
        if unreadable:
            lost.append(f"page{'s' if len(unreadable) > 1 else ''} {', '.join(map(str, unreadable))}")
        if structure.no_eof and structure.claimed_pages is None:
            lost.append("an unknown part of the file (the page tree is not in what is left)")
        told = "; ".join(damage)
        findings.append(
            make_issue(
                Code.DOCUMENT_REPAIRED,
                f"The file was repaired: {told}. " + (f"Lost: {', '.join(lost)}." if lost else "Nothing was lost."),
                [Evidence(side="file structure", text=told)],
                pages=unreadable,
                severity="error" if lost or structure.no_eof else "warning",
            )
        )
    if structure.broken_streams:
        where = f"on page{'s' if len(structure.broken_pages) > 1 else ''} {', '.join(map(str, structure.broken_pages))}" if structure.broken_pages else "(pages not known)"
        findings.append(
            make_issue(
                Code.TEXT_LAYER_DAMAGED,
                f"{len(structure.broken_streams)} content stream{'s' if len(structure.broken_streams) > 1 else ''} "
                f"{where} do{'' if len(structure.broken_streams) > 1 else 'es'} not decompress: text after the damage is lost.",
                [Evidence(side="objects", text=", ".join(map(str, structure.broken_streams[:10])))],
                pages=structure.broken_pages,
            )
        )
    return findings


def _ligatures(pages: list[Page]) -> Issue:
    """The finding for a text layer whose ligatures were read as their letters."""
    counts: dict[str, int] = {}
    for page in pages:
        for letters, times in page.ligatures:
            counts[letters] = counts.get(letters, 0) + times
    listed = ", ".join(f"'{letters}' {times}x" for letters, times in sorted(counts.items(), key=lambda item: -item[1]))
    where = [page.number for page in pages if page.ligatures]
    return make_issue(
        Code.TEXT_LAYER_REPAIRED,
        f"{sum(counts.values())} ligatures whose text a PDF tool broke (their letters' codes shifted into CJK or Hangul code points) "
        f"were read as their letters ({listed}), on {len(where)} page{'s' if len(where) > 1 else ''}.",
        [Evidence(side="ligatures read as their letters", text=listed)],
        pages=where,
    )


def _box(page: Page) -> Issue:
    return make_issue(
        Code.PAGE_BOX_INVALID,
        f"Page {page.number}: {page.box_repaired}; the box its content occupies was used instead.",
        [Evidence(side="page box", text=page.box_repaired)],
        pages=[page.number],
    )
