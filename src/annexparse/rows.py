"""Stage 4 (rows): the detailed table's pages cut into row fragments, and the fragments
stitched across pages into logical rows, each with its thematic area.

On one page, a row starts where a new block of text begins in an anchor
column (the indicator or the assessment). A fragment at the top of a page
continues the previous page's last row when text stands above the first row
start, or when it does not open the way a row opens: a row opens with an
indicator text and an assessment that starts with a rating (bold, or one of
the rating words). An assessment that starts with a change word, an
indicator that starts in lower case, or an empty indicator or assessment cell
means the row was cut by the page break.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .geometry import close_lines, column_blocks
from .models import Cell, Column, Line, RowFragment, StitchedRow, Table, TablePage
from .settings import DEFAULT, Settings

RATING_START = re.compile(r"^\s*(very\s+)?(strong|fair|weak|very)\b", re.IGNORECASE)
CHANGE_WORD = re.compile(r"^\s*(increase|decrease|unchanged|same|no change|improved|declined)\b", re.IGNORECASE)
ANCHORS = (Column.INDICATOR, Column.ASSESSMENT)  # a new block in one of these starts a row


def stitch(table: Table, settings: Settings = DEFAULT) -> list[StitchedRow]:
    """All logical rows of the detailed table, in printed order, with their thematic areas.

    Args:
        table: the detailed table, from the tables stage.
        settings: the thresholds (`settings.tables`, `settings.lines`).
    """
    rows: list[list[RowFragment]] = []
    for table_page in table.pages:
        for position, fragment in enumerate(split_rows(table_page, settings)):
            continues = rows and (fragment.continues_previous or (position == 0 and not _opens_row(fragment)))
            if continues:
                rows[-1].append(fragment)
            elif fragment.continues_previous and not rows:
                continue  # text above the first row of the table: nothing to attach it to
            else:
                rows.append([fragment])
    areas = _thematic_areas(rows, settings)
    return [StitchedRow(tuple(fragments), area) for fragments, area in zip(rows, areas)]


def split_rows(table_page: TablePage, settings: Settings = DEFAULT) -> list[RowFragment]:
    """Cut one page of a table into row fragments.

    The first fragment has `continues_previous=True` when text stands above
    the first row start (the rest of the previous page's last row).
    """
    tolerance = settings.tables.row_tolerance
    starts: list[tuple[float, float]] = []  # (top, size)
    for column in ANCHORS:
        for block in column_blocks(table_page, column, settings.lines, settings.tables):
            starts.append((block[0].top, block[0].size))
    starts.sort()
    tops: list[float] = []
    for top, size in starts:
        if not tops or top - tops[-1] > tolerance * size:
            tops.append(top)
    bounds = [-math.inf, *tops]
    fragments: list[RowFragment] = []
    for k, top in enumerate(bounds):
        bottom = bounds[k + 1] if k + 1 < len(bounds) else math.inf
        cells = tuple(Cell(tuple(line for line in column if _row_of(line, bounds, tolerance) == k)) for column in table_page.columns)
        if k == 0 and all(cell.empty for cell in cells):
            continue
        fragments.append(
            RowFragment(
                page=table_page.page,
                kind=table_page.kind,
                top=max(top, table_page.top),
                bottom=min(bottom, table_page.bottom),
                cells=cells,
                continues_previous=(k == 0),
            )
        )
    return fragments


def _row_of(line: Line, bounds: list[float], tolerance: float) -> int:
    slack = tolerance * line.size
    row = 0
    for k, top in enumerate(bounds):
        if line.top + slack >= top:
            row = k
    return row


def _opens_row(fragment: RowFragment) -> bool:
    indicator = fragment.cell(Column.INDICATOR).lines
    assessment = fragment.cell(Column.ASSESSMENT).lines
    if not indicator or not assessment:
        return False
    first_text = indicator[0].plain_text.lstrip()
    if first_text[:1].islower():
        return False
    head = assessment[0]
    if CHANGE_WORD.match(head.plain_text):
        return False
    starts_bold = bool(head.spans) and head.spans[0].bold
    return starts_bold or bool(RATING_START.match(head.plain_text))


def _thematic_areas(rows: Sequence[Sequence[RowFragment]], settings: Settings) -> list[str]:
    """The thematic area of every row, from the spanning first column.

    A block of text in the first column that starts inside a row opens a new
    area for that row and the ones after it. A line that follows the previous
    one at line pitch belongs to the current area's name, and so does the text
    at the top of a page that goes on with a name the page break cut: the row
    goes on from the previous page, and its part there ends with the name's
    first lines. When the row's part on the previous page has no text in the
    first column, the text on the new page is a new area's name, pushed over
    the page break.
    """
    areas: list[str] = []
    name: list[str] = []
    previous: Line | None = None
    for fragments in rows:
        for position, fragment in enumerate(fragments):
            for line in fragment.cell(Column.THEMATIC).lines:
                same_block = previous is not None and close_lines(previous, line, settings.lines)
                name_cut = position > 0 and not fragments[position - 1].cell(Column.THEMATIC).empty
                if not same_block and not name_cut and (position == 0 or line is fragment.cell(Column.THEMATIC).lines[0]):
                    name = []
                name.append(line.plain_text.strip())
                previous = line
        areas.append(" ".join(part for part in name if part))
    return areas
