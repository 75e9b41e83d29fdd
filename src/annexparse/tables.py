"""Stage 3 (tables): find the summary scorecard and the detailed table on each page.

A table is found by its header row (the words of its column titles in order),
its columns by the rules drawn between them or, in borderless layouts, by the
white river between the column texts. A page without a header row continues
the previous page's table with the same columns. The table ends at the first
line whose text runs across a column boundary (a score line, a paragraph) or
is set in larger type than the table (a heading).

Within one page, `split_rows` cuts a table into row fragments: a row starts
where a new block of text begins in an anchor column (the indicator or the
assessment), a block being lines separated by a rule or by more than the
line pitch.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, and_, eq, ge, gt, le, lt, truediv

from .layout import build_lines
from .models import Cell, Char, Line, PageLayout, RowFragment, char_field

DETAILED_HEADER = ("thematic", "indicator", "assessment", "note")
SCORECARD_HEADER = ("assessment", "indicator")
BLOCK_PITCH = 1.45  # a baseline step above this many font sizes starts a new block
ROW_TOLERANCE = 0.6  # fraction of the font size within which row tops are the same
_X0, _X1, _BASELINE = char_field("x0"), char_field("x1"), char_field("baseline")


@dataclass(frozen=True, slots=True)
class TablePage:
    """The part of one table that stands on one page."""

    page: int
    boundaries: tuple[float, ...]  # x of the n+1 column edges
    columns: tuple[tuple[Line, ...], ...]
    rules: tuple[tuple[float, float, float], ...]  # horizontal rules (y, x0, x1) inside the table
    top: float
    bottom: float
    has_header: bool


@dataclass(frozen=True, slots=True)
class Table:
    kind: str  # "scorecard" or "detailed"
    pages: tuple[TablePage, ...]


def _words(line_chars: Sequence[Char]) -> list[tuple[str, float, float]]:
    words: list[tuple[str, float, float]] = []
    current: list[Char] = []
    for char in sorted(line_chars, key=lambda c: c.x0):
        if char.text.isspace() or (current and char.x0 - current[-1].x1 > 0.25 * char.size):
            if current:
                words.append(("".join(c.text for c in current), current[0].x0, current[-1].x1))
            current = [] if char.text.isspace() else [char]
        else:
            current.append(char)
    if current:
        words.append(("".join(c.text for c in current), current[0].x0, current[-1].x1))
    return words


def _header_cells(words: list[tuple[str, float, float]], keywords: Sequence[str]) -> list[tuple[float, float]] | None:
    """(x0, x1) of each header cell if `words` are exactly the header titles in order."""
    lowered = [re.sub(r"[^a-z]", "", w[0].lower()) for w in words]
    starts: list[int] = []
    position = 0
    for keyword in keywords:
        while position < len(lowered) and not lowered[position].startswith(keyword):
            position += 1
        if position == len(lowered):
            return None
        starts.append(position)
        position += 1
    if starts[0] > 1 or len(words) > len(keywords) * 3:
        return None  # a sentence that happens to use the words, not a header row
    cells = []
    for k, start in enumerate(starts):
        end = (starts[k + 1] if k + 1 < len(starts) else len(words)) - 1
        cells.append((words[start][1], words[end][2]))
    return cells


class _CharsByBaseline:
    """A page's characters sorted by baseline, to find a line's characters without a scan."""

    def __init__(self, chars: Sequence[Char]) -> None:
        self.chars = sorted(chars, key=_BASELINE)
        self.baselines = list(map(_BASELINE, self.chars))

    def on_line(self, line: Line) -> list[Char]:
        low = bisect_left(self.baselines, line.baseline - 1.0)
        high = bisect_right(self.baselines, line.baseline + 1.0)
        return [c for c in self.chars[low:high] if line.top - 1 <= c.top]


def _find_header(layout: PageLayout, keywords: Sequence[str]) -> tuple[Line, list[tuple[float, float]]] | None:
    others = [k for k in DETAILED_HEADER if k not in keywords]
    page_chars = None
    for line in layout.body:
        text = line.text.lower()
        if not all(k in text for k in keywords) or (others and all(k in text for k in others)):
            continue
        page_chars = page_chars or _CharsByBaseline(layout.chars)
        cells = _header_cells(_words(page_chars.on_line(line)), keywords)
        if cells is not None:
            return line, cells
    return None


def _boundaries(layout: PageLayout, header: Line, cells: list[tuple[float, float]]) -> tuple[float, ...]:
    """Column edges: rules between the header cells where drawn, else the white river."""
    page = layout.page
    verticals = sorted({round(s.x0, 1) for s in page.segments if s.vertical and s.top <= header.bottom + 2 and s.bottom >= header.top - 2})
    below = [c for c in layout.chars if c.top > header.bottom and not c.text.isspace()]
    edges: list[float] = []
    for (_, left_end), (right_start, _) in zip(cells, cells[1:]):
        rule = [x for x in verticals if left_end - 1 <= x <= right_start + 1]
        if rule:
            edges.append(rule[-1])
            continue
        edges.append(_river(below, left_end, right_start))
    first_rule = [x for x in verticals if x <= cells[0][0] + 1]
    left = first_rule[-1] if first_rule else cells[0][0] - 4
    last_rule = [x for x in verticals if x >= cells[-1][1] - 1]
    right = last_rule[-1] if last_rule else page.width
    return (left, *edges, right)


def _river(chars: Sequence[Char], start: float, end: float) -> float:
    """The middle of the widest uncovered x-interval in [start, end]."""
    spans = sorted((c.x0, c.x1) for c in chars if c.x1 > start and c.x0 < end)
    best, best_width, cursor = end - 1.0, 0.0, start
    for x0, x1 in spans:
        if x0 - cursor > best_width:
            best_width, best = x0 - cursor, (cursor + x0) / 2
        cursor = max(cursor, x1)
    if end - cursor > best_width:
        best = (cursor + end) / 2
    return best


def _crosses(chars: Sequence[Char], boundaries: tuple[float, ...]) -> bool:
    """True when text runs on across a column edge: a glyph straddles it, or the last glyph
    left of it (in x0 order) and the first right of it are closer than a cell gap."""
    ordered = sorted(chars, key=_X0)
    x0s, x1s = list(map(_X0, ordered)), list(map(_X1, ordered))
    for edge in boundaries[1:-1]:
        low, high = repeat(edge - 0.5), repeat(edge + 0.5)
        if any(map(and_, map(lt, x0s, low), map(gt, x1s, high))):
            return True
        ends_left = list(map(le, x1s, high))
        starts_right = list(map(ge, x0s, low))
        if True in ends_left and True in starts_right:
            last_left = len(ends_left) - 1 - ends_left[::-1].index(True)
            first_right = starts_right.index(True)
            if x0s[first_right] - x1s[last_left] < 0.25 * ordered[last_left].size:
                return True
    return False


def _table_page(layout: PageLayout, boundaries: tuple[float, ...], start_below: float | None) -> tuple[TablePage | None, bool]:
    """The table on this page below `start_below`; the flag says the table ended here."""
    lines = [line for line in layout.body if start_below is None or line.top > start_below]
    table_lines: list[Line] = []
    largest = 0.0
    page_chars = _CharsByBaseline(layout.chars)
    ended = False
    for line in lines:
        larger = table_lines and line.size > 1.15 * largest
        if larger or line.x0 < boundaries[0] - 2 or _crosses(page_chars.on_line(line), boundaries):
            ended = True  # a heading, a score line or a paragraph below the table
            break
        table_lines.append(line)
        largest = max(largest, line.size)
    if not table_lines:
        return None, True
    top = table_lines[0].top - 1 if start_below is None else start_below
    bottom = table_lines[-1].bottom + 0.5
    region = [c for c in layout.chars if top <= c.top and c.bottom <= bottom + 1 and c.top < bottom]
    columns = [tuple(build_lines(inside, layout.page.number)) for inside in _columns_of(region, boundaries)]
    rules = tuple(
        (s.top, s.x0, s.x1)
        for s in layout.page.segments
        if s.horizontal and top - 2 <= s.top <= bottom + 2 and s.x1 - s.x0 > 10
    )
    page = TablePage(layout.page.number, boundaries, tuple(columns), rules, top, bottom, start_below is not None)
    return page, ended


def _columns_of(chars: Sequence[Char], boundaries: tuple[float, ...]) -> list[list[Char]]:
    """The glyphs of each column, by the x of their centre (a column includes its left edge)."""
    centres = map(truediv, map(add, map(_X0, chars), map(_X1, chars)), repeat(2))
    edges = list(map(bisect_right, repeat(boundaries), centres))  # k: between edges k - 1 and k
    return [list(compress(chars, map(eq, edges, repeat(k)))) for k in range(1, len(boundaries))]


def find_table(layouts: Sequence[PageLayout], kind: str) -> Table | None:
    """The first table of `kind` ("scorecard" or "detailed") in the document."""
    keywords = DETAILED_HEADER if kind == "detailed" else SCORECARD_HEADER
    pages: list[TablePage] = []
    boundaries: tuple[float, ...] | None = None
    for layout in layouts:
        found = _find_header(layout, keywords)
        if found is not None:
            header, cells = found
            boundaries = _boundaries(layout, header, cells)
            table_page, ended = _table_page(layout, boundaries, header.bottom)
        elif pages and boundaries is not None:
            table_page, ended = _table_page(layout, boundaries, None)
        else:
            continue
        if table_page is not None:
            pages.append(table_page)
        if ended and pages:
            break
    return Table(kind, tuple(pages)) if pages else None


# ---------------------------------------------------------------------------
# rows within a page


def _ruled_between(rules, upper: Line, lower: Line, left: float, right: float) -> bool:
    return any(
        upper.baseline < y < lower.top + 0.5 * lower.size and x0 <= left + 2 and x1 >= right - 2
        for y, x0, x1 in rules
    )


def blocks(lines: Sequence[Line], rules, left: float, right: float) -> list[list[Line]]:
    """Split a column's lines into blocks: cells (or the paragraphs of one cell)."""
    result: list[list[Line]] = []
    for line in lines:
        if result:
            previous = result[-1][-1]
            pitch = line.baseline - previous.baseline
            if pitch <= BLOCK_PITCH * max(line.size, previous.size) and not _ruled_between(rules, previous, line, left, right):
                result[-1].append(line)
                continue
        result.append([line])
    return result


