"""The second, independent reader of the detailed table: camelot.

camelot reads each page's table on its own terms (its lattice parser from the
drawn rules, `engine="vector"`, which reads the rules from the PDF rather than
from an image of the page; its stream parser from the text's alignment where no
rules are drawn). Only `--cross-check` imports it. It gives, per page, the rows
of the widest table it found there (a list of cell texts per row).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

LATTICE = {"flavor": "lattice", "engine": "vector"}
STREAM = {"flavor": "stream", "edge_tol": 500}  # (measured on both corpora: the widest text edges find the most rows)


@dataclass
class PageTable:
    """What camelot read on one page: its rows' cell texts, and how."""

    page: int
    rows: list[list[str]]
    settings: dict
    areas: list[tuple[float, float]]  # the vertical extents (top, bottom) of the tables read, in page-model coordinates


def _content(rows: list[list[str]]) -> list[tuple[str, ...]]:
    return [tuple(cell for cell in row if cell.strip()) for row in rows if any(cell.strip() for cell in row)]


def _extent(table) -> tuple[float, float]:
    """The table's top and bottom in top-left page coordinates (camelot's are bottom-left)."""
    _, y0, _, y1 = table._bbox
    height = float(table.pdf_size[1]) if getattr(table, "pdf_size", None) else float(y1)
    return height - float(y1), height - float(y0)


def import_library() -> None:
    """Import camelot (about half a second: OpenCV, pandas), once, before a batch forks its workers."""
    import camelot  # noqa: F401


def read_tables(
    path: Path, pages: Sequence[int], score: Callable[[list[list[str]]], int], password: str | None = None
) -> dict[int, PageTable | None]:
    """camelot's reading of each of `pages`: of the tables camelot finds there, the one
    `score` rates highest (above 0), from the lattice parser where it finds one, else from the
    stream parser (None where neither finds one)."""
    import warnings

    import camelot

    found: dict[int, PageTable | None] = {number: None for number in pages}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        left = list(pages)
        for settings in (LATTICE, STREAM):  # stream reads only the pages lattice found no table on
            if not left:
                break
            try:
                tables = camelot.read_pdf(str(path), pages=",".join(map(str, left)), password=password, suppress_stdout=True, **settings)
            except Exception:  # camelot cannot read this file: the pages stay unchecked
                tables = []
            for number in left:
                found[number] = _page_table(number, [t for t in tables if str(t.page) == str(number)], score, settings)
            left = [number for number in left if found[number] is None]
    return found


def _page_table(number: int, tables: list, score: Callable[[list[list[str]]], int], settings: dict) -> PageTable | None:
    """The page's tables that hold part of the detailed table, top to bottom, as one (None
    when none does)."""
    held: list[list[list[str]]] = []
    areas: list[tuple[float, float]] = []
    seen: set[tuple[str, ...]] = set()
    for table in tables:
        rows = [[str(cell) for cell in row] for row in table.df.values.tolist()]
        if score(rows) > 0:  # (stream may read some rows twice, in two overlapping tables: they count once)
            rows = [row for row in rows if not (key := _content([row])) or key[0] not in seen]
            seen.update(_content(rows))
            held.append(rows)
            areas.append(_extent(table))
    return PageTable(number, [row for rows in held for row in rows], settings, areas) if held else None
