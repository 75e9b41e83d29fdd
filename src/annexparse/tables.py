"""Stage 3 (tables): find the summary scorecard and the detailed table on each page.

A table is found by its header row (the words of its column titles in order),
its columns by the rules drawn between them or, in borderless layouts, by the
white river between the column texts. A page without a header row continues
the previous page's table with the same columns. The table ends at the first
line whose text runs across a column boundary (a score line, a paragraph) or
is set in larger type than the table (a heading). Each page's part of a table
is a `TablePage`: its column edges, the lines of each column (built with
`geometry.build_lines`) and its horizontal rules. Thresholds:
`settings.TableSettings`.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from itertools import compress, repeat
from operator import add, and_, eq, ge, gt, le, lt, truediv

import numpy as np

from .evidence import make_issue
from .geometry import BOTTOM, TOP, X0, X1, CharsByBaseline, build_lines, close_lines, glyph_numbers, with_soft_hyphens
from .models import Box, Char, Code, Evidence, Issue, Line, PageLayout, Table, TableKind, TablePage, Tables, char_field
from .settings import DEFAULT, Settings, TableSettings
from .text import SOFT_HYPHEN, Words, is_score_line

_X0, _X1 = char_field("x0"), char_field("x1")


def find_tables(layouts: Sequence[PageLayout], settings: Settings = DEFAULT) -> Tables:
    """The document's detailed table and summary scorecard (each None when not found), and
    what could not be read with confidence (`reading_incomplete` findings).

    Args:
        layouts: the pages, from the layout stage.
        settings: the thresholds (`settings.tables`, `settings.lines`).
    """
    detailed, findings = _find_table(layouts, TableKind.DETAILED, settings)
    scorecard, _ = _find_table(layouts, TableKind.SCORECARD, settings)
    if layouts:
        detailed, scorecard = _with_soft_hyphens([detailed, scorecard], layouts[0].words, settings)
    return Tables(detailed=detailed, scorecard=scorecard, findings=tuple(findings))


def _with_soft_hyphens(tables: list[Table | None], words: Words, settings: Settings) -> list[Table | None]:
    """The tables with a soft hyphen where a cell's line ends in a word the typesetter broke
    (`geometry.with_soft_hyphens`, over every column of every page of both tables at once)."""
    pages = [table_page for table in tables if table is not None for table_page in table.pages]
    flows, k = [], 0  # a column on a page goes on with the same column on the table's next page
    for table in tables:
        for before, after in zip(table.pages, table.pages[1:]) if table is not None else ():
            flows += [(k + c, k + len(before.columns) + c) for c in range(len(before.columns))]
            k += len(before.columns)
        k += len(table.pages[-1].columns) if table is not None and table.pages else 0
    columns = with_soft_hyphens([column for table_page in pages for column in table_page.columns], words, settings.lines, flows)
    result, k = [], 0
    for table in tables:
        if table is None:
            result.append(None)
            continue
        rebuilt = []
        for table_page in table.pages:
            count = len(table_page.columns)
            rebuilt.append(replace(table_page, columns=tuple(tuple(column) for column in columns[k : k + count])))
            k += count
        result.append(replace(table, pages=tuple(rebuilt)))
    return result


def _find_table(layouts: Sequence[PageLayout], kind: TableKind, settings: Settings) -> tuple[Table | None, list[Issue]]:
    """The first table of `kind` in the document.

    A page without a header row continues the table while the table has not
    ended. Once it has (a line ran across the columns, or a heading stood below
    it), the detailed table may still resume: on a later page whose lines line
    up with its columns (`_lines_up`), which says the table was not read to its
    end; the pages between are reported (`reading_incomplete`).
    """
    keywords = tuple(column.value for column in kind.columns)
    others = tuple(c.value for c in TableKind.DETAILED.columns if c.value not in keywords)
    pages: list[TablePage] = []
    headers: list[int] = []  # the pages a header row of the table stands on
    findings: list[Issue] = []
    boundaries: tuple[float, ...] | None = None
    size = 0.0  # the table's text size so far
    stopped: int | None = None  # the page the table ended on, while looking for where it resumes
    for layout in layouts:
        found = _find_header(layout, keywords, others, settings)
        if found is not None:
            header, cells = found
            headers.append(layout.page.number)
            boundaries = _boundaries(layout, header, cells, settings)
            table_page, ended = _table_page(layout, kind, boundaries, _header_bottom(layout, header, cells, settings), size, settings)
        elif (pages or headers) and boundaries is not None and (stopped is None or _lines_up(layout, boundaries, size, settings)):
            table_page, ended = _table_page(layout, kind, boundaries, None, size, settings)
        else:
            continue
        if stopped is not None and table_page is not None:
            findings.append(_resumed(stopped, layout.page.number, pages[-1], table_page))
            stopped = None
        if table_page is not None:
            pages.append(table_page)
            size = max([size, *(line.size for column in table_page.columns for line in column)])
        if ended and pages:
            if kind is not TableKind.DETAILED:
                break
            stopped = pages[-1].page
    if headers and not pages and kind is TableKind.DETAILED:
        findings.append(_header_alone(headers))
    return (Table(kind, tuple(pages)) if pages else None), findings


def _header_alone(pages: list[int]) -> Issue:
    """The finding for a detailed table whose header row was found but none of whose lines read
    in its columns: the table is there, and was not read."""
    where = f"page {pages[0]}" if len(pages) == 1 else "pages " + ", ".join(map(str, pages))
    return make_issue(
        Code.READING_IMPLAUSIBLE,
        f"The detailed table's header row stands on {where}, but no line below it reads in its columns: the table was not read.",
        [Evidence(side="detailed table", text=f"header row on {where}")],
        pages=pages,
    )


def _lines_up(layout: PageLayout, boundaries: tuple[float, ...], size: float, settings: Settings) -> bool:
    """True when a page without a header row looks like more of the table: its first lines
    (at least `lineup_lines`) stay inside the columns, none is a heading, and the lines down
    to the first that does not put text in all but one of the columns."""
    tables = settings.tables
    page_chars = CharsByBaseline(layout.chars, settings.lines, layout.numbers)
    inside: list[Line] = []
    for line in layout.body:
        chars = page_chars.on_line(line)
        if line.size > tables.heading_size * size or line.x0 < boundaries[0] - tables.left_slack * line.size or _crosses(chars, boundaries, tables):
            break
        inside.append(line)
    if len(inside) < tables.lineup_lines:
        return False
    used: set[int] = set()
    for line in inside:
        for k, column in enumerate(_columns_of([c for c in page_chars.on_line(line) if not c.text.isspace()], boundaries)):
            if column:
                used.add(k)
    return len(used) >= len(boundaries) - 2


def _resumed(stopped: int, resumed: int, before: TablePage, after: TablePage) -> Issue:
    """The finding for a table that stopped on page `stopped` and went on on page `resumed`."""
    pages = list(range(stopped, resumed))
    where = f"page {stopped}" if len(pages) == 1 else f"pages {stopped}-{resumed - 1}"
    return make_issue(
        Code.READING_INCOMPLETE,
        f"The detailed table stops on page {stopped} and goes on on page {resumed}: what stands between was not read as part of it ({where}).",
        [
            Evidence(side="last part read before the gap", text=f"page {stopped}", box=Box(page=before.page, x0=before.boundaries[0], top=before.top, x1=before.boundaries[-1], bottom=before.bottom)),
            Evidence(side="first part read after it", text=f"page {resumed}", box=Box(page=after.page, x0=after.boundaries[0], top=after.top, x1=after.boundaries[-1], bottom=after.bottom)),
        ],
        pages=pages,
    )


def _words(line_chars: Sequence[Char], settings: TableSettings) -> list[tuple[str, float, float]]:
    words: list[tuple[str, float, float]] = []
    current: list[Char] = []
    for char in sorted(line_chars, key=lambda c: c.x0):
        if char.text.isspace() or (current and char.x0 - current[-1].x1 > settings.word_gap * char.size):
            if current:
                words.append(("".join(c.text for c in current), current[0].x0, current[-1].x1))
            current = [] if char.text.isspace() else [char]
        else:
            current.append(char)
    if current:
        words.append(("".join(c.text for c in current), current[0].x0, current[-1].x1))
    return words


def _header_cells(words: list[tuple[str, float, float]], keywords: Sequence[str], settings: TableSettings) -> list[tuple[float, float]] | None:
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
    if starts[0] > settings.header_max_lead or len(words) > len(keywords) * settings.header_max_words:
        return None  # a sentence that happens to use the words, not a header row
    cells = []
    for k, start in enumerate(starts):
        end = (starts[k + 1] if k + 1 < len(starts) else len(words)) - 1
        cells.append((words[start][1], words[end][2]))
    return cells


def _find_header(layout: PageLayout, keywords: Sequence[str], others: Sequence[str], settings: Settings) -> tuple[Line, list[tuple[float, float]]] | None:
    """The header row of a table of `keywords`' titles (and not all of `others`) on this page:
    its first line, and the (x0, x1) of each title. The titles stand on one line, or, where
    they wrap or stand at several heights ('Thematic' over 'Area', 'Assess-' over 'ment', a
    one-line title centred beside two-line ones), on the lines of one band set in the titles'
    style: each title is then the words stacked in its column."""
    page_chars = None
    body = list(layout.body)
    for index, line in enumerate(body):
        text = line.text.lower()
        if not any(k in text for k in keywords):
            continue
        page_chars = page_chars or CharsByBaseline(layout.chars, settings.lines, layout.numbers)
        if all(k in text for k in keywords) and not (others and all(k in text for k in others)):
            cells = _header_cells(_words(page_chars.on_line(line), settings.tables), keywords, settings.tables)
            if cells is not None:
                return line, cells
        if keywords[0] not in text:
            continue  # a band's first title stands on one of its lines; try from that line
        band = _header_band(body, index, settings)
        text = " ".join(member.text.lower() for member in band)
        if len(band) < 2 or not all(k[:5] in text for k in keywords):
            continue  # (a title's first letters stand on one line, the rest of a wrapped one below)
        if others and all(k in text for k in others):
            continue
        cells = _header_cells(_stacked_words([_words(page_chars.on_line(member), settings.tables) for member in band]), keywords, settings.tables)
        if cells is not None:
            return band[0], cells
    return None


def _header_band(body: Sequence[Line], index: int, settings: Settings) -> list[Line]:
    """The lines around body[index] set in its style (bold, italic) that follow one another at
    no more than the block pitch: the lines a header row with wrapped titles stands on."""
    style = {(span.bold, span.italic) for span in body[index].spans if span.text.strip()}

    def same(line: Line) -> bool:
        return {(span.bold, span.italic) for span in line.spans if span.text.strip()} == style

    first = last = index
    while first > 0 and same(body[first - 1]) and close_lines(body[first - 1], body[first], settings.lines):
        first -= 1
    while last + 1 < len(body) and same(body[last + 1]) and close_lines(body[last], body[last + 1], settings.lines):
        last += 1
    return list(body[first : last + 1]) if len(style) == 1 else []


def _stacked_words(lines: Sequence[list[tuple[str, float, float]]]) -> list[tuple[str, float, float]]:
    """The words of a band of lines as one line, left to right: words of several lines whose
    extents overlap stand in one column and read as one word, top to bottom (a word cut after
    a hyphen joined to the rest below it)."""
    stacks: list[list] = []  # [x0, x1, [(line, text)]]
    for number, words in enumerate(lines):
        for text, x0, x1 in words:
            stacks.append([x0, x1, [(number, text)]])
    stacks.sort(key=lambda stack: stack[0])
    merged: list[list] = []
    for stack in stacks:
        if merged and stack[0] < merged[-1][1] and all(number != n for number, _ in stack[2] for n, _ in merged[-1][2]):
            merged[-1][1] = max(merged[-1][1], stack[1])
            merged[-1][2] += stack[2]
        else:
            merged.append(stack)
    result = []
    for x0, x1, parts in merged:
        text = ""
        for _, part in sorted(parts):
            text = text[:-1] + part if text.endswith(("-", SOFT_HYPHEN)) else (f"{text} {part}" if text else part)
        result.append((text, x0, x1))
    return result


def _header_bottom(layout: PageLayout, header: Line, cells: list[tuple[float, float]], settings: Settings) -> float:
    """Where the header row ends: below its titles' first line, and below the lines that go on
    with titles too long for their columns ('Thematic' | 'Area'): lines that follow at no more
    than the block pitch, set in the titles' style (bold, italic), of no more words than titles
    have, with no rule drawn between."""
    style = {(span.bold, span.italic) for span in header.spans if span.text.strip()}
    bottom, previous = header.bottom, header
    rules = [s.top for s in layout.page.segments if s.horizontal and s.x1 - s.x0 > cells[-1][0] - cells[0][1]]
    for line in (line for line in layout.body if line.baseline > header.baseline):
        if not close_lines(previous, line, settings.lines) or any(previous.baseline < y < line.top for y in rules):
            break
        spans = [span for span in line.spans if span.text.strip()]
        if len(style) != 1 or {(span.bold, span.italic) for span in spans} != style or len(line.text.split()) > len(cells) * settings.tables.header_max_words:
            break
        bottom, previous = line.bottom, line
    return bottom


def _boundaries(layout: PageLayout, header: Line, cells: list[tuple[float, float]], settings: Settings) -> tuple[float, ...]:
    """Column edges: rules between the header cells where drawn, else the white river."""
    tables = settings.tables
    page = layout.page
    reach, slack = tables.rule_reach, tables.rule_slack
    verticals = sorted({round(s.x0, 1) for s in page.segments if s.vertical and s.top <= header.bottom + reach and s.bottom >= header.top - reach})
    if not tables.column_rules:
        verticals = []  # the alternative reading by the white river alone
    below: list[tuple[float, float]] | None = None  # the glyphs' spans below the header, above the footnotes, when a river is needed
    edges: list[float] = []
    for (_, left_end), (right_start, _) in zip(cells, cells[1:]):
        rule = [x for x in verticals if left_end - slack <= x <= right_start + slack]
        if rule:
            edges.append(rule[-1])
            continue
        if below is None:
            foot = min((line.top for line in layout.footnotes), default=math.inf)
            below = [(c.x0, c.x1) for c in layout.chars if header.bottom < c.top < foot and not c.text.isspace()]
        edges.append(_river(below, left_end, right_start, header.size, tables))
    first_rule = [x for x in verticals if x <= cells[0][0] + slack]
    left = first_rule[-1] if first_rule else cells[0][0] - tables.borderless_margin * header.size
    last_rule = [x for x in verticals if x >= cells[-1][1] - slack]
    right = last_rule[-1] if last_rule else page.width
    return (left, *edges, right)


def _river(spans: Sequence[tuple[float, float]], start: float, end: float, size: float, settings: TableSettings) -> float:
    """A column edge between two header titles that end at `start` and start at `end`.

    The river is the widest x-interval in [start, end] that the fewest glyphs below
    the header cover (none, in a table alone; a paragraph or a score line below the
    table on the same page covers it once: a line's glyphs do not overlap, so the
    glyphs covering an x count the lines that do). The edge stands near the
    river's right side, just left of where the next column's text starts: a
    column's text is ragged on the right, so a later page may bring text further
    right than the lines on this page reach.
    """
    if end <= start:
        return end - settings.river_fallback
    events: list[tuple[float, int]] = [(start, 0), (end, 0)]
    for x0, x1 in spans:
        if x1 > start and x0 < end:
            events += [(max(x0, start), 1), (min(x1, end), -1)]
    events.sort()
    covering, cursor, best = 0, start, None  # best: (-coverage, width, a, b)
    for x, step in events:
        if x > cursor:
            candidate = (-covering, x - cursor, cursor, x)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        covering += step
        cursor = max(cursor, x)
    _, width, a, b = best
    return b - min(settings.edge_inset * size, width / 2)


def _crosses(chars: Sequence[Char], boundaries: tuple[float, ...], settings: TableSettings) -> bool:
    """True when text runs on across a column edge: a glyph straddles it, or the last glyph
    left of it (in x0 order) and the first right of it are closer than a cell gap; and the
    line has no column gap (a gap wider than `column_gap`) near the edge, which would show
    two cells' texts, the edge being only a little off."""
    ordered = sorted(chars, key=_X0)
    x0s, x1s = list(map(_X0, ordered)), list(map(_X1, ordered))
    for edge in boundaries[1:-1]:
        low, high = repeat(edge - settings.edge_straddle), repeat(edge + settings.edge_straddle)
        runs_on = any(map(and_, map(lt, x0s, low), map(gt, x1s, high)))
        if not runs_on:
            ends_left = list(map(le, x1s, high))
            starts_right = list(map(ge, x0s, low))
            if True in ends_left and True in starts_right:
                last_left = len(ends_left) - 1 - ends_left[::-1].index(True)
                first_right = starts_right.index(True)
                runs_on = x0s[first_right] - x1s[last_left] < settings.cell_gap * ordered[last_left].size
        if runs_on and not _column_gap_near(ordered, edge, settings):
            return True
    return False