def split_rows(table_page: TablePage, anchors: Sequence[int]) -> list[RowFragment]:
    """Cut one page of a table into row fragments.

    The first fragment has `continues_previous=True` when text stands above
    the first row start (the rest of the previous page's last row).
    """
    starts: list[tuple[float, float]] = []  # (top, size)
    for index in anchors:
        left, right = table_page.boundaries[index], table_page.boundaries[index + 1]
        for block in blocks(table_page.columns[index], table_page.rules, left, right):
            starts.append((block[0].top, block[0].size))
    starts.sort()
    tops: list[float] = []
    for top, size in starts:
        if not tops or top - tops[-1] > ROW_TOLERANCE * size:
            tops.append(top)
    bounds = [table_page.top - 1000.0, *tops] if tops else [table_page.top - 1000.0]
    fragments: list[RowFragment] = []
    for k, top in enumerate(bounds):
        bottom = bounds[k + 1] if k + 1 < len(bounds) else table_page.bottom + 1000.0
        cells = tuple(
            Cell(tuple(line for line in column if _row_of(line, bounds) == k)) for column in table_page.columns
        )
        if k == 0 and all(cell.empty for cell in cells):
            continue
        fragments.append(
            RowFragment(
                page=table_page.page,
                top=max(top, table_page.top),
                bottom=min(bottom, table_page.bottom),
                cells=cells,
                continues_previous=(k == 0),
            )
        )
    return fragments


def _row_of(line: Line, bounds: list[float]) -> int:
    tolerance = ROW_TOLERANCE * line.size
    row = 0
    for k, top in enumerate(bounds):
        if line.top + tolerance >= top:
            row = k
    return row