def _column_gap_near(ordered: Sequence[Char], edge: float, settings: TableSettings) -> bool:
    """True when the visible glyphs leave a gap wider than a column gap within the window
    around `edge`."""
    shown = [c for c in ordered if not c.text.isspace()]
    for left, right in zip(shown, shown[1:]):
        window = settings.edge_window * left.size
        if right.x0 - left.x1 > settings.column_gap * left.size and left.x1 < edge + window and right.x0 > edge - window:
            return True
    return False


def _table_page(
    layout: PageLayout, kind: TableKind, boundaries: tuple[float, ...], start_below: float | None, size: float, settings: Settings
) -> tuple[TablePage | None, bool]:
    """The table on this page below `start_below`; the flag says the table ended here. `size`
    is the table's text size on the pages before (0 on its first page)."""
    tables = settings.tables
    lines = [line for line in layout.body if start_below is None or line.top > start_below]
    floor = _grid_bottom(layout, boundaries, start_below, tables)
    table_lines: list[Line] = []
    largest = size
    page_chars = CharsByBaseline(layout.chars, settings.lines, layout.numbers)
    ended = False
    for line in lines:
        larger = largest and line.size > tables.heading_size * largest
        outside = line.x0 < boundaries[0] - tables.left_slack * line.size or (floor is not None and line.top > floor)
        if larger or outside or is_score_line(line.plain_text) or _crosses(page_chars.on_line(line), boundaries, tables):
            ended = True  # a heading, a score line or a paragraph below the table, or a line below its ruled grid
            break
        table_lines.append(line)
        largest = max(largest, line.size)
    if not table_lines:
        return None, True
    top = table_lines[0].top - tables.top_slack if start_below is None else start_below
    bottom = table_lines[-1].bottom + tables.bottom_slack
    chars = layout.chars if isinstance(layout.chars, (list, tuple)) else tuple(layout.chars)
    numbers = layout.numbers if layout.numbers is not None else glyph_numbers(chars)
    tops = numbers[:, TOP]
    region = (top <= tops) & (numbers[:, BOTTOM] <= bottom + tables.region_slack) & (tops < bottom)
    columns = [
        tuple(build_lines(list(map(chars.__getitem__, inside.tolist())), layout.page.number, settings.lines, numbers[inside]))
        for inside in _column_indices(numbers, region, boundaries)
    ]
    # horizontal rules, and the top and bottom edges of filled cells (a fill shows a cell's
    # extent as well as a rule does)
    def inside(y: float, x0: float, x1: float) -> bool:
        return top - tables.rule_band <= y <= bottom + tables.rule_band and x1 - x0 > tables.rule_min_length * largest

    strokes = tuple(sorted({(s.top, s.x0, s.x1) for s in layout.page.segments if s.horizontal and inside(s.top, s.x0, s.x1)}))
    fills = tuple(sorted({
        (r.top, r.bottom, r.x0, r.x1) for r in layout.page.rects
        if r.fill and r.bottom >= top - tables.rule_band and r.top <= bottom + tables.rule_band and r.x1 - r.x0 > tables.rule_min_length * largest
    }))  # fmt: skip
    rules = tuple(sorted({*strokes, *((y, x0, x1) for t, b, x0, x1 in fills for y in (t, b) if inside(y, x0, x1))}))
    if not tables.rules:
        rules, strokes, fills = (), (), ()  # the alternative reading of the page without its rules
    page = TablePage(layout.page.number, kind, boundaries, tuple(columns), rules, top, bottom, start_below is not None, strokes, fills)
    return page, ended


def _grid_bottom(layout: PageLayout, boundaries: tuple[float, ...], start_below: float | None, settings: TableSettings) -> float | None:
    """Where the table's ruled grid stops on this page: the lowest end of the vertical rules
    drawn at its interior column edges (None when they are not drawn). Text below it is not
    the table's (a box of score lines under a scorecard, say)."""
    edges = boundaries[1:-1]
    ends = [
        s.bottom
        for s in layout.page.segments
        if s.vertical and any(abs(s.x0 - edge) <= settings.rule_slack for edge in edges) and (start_below is None or s.bottom > start_below)
    ]
    return max(ends) + settings.rule_reach if ends else None


def _columns_of(chars: Sequence[Char], boundaries: tuple[float, ...]) -> list[list[Char]]:
    """The glyphs of each column, by the x of their centre (a column includes its left edge)."""
    centres = map(truediv, map(add, map(_X0, chars), map(_X1, chars)), repeat(2))
    edges = list(map(bisect_right, repeat(boundaries), centres))  # k: between edges k - 1 and k
    return [list(compress(chars, map(eq, edges, repeat(k)))) for k in range(1, len(boundaries))]


def _column_indices(numbers: np.ndarray, region: np.ndarray, boundaries: tuple[float, ...]) -> list[np.ndarray]:
    """The glyphs of each column (their indices; of those in `region`, `numbers` the page's
    `glyph_numbers`), by the x of their centre (a column includes its left edge)."""
    centres = (numbers[:, X0] + numbers[:, X1]) / 2
    edges = np.searchsorted(np.asarray(boundaries, dtype=float), centres, side="right")  # k: between edges k - 1 and k
    return [np.flatnonzero(region & (edges == k)) for k in range(1, len(boundaries))]


